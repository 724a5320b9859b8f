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

    /// The problems of one lesson's steps.
    public static func check(_ lesson: Lesson) -> [Problem] {
        var problems: [Problem] = []
        var taskIds: [String: Int] = [:]
        for (index, step) in lesson.steps.enumerated() {
            for block in step.blocks + step.after {
                switch block {
                case let .show(code):
                    for command in code.commands where !(command.hasPrefix(":show ") || command.hasPrefix(":plot ")) {
                        problems.append(Problem(lesson.file, code.line, "only :show and :plot can run in a lesson block, not '\(command)'"))
                    }
                case let .setup(code):
                    if !code.commands.isEmpty { problems.append(Problem(lesson.file, code.line, "a setup block shows nothing: move '\(code.commands[0])' to an attn block")) }
                case .prose: break
                }
            }
            let workspace: Interpreter
            do { workspace = try Workspace.build(lesson, step: index) } catch {
                problems.append(error)
                continue
            }
            problems += pictures(step.blocks, lesson, workspace)
            defer {
                // What follows the task runs once it is answered: its code and pictures must work too.
                if !step.after.isEmpty {
                    do {
                        let done = try Workspace.build(lesson, step: index)
                        try Workspace.save(step, of: lesson, in: done)
                        try Workspace.conclude(step, of: lesson, in: done)
                        problems += pictures(step.after, lesson, done)
                    } catch { problems.append(error) }
                }
            }
            guard let task = step.task else { continue }
            if let first = taskIds[task.id] {
                problems.append(Problem(lesson.file, step.line, "task id '\(task.id)' is used twice (first at line \(first))"))
            }
            taskIds[task.id] = step.line
            switch task {
            case let .exercise(e): problems += check(e, index, lesson)
            case let .question(q): problems += check(q, workspace, lesson)
            }
        }
        return problems
    }

    /// The expressions of a step's `:show`/`:plot` lines must evaluate (options such as `--heat` aside).
    static func pictures(_ blocks: [Block], _ lesson: Lesson, _ workspace: Interpreter) -> [Problem] {
        var problems: [Problem] = []
        for case let .show(code) in blocks {
            for command in code.commands {
                var words = command.split(separator: " ").dropFirst().map(String.init)
                var k = 0
                while k < words.count {
                    if words[k].hasPrefix("--") {
                        let takesValue = words[k] == "--precision"
                        words.removeSubrange(k..<min(words.count, k + (takesValue ? 2 : 1)))
                    } else { k += 1 }
                }
                let expression = words.joined(separator: " ")
                guard !expression.isEmpty else {
                    problems.append(Problem(lesson.file, code.line, "'\(command)' needs something to show"))
                    continue
                }
                do {
                    _ = try workspace.evaluate(try Parser.parseExpression(expression), source: expression)
                } catch {
                    problems.append(Problem(lesson.file, code.line, "'\(command)' fails: \(error.kind.rawValue): \(error.message)"))
                }
            }
        }
        return problems
    }

    static func check(_ e: Exercise, _ index: Int, _ lesson: Lesson) -> [Problem] {
        var problems: [Problem] = []
        if e.hints.isEmpty { problems.append(Problem(lesson.file, e.line, "exercise '\(e.id)' has no hint")) }
        let check: Check
        do { check = try Check.forStep(lesson, step: index) } catch { return problems + [error] }
        guard let fresh = try? Workspace.build(lesson, step: index) else { return problems }
        let own = check.grade(e.solution, in: fresh)
        if !own.correct {
            problems.append(Problem(lesson.file, e.line, "the solution '\(e.solution)' does not pass its own exercise: \(own.message)"))
        }
        for (k, w) in e.wrong.enumerated() {
            guard let learner = try? Workspace.build(lesson, step: index) else { continue }
            let v = check.grade(w.answer, in: learner)
            if v.correct {
                problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' is accepted as right"))
            } else if v.message != w.message {
                let earlier = e.wrong[..<k].first { $0.message == v.message }
                problems.append(Problem(lesson.file, w.line, earlier.map { "the wrong answer '\(w.answer)' is caught by the earlier one '\($0.answer)' (line \($0.line)): they have the same value" }
                    ?? "the wrong answer '\(w.answer)' does not get its own message (got: \(v.message))"))
            }
        }
        return problems
    }

    static func check(_ q: Question, _ workspace: Interpreter, _ lesson: Lesson) -> [Problem] {
        var problems: [Problem] = []
        if q.hints.isEmpty { problems.append(Problem(lesson.file, q.line, "question '\(q.id)' has no hint")) }
        let own = q.grade(q.answer, in: workspace)
        if !own.correct { problems.append(Problem(lesson.file, q.line, "the answer '\(q.answer)' does not pass its own question: \(own.message)")) }
        for w in q.wrong {
            let v = q.grade(w.answer, in: workspace)
            if v.correct { problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' is accepted as right")) }
            else if v.message != w.message { problems.append(Problem(lesson.file, w.line, "the wrong answer '\(w.answer)' does not get its own message (got: \(v.message))")) }
        }
        return problems
    }
}
