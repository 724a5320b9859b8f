import Language
import Tensors

/// What `attn-tutor check` finds in one lesson file.
public struct CheckReport: Sendable {
    public var id: String
    public var file: String
    public var steps: Int
    public var exercises: Int
    public var problems: [Problem]

    public init(id: String, file: String, steps: Int, exercises: Int, problems: [Problem]) {
        self.id = id
        self.file = file
        self.steps = steps
        self.exercises = exercises
        self.problems = problems
    }
}

/// Replays lessons the way a learner would meet them and reports every problem with
/// `file:line:`: every block runs, every solution passes its own check, every known
/// wrong answer fails with its own message, hints exist, ids are unique.
public enum LessonChecker {
    /// `otherIds`: lessons not being checked that `next:` may name (those beside a checked file).
    public static func check(_ lessons: [Lesson], parseProblems: [Problem] = [], otherIds: Set<String> = []) -> [CheckReport] {
        var reports: [CheckReport] = []
        var seenIds: [String: String] = [:]
        let known = Set(lessons.map(\.id)).union(otherIds)
        for lesson in lessons {
            var problems = parseProblems.filter { $0.file == lesson.file }
            if let other = seenIds[lesson.id] {
                problems.append(Problem(lesson.file, 1, "lesson id '\(lesson.id)' is also used by \(other)"))
            }
            seenIds[lesson.id] = lesson.file
            if let next = lesson.next, !known.contains(next) {
                problems.append(Problem(lesson.file, 1, "next: '\(next)' is not a lesson id"))
            }
            for p in check(lesson) where !problems.contains(p) { problems.append(p) }
            reports.append(CheckReport(id: lesson.id, file: lesson.file, steps: lesson.steps.count,
                                       exercises: lesson.exerciseCount, problems: problems))
        }
        return reports
    }

    /// The problems of one lesson's steps, found by walking it the way a learner would:
    /// each step entered, each known wrong answer typed (in a fresh copy of the step),
    /// then the solution. `workspaces` can be passed in to see how much was replayed.
    public static func check(_ lesson: Lesson, workspaces: LessonWorkspaces? = nil) -> [Problem] {
        var problems: [Problem] = []
        var taskIds: [String: Int] = [:]
        let walker = LessonWalker(lesson, workspaces: workspaces ?? LessonWorkspaces(lesson))
        func add(_ found: [Piece]) {
            for piece in found { if let p = piece.problem(in: lesson), !problems.contains(p) { problems.append(p) } }
        }
        for (index, step) in lesson.steps.enumerated() {
            for case let .setup(code) in step.blocks + step.after {
                if let first = code.pictures.first {
                    let text: String
                    switch first { case let .success(p): text = p.text; case let .failure(r): text = r.text }
                    problems.append(Problem(lesson.file, code.line, "a setup block shows nothing: move '\(text)' to an attn block"))
                }
            }
            let entered: LessonWalker.Entered
            do throws(Problem) { entered = try walker.enter(index) } catch {
                problems.append(error)
                continue
            }
            add(entered.pieces)
            guard let task = step.task else { continue }
            if let first = taskIds[task.id] {
                problems.append(Problem(lesson.file, step.line, "task id '\(task.id)' is used twice (first at line \(first))"))
            }
            taskIds[task.id] = step.line
            switch task {
            case let .exercise(e): problems += check(e, walker)
            case let .question(q): problems += check(q, walker)
            }
            // What follows the task runs once it is answered: its code and pictures must work too.
            do throws(Problem) {
                _ = try walker.enter(index)
                if let completion = try walker.skip() { add(completion.pieces) }
            } catch { problems.append(error) }
        }
        return problems
    }

    /// Types `answer` into a fresh visit of the walker's current step; the verdict.
    static func typed(_ answer: String, _ walker: LessonWalker) throws(Problem) -> Verdict? {
        try walker.enter(walker.index, clean: true)
        guard case let .judged(verdict, _, _) = try walker.respond(answer, strict: true) else { return nil }
        return verdict
    }

    static func check(_ e: Exercise, _ walker: LessonWalker) -> [Problem] {
        let lesson = walker.lesson
        var problems: [Problem] = []
        if e.hints.isEmpty { problems.append(Problem(lesson.file, e.line, "exercise '\(e.id)' has no hint")) }
        do throws(Problem) {
            _ = try walker.check()
            if let own = try typed(e.solution, walker), !own.correct {
                problems.append(Problem(lesson.file, e.line, "the solution '\(e.solution)' does not pass its own exercise: \(own.message)"))
            }
            for (k, w) in e.wrong.enumerated() {
                guard let v = try typed(w.answer, walker) else { continue }
                if v.correct {
                    problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' is accepted as right"))
                } else if v.message != w.message {
                    let earlier = e.wrong[..<k].first { $0.message == v.message }
                    problems.append(Problem(lesson.file, w.line, earlier.map { "the wrong answer '\(w.answer)' is caught by the earlier one '\($0.answer)' (line \($0.line)): they have the same value" }
                        ?? "the wrong answer '\(w.answer)' does not get its own message (got: \(v.message))"))
                } else if let earlier = try walker.check().earlierWrong(sameValueAs: k) {
                    // Typed as written it gets its own message, but any other form of that value gets the earlier one's.
                    problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' is caught by the earlier one '\(earlier.answer)' (line \(earlier.line)): they have the same value"))
                }
            }
        } catch { problems.append(error) }
        return problems
    }

    static func check(_ q: Question, _ walker: LessonWalker) -> [Problem] {
        let lesson = walker.lesson
        var problems: [Problem] = []
        if q.hints.isEmpty { problems.append(Problem(lesson.file, q.line, "question '\(q.id)' has no hint")) }
        do throws(Problem) {
            if let own = try typed(q.answer, walker), !own.correct {
                problems.append(Problem(lesson.file, q.line, "the answer '\(q.answer)' does not pass its own question: \(own.message)"))
            }
            for w in q.wrong {
                guard let v = try typed(w.answer, walker) else { continue }
                if v.correct { problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' is accepted as right")) }
                else if v.message != w.message { problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' does not get its own message (got: \(v.message))")) }
            }
        } catch { problems.append(error) }
        return problems
    }
}
