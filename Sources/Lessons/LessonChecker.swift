import Language
import Tensors

/// What `attn-tutor check` finds in one lesson file.
public struct CheckReport: Sendable {
    public var id: String
    public var file: String
    public var steps: Int
    public var exercises: Int
    public var problems: [Problem]
    /// Set when the lesson's own steps wait for something missing here, so were not replayed.
    public var unmet: Unmet?

    public init(id: String, file: String, steps: Int, exercises: Int, problems: [Problem], unmet: Unmet? = nil) {
        self.id = id
        self.file = file
        self.steps = steps
        self.exercises = exercises
        self.problems = problems
        self.unmet = unmet
    }

    /// `real-model: 12 steps, 11 exercises, 0 problems`, with what was not replayed, if anything.
    public var summary: String {
        let errors = problems.filter { !$0.isWarning }.count, warnings = problems.count - errors
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        var line = "\(id.isEmpty ? file : id): \(count(steps, "step")), \(count(exercises, "exercise")), \(count(errors, "problem"))"
        if warnings > 0 { line += ", " + count(warnings, "warning") }
        if let unmet {
            line += "; its own \(count(unmet.steps, "step")) and \(count(unmet.exercises, "exercise")) were not replayed: they need the "
                + (unmet.requirement == "model" ? "pretrained model (attn-tutor model install)" : unmet.requirement)
        }
        return line
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
                problems.append(Problem(lesson.file, lesson.lines["next"] ?? 1, "next: '\(next)' is not a lesson the tutor can open: not a built-in lesson, nor one in the folders checked or named with --lessons (a course folder's lessons are found when the folder is named)"))
            }
            for p in checkAll(lesson) where !problems.contains(p) { problems.append(p) }
            reports.append(CheckReport(id: lesson.id, file: lesson.file, steps: lesson.steps.count,
                                       exercises: lesson.exerciseCount, problems: problems, unmet: lesson.unmet))
        }
        return reports
    }

    /// The problems of one lesson's steps, found by walking it the way a learner would:
    /// each step entered, each known wrong answer typed (in a fresh copy of the step),
    /// then the solution. `workspaces` can be passed in to see how much was replayed.
    public static func check(_ lesson: Lesson, workspaces: LessonWorkspaces? = nil) -> [Problem] {
        walk(lesson, workspaces: workspaces).problems
    }

    /// The problems, and the first failure of the lesson's own code (which hides the steps after it).
    static func walk(_ lesson: Lesson, workspaces: LessonWorkspaces?) -> (problems: [Problem], firstFailure: Problem?) {
        var problems: [Problem] = []
        var firstFailure: Problem?
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
                if firstFailure == nil { firstFailure = error }
                if !problems.contains(error) { problems.append(error) }
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
        return (problems, firstFailure)
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
            let made = try walker.check()
            let solutionLine = e.lines["solution"] ?? e.line
            // One name per axis; a single number may carry one name for what it is.
            if let dims = e.dims, dims.count != made.expected.shape.count, !(made.expected.shape.isEmpty && dims.count == 1),
               let line = e.lines["dims"] {
                problems.append(Problem(lesson.file, line, "dims: names \(dims.count) ax\(dims.count == 1 ? "is" : "es"), but the answer has \(made.expected.shape.count) (\(Shape.words(made.expected.shape)))"))
            }
            if let accept = e.accept, let line = e.lines["accept"] {
                do throws(LanguageError) {
                    if try !Check.holds(accept, answer: made.expected, in: made.clean) {
                        problems.append(Problem(lesson.file, line, "the solution '\(e.solution)' does not satisfy accept: \(accept)"))
                    }
                } catch { problems.append(Problem(lesson.file, line, "accept: '\(accept)' fails: \(error.message)")) }
            }
            if let own = try typed(e.solution, walker), !own.correct {
                problems.append(Problem(lesson.file, solutionLine, "the solution '\(e.solution)' does not pass its own exercise: \(own.message)"))
            }
            for (k, w) in e.wrong.enumerated() {
                // A wrong answer naming nothing the workspace has matches only itself: a typo in the lesson.
                if let expr = try? Parser.parseExpression(w.answer), case let .failure(error) = Result(catching: { () throws(LanguageError) in try made.clean.evaluate(expr, source: w.answer) }),
                   error.kind == .name {
                    problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' fails: \(error.message) — a learner could only type it by mistake"))
                    continue
                }
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
