#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A class's progress files side by side: one row per learner and step (for a CSV), and
/// per exercise how the class did — solved share, median attempts, the mistakes named.
public struct ClassReport: Sendable {
    public struct Learner: Sendable {
        /// The stored name, else the file's name without its extension.
        public var name: String
        public var file: String
        public var progress: Progress

        public init(name: String, file: String, progress: Progress) {
            self.name = name
            self.file = file
            self.progress = progress
        }
    }

    public struct Row: Sendable, Equatable {
        public var learner: String
        public var lesson: String
        public var step: String
        public var status: String
        public var attempts: Int
        public var hints: Int
    }

    /// How one exercise went across the class.
    public struct ExerciseSummary: Sendable, Equatable {
        public var lesson: String
        public var step: String
        /// Learners with a record of this step (they reached it).
        public var reached: Int
        public var solved: Int
        public var skipped: Int
        /// The median number of judged answers of those who solved it (nil when no one did).
        public var medianAttempts: Double?
        /// Mistake codes, most common first.
        public var mistakes: [(code: String, count: Int)]

        public static func == (a: ExerciseSummary, b: ExerciseSummary) -> Bool {
            (a.lesson, a.step, a.reached, a.solved, a.skipped, a.medianAttempts) == (b.lesson, b.step, b.reached, b.solved, b.skipped, b.medianAttempts)
                && a.mistakes.map(\.code) == b.mistakes.map(\.code) && a.mistakes.map(\.count) == b.mistakes.map(\.count)
        }
    }

    public var learners: [Learner]
    /// A lesson's step ids in order, and which of them hold a task, when the lesson is known.
    public var lessonSteps: @Sendable (String) -> [(id: String, task: Bool)]?

    public init(learners: [Learner], lessonSteps: @escaping @Sendable (String) -> [(id: String, task: Bool)]? = { _ in nil }) {
        self.learners = learners
        self.lessonSteps = lessonSteps
    }

    /// The learner's name for a progress file: the stored one, else the file's name
    /// without its extension (`ada.json` → `ada`).
    public static func learnerName(file: String, progress: Progress) -> String {
        if let name = progress.name?.trimmedString, !name.isEmpty { return name }
        var base = file.split(separator: "/").last.map(String.init) ?? file
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        return base
    }

    /// Lesson ids in the order first met across the class.
    var lessonIds: [String] {
        var seen: [String] = []
        for l in learners {
            for e in l.progress.lessons.values.sorted(by: { $0.id < $1.id }) where !seen.contains(e.id) { seen.append(e.id) }
        }
        return seen
    }

    /// A lesson's step ids: the lesson's own order when known, then any others as recorded.
    func stepIds(_ lesson: String) -> [String] {
        var ids = lessonSteps(lesson)?.map(\.id) ?? []
        for l in learners {
            for e in l.progress.lessons.values where e.id == lesson {
                for r in e.steps where !ids.contains(r.id) { ids.append(r.id) }
            }
        }
        return ids
    }

    /// Every recorded step of every learner, by learner, then lesson, then step order.
    public var rows: [Row] {
        var rows: [Row] = []
        for learner in learners {
            for lesson in lessonIds {
                let entries = learner.progress.lessons.values.filter { $0.id == lesson }
                for step in stepIds(lesson) {
                    for e in entries {
                        guard let r = e.record(step) else { continue }
                        rows.append(Row(learner: learner.name, lesson: lesson, step: step, status: r.status.rawValue,
                                        attempts: r.attempts, hints: r.hints))
                    }
                }
            }
        }
        return rows
    }

    /// `learner,lesson,step,status,attempts,hints`, one line per row.
    public var csv: String {
        var out = "learner,lesson,step,status,attempts,hints\n"
        for r in rows {
            out += [r.learner, r.lesson, r.step, r.status].map(ClassReport.csvField).joined(separator: ",")
                + ",\(r.attempts),\(r.hints)\n"
        }
        return out
    }

    /// A CSV field: quoted when it holds a comma, quote or line break; a leading `=`, `+`,
    /// `-` or `@` is prefixed with `'` so a spreadsheet does not run a learner's name as a formula.
    static func csvField(_ s: String) -> String {
        var s = s
        if let f = s.first, "=+-@\t\r".contains(f) { s = "'" + s }
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacing("\"", with: "\"\"") + "\""
    }

    /// Per exercise (a step with a task, or where anyone answered): how the class did.
    public var exercises: [ExerciseSummary] {
        var out: [ExerciseSummary] = []
        for lesson in lessonIds {
            let tasks = lessonSteps(lesson).map { Set($0.filter(\.task).map(\.id)) }
            for step in stepIds(lesson) {
                let records = learners.compactMap { l in l.progress.lessons.values.first { $0.id == lesson && $0.record(step) != nil }?.record(step) }
                let isTask = tasks?.contains(step) ?? records.contains { $0.done || $0.attempts > 0 }
                guard isTask, !records.isEmpty else { continue }
                let solved = records.filter { $0.status == .solved }
                var mistakes: [String: Int] = [:]
                for r in records { for (code, n) in r.mistakes { mistakes[code, default: 0] += n } }
                out.append(ExerciseSummary(
                    lesson: lesson, step: step, reached: records.count, solved: solved.count,
                    skipped: records.filter { $0.status == .skipped }.count,
                    medianAttempts: ClassReport.median(solved.map { Double($0.attempts) }),
                    mistakes: mistakes.map { ($0.key, $0.value) }.sorted { ($1.count, $0.code) < ($0.count, $1.code) }))
            }
        }
        return out
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}
