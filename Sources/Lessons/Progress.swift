#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where each lesson stands, and how each step went: what a learner resumes from and
/// what a teacher reads (`attn-tutor progress --json`, `attn-tutor report`).
///
/// Lessons are kept by id *and* source, so a lesson file of someone else's that claims
/// an installed lesson's id never touches that lesson's progress.
public struct Progress: Sendable, Equatable {
    /// What happened at one step.
    public struct StepRecord: Codable, Sendable, Equatable {
        public enum Status: String, Codable, Sendable, Comparable {
            case seen, skipped, solved
            /// Solved beats skipped beats seen: going back to a solved step does not undo it.
            public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
            var rank: Int { self == .seen ? 0 : self == .skipped ? 1 : 2 }
        }
        public var id: String
        public var status: Status = .seen
        /// Answers judged (right or wrong) before the task was done.
        public var attempts = 0
        /// Hints shown.
        public var hints = 0
        /// When the task was first answered right, ISO 8601 in UTC.
        public var firstSolved: String?
        /// Active time at this step, in seconds (long pauses count as ``Progress/idleCap``).
        public var seconds: Double = 0
        /// How often each mistake code was named (`transposed`, `author`, …; `other` when none was).
        public var mistakes: [String: Int] = [:]

        public init(id: String) { self.id = id }

        enum CodingKeys: String, CodingKey { case id, status, attempts, hints, firstSolved, seconds, mistakes }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            status = try c.decodeIfPresent(Status.self, forKey: .status) ?? .seen
            attempts = Progress.bounded(try c.decodeIfPresent(Int.self, forKey: .attempts))
            hints = Progress.bounded(try c.decodeIfPresent(Int.self, forKey: .hints))
            firstSolved = try c.decodeIfPresent(String.self, forKey: .firstSolved)
            let s = try c.decodeIfPresent(Double.self, forKey: .seconds) ?? 0
            seconds = s.isFinite ? min(max(0, s), 1e9) : 0
            mistakes = (try c.decodeIfPresent([String: Int].self, forKey: .mistakes) ?? [:]).mapValues { Progress.bounded($0) }
        }

        /// The task is behind the learner: solved or skipped.
        public var done: Bool { status != .seen }
    }

    /// One lesson's progress.
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        /// ``Lesson/builtIn`` for the installed lessons, else the folder the lesson file is in.
        public var source: String
        /// The content hash of the lesson version this was saved against.
        public var hash: String
        /// The id of the step the learner is at, and its index then.
        public var step: String
        public var stepIndex: Int
        public var finished: Bool
        /// Every step the learner has been to, in the order first met.
        public var steps: [StepRecord]

        public init(id: String, source: String) {
            self.id = id
            self.source = source
            hash = ""
            step = ""
            stepIndex = 0
            finished = false
            steps = []
        }

        enum CodingKeys: String, CodingKey { case id, source, hash, step, stepIndex, finished, steps }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(String.self, forKey: .id)
            source = try c.decodeIfPresent(String.self, forKey: .source) ?? Lesson.builtIn
            hash = try c.decodeIfPresent(String.self, forKey: .hash) ?? ""
            step = try c.decodeIfPresent(String.self, forKey: .step) ?? ""
            // A hand-edited index of 2⁶³−1 must not overflow where it is shown as "step N".
            stepIndex = Progress.bounded(try c.decodeIfPresent(Int.self, forKey: .stepIndex))
            finished = try c.decodeIfPresent(Bool.self, forKey: .finished) ?? false
            steps = try c.decodeIfPresent([StepRecord].self, forKey: .steps) ?? []
        }

        /// Ids of the steps whose task was answered (or skipped).
        public var done: [String] { steps.filter(\.done).map(\.id) }

        public func record(_ stepId: String) -> StepRecord? { steps.first { $0.id == stepId } }

        /// The record of `stepId`, created as `seen` if it is new.
        mutating func withRecord(_ stepId: String, _ change: (inout StepRecord) -> Void) {
            if let k = steps.firstIndex(where: { $0.id == stepId }) { change(&steps[k]); return }
            var r = StepRecord(id: stepId)
            change(&r)
            steps.append(r)
        }
    }

    public static let version = 2
    /// The longest pause counted as time spent at a step: a learner who walks away is not working.
    public static let idleCap: Double = 300

    /// The learner's name, as `attn-tutor progress --name` stored it (for a teacher's report).
    public var name: String?
    /// Keyed by ``key(id:source:)``.
    public var lessons: [String: Entry] = [:]
    /// The key of the lesson the learner was in last, offered again at the next start.
    public var last: String?
    /// Lesson entries of the file this was read from that could not be read (the store keeps that file aside).
    public internal(set) var unreadableEntries = 0

    public init() {}

    /// The installed lessons are keyed by their id alone (as the first release saved them);
    /// others by id and folder.
    public static func key(id: String, source: String) -> String {
        source == Lesson.builtIn ? id : id + "@" + source
    }

    public static func key(_ lesson: Lesson) -> String { key(id: lesson.id, source: lesson.source) }

    public func entry(_ lesson: Lesson) -> Entry? { lessons[Progress.key(lesson)] }

    public func entry(id: String, source: String) -> Entry? { lessons[Progress.key(id: id, source: source)] }

    /// Whether the task of `stepId` is behind the learner.
    public func isDone(_ lesson: Lesson, _ stepId: String) -> Bool { entry(lesson)?.record(stepId)?.done == true }

    /// Forgets one lesson (by id, of any source), or all of them (keeping the learner's name).
    public mutating func reset(_ id: String? = nil) {
        guard let id else { let n = name; self = Progress(); name = n; return }
        for (key, e) in lessons where e.id == id { lessons[key] = nil }
        if let last, lessons[last] == nil { self.last = nil }
    }

    /// Where the learner should resume `lesson`: the saved step if it still exists, else
    /// the nearest index (the lesson was edited), else the start.
    public func resumeIndex(_ lesson: Lesson) -> Int {
        guard let e = entry(lesson), !lesson.steps.isEmpty else { return 0 }
        if let i = lesson.steps.firstIndex(where: { $0.id == e.step }) { return i }
        return min(max(0, e.stepIndex), lesson.steps.count - 1)
    }

    /// Records that the learner is at step `index` of `lesson` (it is `seen`); `done`
    /// marks that step's task solved, `finished` the lesson.
    public mutating func record(_ lesson: Lesson, at index: Int, done stepId: String? = nil, finished: Bool = false) {
        guard !lesson.steps.isEmpty else { return }
        let at = min(max(0, index), lesson.steps.count - 1)
        change(lesson) { e in
            e.step = lesson.steps[at].id
            e.stepIndex = at
            e.withRecord(lesson.steps[at].id) { _ in }
            e.finished = e.finished || finished
        }
        if let stepId { solved(lesson, stepId) }
    }

    /// One judged answer at `stepId`; `mistake` is the code the grader named, if the answer was wrong.
    public mutating func attempt(_ lesson: Lesson, _ stepId: String, correct: Bool, mistake: String?) {
        change(lesson) { e in
            e.withRecord(stepId) { r in
                guard !r.done else { return }
                r.attempts = Progress.bounded(r.attempts + 1)
                if !correct { r.mistakes[mistake ?? "other", default: 0] = Progress.bounded(r.mistakes[mistake ?? "other", default: 0] + 1) }
            }
        }
    }

    /// A hint shown at `stepId`.
    public mutating func hint(_ lesson: Lesson, _ stepId: String) {
        change(lesson) { e in e.withRecord(stepId) { r in if !r.done { r.hints = Progress.bounded(r.hints + 1) } } }
    }

    /// The task of `stepId` answered right (the first time is remembered).
    public mutating func solved(_ lesson: Lesson, _ stepId: String, at date: Double = Progress.now()) {
        change(lesson) { e in
            e.withRecord(stepId) { r in
                r.status = max(r.status, .solved)
                if r.firstSolved == nil { r.firstSolved = Progress.iso8601(date) }
            }
        }
    }

    /// The task of `stepId` skipped (a solved step stays solved).
    public mutating func skipped(_ lesson: Lesson, _ stepId: String) {
        change(lesson) { e in e.withRecord(stepId) { r in r.status = max(r.status, .skipped) } }
    }

    /// Adds time spent at `stepId`.
    public mutating func spend(_ seconds: Double, _ lesson: Lesson, _ stepId: String) {
        guard seconds.isFinite, seconds > 0 else { return }
        change(lesson) { e in e.withRecord(stepId) { r in r.seconds = min(1e9, r.seconds + min(seconds, Progress.idleCap)) } }
    }

    mutating func change(_ lesson: Lesson, _ body: (inout Entry) -> Void) {
        let key = Progress.key(lesson)
        var e = lessons[key] ?? Entry(id: lesson.id, source: lesson.source)
        e.hash = String(lesson.contentHash, radix: 16)
        body(&e)
        lessons[key] = e
        last = key
    }

    /// Counts stay far from overflow whatever a file says.
    static func bounded(_ n: Int?) -> Int { min(max(0, n ?? 0), 1_000_000_000) }

    /// Seconds since 1970.
    public static func now() -> Double { Date().timeIntervalSince1970 }

    /// `2026-12-01T21:30:05Z`
    public static func iso8601(_ seconds: Double) -> String {
        let t = Int64(seconds.isFinite ? min(max(0, seconds), 32_503_680_000) : 0)
        // Days since 1970 to a civil date (Howard Hinnant's algorithm).
        let days = t / 86400, rest = t % 86400
        let z = days + 719_468
        let era = z / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(m))-\(two(d))T\(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60))Z"
    }
}

// The file holds the lessons as a list, each with its id and source — the same shape
// `attn-tutor progress --json` prints. Version 1 files (a map of id to position and
// done steps) are read too.
extension Progress: Codable {
    enum CodingKeys: String, CodingKey { case version, name, last, lessons }

    /// A lesson entry that may fail to decode without failing the whole file.
    struct Lenient<T: Decodable>: Decodable {
        var value: T?
        init(from decoder: any Decoder) throws { value = try? T(from: decoder) }
    }

    struct Version1: Decodable {
        var hash: String?
        var step: String?
        var stepIndex: Int?
        var done: [String]?
        var finished: Bool?
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let version = try c.decode(Int.self, forKey: .version)
        name = try c.decodeIfPresent(String.self, forKey: .name)
        last = try c.decodeIfPresent(String.self, forKey: .last)
        switch version {
        case 1:
            let old = try c.decodeIfPresent([String: Lenient<Version1>].self, forKey: .lessons) ?? [:]
            for (id, wrapped) in old {
                guard let v = wrapped.value else { unreadableEntries += 1; continue }
                var e = Entry(id: id, source: Lesson.builtIn)
                e.hash = v.hash ?? ""
                e.step = v.step ?? ""
                e.stepIndex = Progress.bounded(v.stepIndex)
                e.finished = v.finished ?? false
                // The first release did not tell skipped from solved.
                e.steps = (v.done ?? []).map { var r = StepRecord(id: $0); r.status = .solved; return r }
                lessons[id] = e
            }
        case Progress.version:
            for wrapped in try c.decodeIfPresent([Lenient<Entry>].self, forKey: .lessons) ?? [] {
                guard let e = wrapped.value else { unreadableEntries += 1; continue }
                lessons[Progress.key(id: e.id, source: e.source)] = e
            }
        default:
            throw DecodingError.dataCorruptedError(forKey: .version, in: c, debugDescription: "unknown version \(version)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(Progress.version, forKey: .version)
        try c.encodeIfPresent(name, forKey: .name)
        try c.encodeIfPresent(last, forKey: .last)
        try c.encode(lessons.values.sorted { ($0.id, $0.source) < ($1.id, $1.source) }, forKey: .lessons)
    }

    /// Parses a progress file's bytes; nil when it is not one.
    public static func decode(_ data: Data) -> Progress? {
        try? JSONDecoder().decode(Progress.self, from: data)
    }

    /// The file's text: pretty, with sorted keys, so a diff of two saves reads well.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}
