import Language
import Tensors

/// One learner's walk through one lesson, with no terminal in it: which step they are
/// at, where that step stands (``Phase``), and the workspace their answers run in.
///
/// Every way of meeting a lesson is a view over a walker: the REPL stepper renders what
/// it returns and saves progress, `attn-tutor run` feeds it each solution, `attn-tutor
/// check` feeds it solutions and known wrong answers and asserts on the verdicts, and
/// the handout writes the same pieces as a page. A new lesson directive is taught here once.
///
/// The walk, for a step with a task:
///
///     enter(k) ──▶ .waiting ──respond(right)──▶ .answered ──next()──▶ enter(k+1)
///                     │  ▲                           ▲
///                     │  └──respond(wrong): verdict  │
///                     └──────────skip()──────────────┴──▶ .skipped
///
/// A step without a task is `.reading` once entered; `next()` goes on at once. A step
/// whose task was done on an earlier visit (``doneBefore``) waits for an answer and
/// judges it exactly as the first time, but `next()` may also go on without one.
///
/// Workspaces come from ``LessonWorkspaces`` snapshots, so entering step k — in any
/// order, again and again — runs at most that step's own code.
public final class LessonWalker {
    /// Where the current step stands.
    public enum Phase: Sendable, Equatable {
        /// The step asks nothing (prose and code only): Enter goes on.
        case reading
        /// The step's task waits for an answer.
        case waiting
        /// The task was answered rightly in this visit.
        case answered
        /// The learner gave up on the task; its solution was filled in.
        case skipped
    }

    /// What entering a step shows.
    public struct Entered: Sendable {
        public var index: Int
        /// Prose, shown code with its values, pictures: the blocks before the task, in order.
        public var pieces: [Piece]
        /// The task was done on an earlier visit (so going on needs no new answer).
        public var doneBefore: Bool
    }

    /// What the walker makes of one input at a waiting task.
    public enum Response {
        /// Not an answer (no task waits, or the line is not one): run it as usual.
        case notAnAnswer
        /// A look at a value (`X`, `Q.shape`) that cannot be the answer: show `value`,
        /// then `note`, which says what the task asks for instead.
        case look(value: Value, note: String)
        /// The answer judged. `before` holds what the statements before the last one of
        /// a `a = 4; f(a)` line produced; `completed` is set when the verdict finished the task.
        case judged(Verdict, before: [Interpreter.Outcome], completed: Completion?)
    }

    /// What finishing a step's task (by a right answer or `:skip`) brings.
    public struct Completion: Sendable {
        /// The name the solution was saved under, if the exercise saves one.
        public var saved: String?
        /// The solution's value, for showing after a skip (nil for a question).
        public var solutionValue: Tensor?
        /// What the author wrote after the task.
        public var pieces: [Piece]
    }

    /// Where `next()` led.
    public enum Move {
        /// The task waits for an answer first.
        case blocked
        case entered(Entered)
        /// That was the last step.
        case finished
    }

    public let lesson: Lesson
    /// The snapshots every step's workspace is copied from; also what ``check`` uses.
    public let workspaces: LessonWorkspaces
    /// Where answers are evaluated: the REPL session's interpreter, or the walker's own.
    public let workspace: Interpreter
    /// Ids of the steps whose task was done before (from saved progress); grows as tasks are done.
    public private(set) var done: Set<String>

    public private(set) var index = 0
    public private(set) var phase: Phase = .reading
    /// Variables the lesson put in the workspace; the learner's others survive moving between steps.
    public private(set) var lessonNames: Set<String> = []
    private var checks: [Int: Result<Check, Problem>] = [:]

    /// A walk over `lesson` whose answers run in `workspace`; `done` lists the step ids
    /// whose tasks were finished before. `workspaces` shares snapshots already built.
    /// `lessonNames` are variables another lesson put in `workspace`: the first step
    /// entered clears them, so one lesson's variables do not pass for the learner's own.
    public init(_ lesson: Lesson, workspace: Interpreter = Interpreter(), done: Set<String> = [],
                workspaces: LessonWorkspaces? = nil, lessonNames: Set<String> = []) {
        self.lesson = lesson
        self.workspace = workspace
        self.done = done
        self.workspaces = workspaces ?? LessonWorkspaces(lesson)
        self.lessonNames = lessonNames
    }

    public var step: Step { lesson.steps[index] }

    /// The current step's task was done in this visit or an earlier one.
    public var doneBefore: Bool { done.contains(step.id) }

    /// Whether `next()` may go on now.
    public var canGoOn: Bool { phase != .waiting || doneBefore }

    public var isLastStep: Bool { index + 1 >= lesson.steps.count }

    // MARK: - Moving between steps

    /// Enters step `i` (clamped to the lesson): the workspace becomes that step's, keeping
    /// the learner's own variables unless `clean` or they clash with the lesson's.
    /// Throws when the lesson's own code fails before or at that step (then nothing changes).
    @discardableResult
    public func enter(_ i: Int, clean: Bool = false) throws(Problem) -> Entered {
        let target = workspaces.clamp(i)
        let (snapshot, pieces) = try workspaces.entered(target)
        index = target
        phase = step.task == nil ? .reading : .waiting
        adopt(snapshot, clean: clean)
        return Entered(index: target, pieces: pieces, doneBefore: doneBefore)
    }

    /// Goes on to the next step when the current one allows it.
    public func next() throws(Problem) -> Move {
        guard canGoOn else { return .blocked }
        if isLastStep { return .finished }
        return .entered(try enter(index + 1))
    }

    /// Makes the live workspace the lesson's at this step.
    func adopt(_ snapshot: Interpreter, clean: Bool) {
        workspace.remove { clean || lessonNames.contains($0) || snapshot.variables[$0] != nil }
        for name in snapshot.order {
            if let v = snapshot.variables[name] { workspace.set(name, v, origin: snapshot.origins[name] ?? name) }
        }
        workspace.random = snapshot.random
        lessonNames = Set(snapshot.order)
    }

    // MARK: - Answers

    /// The check of the current step's exercise, built once per step.
    public func check() throws(Problem) -> Check {
        if let made = checks[index] { return try made.get() }
        let made: Result<Check, Problem>
        do throws(Problem) { made = .success(try Check.forStep(lesson, step: index, workspaces: workspaces)) }
        catch { made = .failure(error) }
        checks[index] = made
        return try made.get()
    }

    /// Judges one complete input while the task waits.
    ///
    /// At an exercise every statement line is an answer: `name = expr` is judged and the
    /// name kept (whatever the exercise saves), and `a = 4; softmax(s / a)` runs its first
    /// statements and is judged by its last. A bare look (`X`, `Q.shape`, `help(f)`) is
    /// judged only when its value could be the answer; otherwise it is a ``Response/look``.
    /// With `strict`, a look is judged like any answer (the checker's known wrong answers).
    /// Throws when the exercise itself is broken.
    public func respond(_ source: String, strict: Bool = false) throws(Problem) -> Response {
        guard phase == .waiting, let task = step.task else { return .notAnAnswer }
        switch task {
        case let .question(q):
            if !strict, !LessonWalker.isAnswer(source, to: q) {
                // A look at a single number (`n`) can be the answer to a numeric question: judge it.
                guard q.choices.isEmpty, let e = try? Parser.parseExpression(source.trimmedString),
                      let value = try? workspace.evaluate(e, source: source.trimmedString), value.tensor?.isScalar == true
                else { return .notAnAnswer }
            }
            let verdict = q.grade(source, in: workspace)
            return .judged(verdict, before: [], completed: verdict.correct ? try complete() : nil)
        case .exercise:
            return try respondToExercise(source, strict: strict)
        }
    }

    private func respondToExercise(_ source: String, strict: Bool) throws(Problem) -> Response {
        // A line that does not parse gets the language's own error, with its caret.
        guard let statements = try? Parser.parse(source), let last = statements.last else { return .notAnAnswer }
        for s in statements {
            // `softmax = …` gets the interpreter's "built-in name" error, not a verdict about its value.
            if case let .assign(name, _) = s.kind, Builtins.table[name] != nil || Interpreter.constants[name] != nil {
                return .notAnAnswer
            }
        }
        let check = try self.check()
        if !strict, statements.count == 1, case let .expression(e) = last.kind, LessonWalker.isInspection(e) {
            guard let value = try? workspace.evaluate(e, source: source) else { return .notAnAnswer }
            if value.tensor?.shape != check.expected.shape {
                return .look(value: value, note: "that is a look, not an answer: the task asks for \(check.shapeText(check.expected.shape))")
            }
        }
        // The statements before the last run as they would at the prompt; the last is the answer.
        let characters = Array(source)
        let answerStart = min(last.span.start, characters.count)
        let before = String(characters[..<answerStart])
        var outcomes: [Interpreter.Outcome] = []
        if statements.count > 1 {
            let (ran, error) = workspace.run(before)
            outcomes = ran
            if let error {
                return .judged(Verdict(correct: false, message: error.render(source: source)), before: outcomes, completed: nil)
            }
        }
        let answer = String(characters[answerStart..<min(last.span.end, characters.count)])
        let verdict = check.grade(answer, in: workspace)
        // The learner's name is kept, right or wrong, as the prompt would keep it.
        if let name = verdict.assigned, let value = verdict.value { workspace.set(name, value, origin: answer) }
        // `Wq2 = …` on the way to an answer of another shape is a step the task asked for, not a wrong answer.
        if !strict, !verdict.correct, let name = verdict.assigned, let value = verdict.value?.tensor,
           value.shape != check.expected.shape, verdict.mistake == .shape || verdict.mistake == nil {
            return .look(value: .tensor(value), note: "kept \(name), a step on the way: the answer itself is \(check.shapeText(check.expected.shape))")
        }
        return .judged(verdict, before: outcomes, completed: verdict.correct ? try complete() : nil)
    }

    /// Gives up on the waiting task: its solution is filled in and the step concluded.
    /// Returns nil when no task waits.
    public func skip() throws(Problem) -> Completion? {
        guard phase == .waiting else { return nil }
        let completion = try complete()
        phase = .skipped
        return completion
    }

    /// Marks the task done, saves the clean solution's value (not the learner's, which may
    /// differ within the tolerance) and runs what the author wrote after the task.
    private func complete() throws(Problem) -> Completion {
        phase = .answered
        done.insert(step.id)
        var completion = Completion(saved: nil, solutionValue: nil, pieces: [])
        if case let .exercise(e)? = step.task {
            let expected = try check().expected
            completion.solutionValue = expected
            if let name = e.save {
                workspace.set(name, .tensor(expected), origin: "\(name) = \(e.solution)")
                lessonNames.insert(name)
                completion.saved = name
            }
        }
        guard !step.after.isEmpty else { return completion }
        let before = Set(workspace.order)
        completion.pieces = try Workspace.conclude(step, of: lesson, in: workspace)
        lessonNames.formUnion(workspace.order.filter { !before.contains($0) })
        return completion
    }

    // MARK: - What counts as an answer

    /// Whether a line typed at a question answers it: a letter for multiple choice, an
    /// expression (not a look at a variable) for a number. Anything else just runs.
    public static func isAnswer(_ source: String, to q: Question) -> Bool {
        let typed = source.trimmedString
        if !q.choices.isEmpty {
            let core = typed.filter { $0 != "(" && $0 != ")" && $0 != "." }
            return core.count <= 2 && core.first?.isLetter == true
        }
        guard let e = try? Parser.parseExpression(typed) else { return true }
        return !isInspection(e)
    }

    /// A bare name, a `.shape`, or a `help(…)` call: what a learner types to look around.
    public static func isInspection(_ e: Expr) -> Bool {
        switch e.kind {
        case .name, .attribute(_, "shape"): return true
        case let .call(f, _): if case .name("help") = f.kind { return true }
        default: break
        }
        return false
    }
}
