import Language
import Tensors

/// One thing a step shows, in the order the author wrote it.
public enum Piece: Sendable {
    /// Markdown prose.
    case prose(String)
    /// A shown `attn` block: each of its statements with its value (nil for an assignment).
    case cell(Code, [Interpreter.Outcome])
    /// A picture line of a shown block, with the value of its expression (or why it failed),
    /// evaluated right after the block's code.
    case picture(Picture, Result<Value, LanguageError>)
    /// A `:` line of a block that is not a picture: never run.
    case refused(Picture.Refusal)
}

/// Rebuilds the workspace a lesson has at any step, from the lesson alone, so that
/// going back, resetting and resuming after a restart show the same numbers.
public enum Workspace {
    /// The workspace at step `index` once its code has run, before its task is answered:
    /// every block of the steps before it, their tasks' saved solutions, then this step's blocks.
    /// `seedShift` replays it with other random numbers (see ``Interpreter/seedShift``).
    /// Building several steps of one lesson? ``LessonWorkspaces`` builds each step once.
    public static func build(_ lesson: Lesson, step index: Int, seedShift: UInt64 = 0) throws(Problem) -> Interpreter {
        try LessonWorkspaces(lesson).entered(index, seedShift: seedShift).workspace
    }

    /// Runs a step's blocks (setup and shown alike) in `interpreter`; returns what they show.
    @discardableResult
    public static func enter(_ step: Step, of lesson: Lesson, in interpreter: Interpreter) throws(Problem) -> [Piece] {
        try run(step.blocks, lesson, interpreter)
    }

    /// Runs the blocks written after a step's task, once it is answered (and its solution saved).
    @discardableResult
    public static func conclude(_ step: Step, of lesson: Lesson, in interpreter: Interpreter) throws(Problem) -> [Piece] {
        try run(step.after, lesson, interpreter)
    }

    static func run(_ blocks: [Block], _ lesson: Lesson, _ interpreter: Interpreter) throws(Problem) -> [Piece] {
        var pieces: [Piece] = []
        for block in blocks {
            switch block {
            case let .setup(code):
                _ = try run(code, lesson, interpreter)
            case let .show(code):
                pieces.append(.cell(code, try run(code, lesson, interpreter)))
                for line in code.pictures {
                    switch line {
                    case let .success(picture): pieces.append(.picture(picture, evaluate(picture, in: interpreter)))
                    case let .failure(refusal): pieces.append(.refused(refusal))
                    }
                }
            case let .prose(text):
                pieces.append(.prose(text))
            }
        }
        return pieces
    }

    static func evaluate(_ picture: Picture, in interpreter: Interpreter) -> Result<Value, LanguageError> {
        let source = picture.options.expression
        do { return .success(try interpreter.evaluate(try Parser.parseExpression(source), source: source)) }
        catch { return .failure(error) }
    }

    /// Stores a finished exercise's solution under its `save` name.
    public static func save(_ step: Step, of lesson: Lesson, in interpreter: Interpreter) throws(Problem) {
        guard case let .exercise(e)? = step.task, let name = e.save else { return }
        let value = try solution(e, lesson, interpreter)
        interpreter.set(name, value, origin: "\(name) = \(e.solution)")
    }

    /// The value of an exercise's solution in `interpreter`.
    public static func solution(_ e: Exercise, _ lesson: Lesson, _ interpreter: Interpreter) throws(Problem) -> Value {
        do {
            let expr = try Parser.parseExpression(e.solution)
            return try interpreter.evaluate(expr, source: e.solution)
        } catch {
            throw Problem(lesson.file, e.lines["solution"] ?? e.line, "the solution '\(e.solution)' fails: \(error.message)")
        }
    }

    static func run(_ code: Code, _ lesson: Lesson, _ interpreter: Interpreter) throws(Problem) -> [Interpreter.Outcome] {
        let source = code.statements
        let (outcomes, error) = interpreter.run(source)
        if let error {
            let line = code.line + lineOffset(of: error, in: source)
            throw Problem(lesson.file, line, "\(error.kind.rawValue): \(error.message)")
        }
        return outcomes
    }

    /// Which line of a block an error is on, counted from 0.
    static func lineOffset(of error: LanguageError, in source: String) -> Int {
        guard let span = error.span else { return 0 }
        return source.prefix(span.start).filter { $0 == "\n" }.count
    }
}

/// The workspaces of one lesson's steps, each built once from the one before.
///
/// Step k's workspace is step k−1's, concluded (its solution saved, the code after its
/// task run), plus step k's own blocks. Keeping a snapshot of each means reaching step
/// k runs one step's code, not all k: checking a lesson costs time linear in its steps.
/// Every workspace handed out is a copy, free to change.
public final class LessonWorkspaces {
    public let lesson: Lesson
    /// How many times a step's code ran here (entering a step counts one, concluding it
    /// another). Linear in the steps reached, whatever the order they are asked for in.
    public private(set) var stepsRun = 0

    typealias Stage = Result<(workspace: Interpreter, pieces: [Piece]), Problem>
    /// Per seed shift: `entered[k]` is step k after its blocks ran, `concluded[k]` after its task.
    private var entered: [UInt64: [Stage]] = [:]
    private var concluded: [UInt64: [Stage]] = [:]

    public init(_ lesson: Lesson) { self.lesson = lesson }

    /// The workspaces of a variant of this lesson (the same lesson with other numbers),
    /// made once per `key`: every step of the variant is then built once too.
    public func variant<Extra>(_ key: AnyHashable, _ make: () -> (Lesson, Extra)) -> (LessonWorkspaces, Extra) {
        if let (made, extra) = variants[key], let extra = extra as? Extra { return (made, extra) }
        let (changed, extra) = make()
        let made = LessonWorkspaces(changed)
        variants[key] = (made, extra)
        return (made, extra)
    }
    private var variants: [AnyHashable: (LessonWorkspaces, Any)] = [:]

    /// Step `index` once its blocks ran (before its task is answered), and what they show.
    public func entered(_ index: Int, seedShift: UInt64 = 0) throws(Problem) -> (workspace: Interpreter, pieces: [Piece]) {
        guard !lesson.steps.isEmpty else { throw Problem(lesson.file, 1, "the lesson has no steps") }
        let (workspace, pieces) = try enteredStage(clamp(index), seedShift).get()
        return (workspace.copy(), pieces)
    }

    /// Step `index` once its task was answered: its solution saved under its `save` name
    /// and the blocks after the task run. The pieces are what those blocks show.
    public func concluded(_ index: Int, seedShift: UInt64 = 0) throws(Problem) -> (workspace: Interpreter, pieces: [Piece]) {
        guard !lesson.steps.isEmpty else { throw Problem(lesson.file, 1, "the lesson has no steps") }
        let (workspace, pieces) = try concludedStage(clamp(index), seedShift).get()
        return (workspace.copy(), pieces)
    }

    func clamp(_ index: Int) -> Int { max(0, min(index, lesson.steps.count - 1)) }

    private func enteredStage(_ index: Int, _ shift: UInt64) -> Stage {
        build(through: index, shift)
        return entered[shift]![index]
    }

    private func concludedStage(_ index: Int, _ shift: UInt64) -> Stage {
        build(through: index, shift)
        if concluded[shift]!.count <= index { conclude(index, shift) }
        return concluded[shift]![index]
    }

    /// Builds the entered stages up to `index`, in order (a loop, not recursion: lessons can be long).
    private func build(through index: Int, _ shift: UInt64) {
        if entered[shift] == nil { entered[shift] = []; concluded[shift] = [] }
        while entered[shift]!.count <= index {
            let k = entered[shift]!.count
            var stage: Stage = .success((Interpreter(seedShift: shift), []))
            if k > 0 {
                if concluded[shift]!.count < k { conclude(k - 1, shift) }
                stage = concluded[shift]![k - 1]
            }
            if case let .success((before, _)) = stage {
                let workspace = before.copy()
                stepsRun += 1
                do throws(Problem) {
                    stage = .success((workspace, try Workspace.enter(lesson.steps[k], of: lesson, in: workspace)))
                } catch { stage = .failure(error) }
            }
            entered[shift]!.append(stage)
        }
    }

    /// Concludes step `index`, whose entered stage exists and whose earlier steps are concluded.
    private func conclude(_ index: Int, _ shift: UInt64) {
        var stage = entered[shift]![index]
        if case let .success((before, _)) = stage {
            let workspace = before.copy()
            let step = lesson.steps[index]
            stepsRun += 1
            do throws(Problem) {
                try Workspace.save(step, of: lesson, in: workspace)
                stage = .success((workspace, try Workspace.conclude(step, of: lesson, in: workspace)))
            } catch { stage = .failure(error) }
        }
        concluded[shift]!.append(stage)
    }
}

extension Piece {
    /// What is wrong with this piece, if anything: a picture whose expression fails, or a
    /// `:` line that is not a picture. The step still shows; `check` reports it.
    public func problem(in lesson: Lesson) -> Problem? {
        switch self {
        case .prose, .cell: return nil
        case let .refused(refusal): return Problem(lesson.file, refusal.line, refusal.reason)
        case let .picture(picture, .failure(error)):
            return Problem(lesson.file, picture.line, "'\(picture.text)' fails: \(error.kind.rawValue): \(error.message)")
        case .picture(_, .success): return nil
        }
    }
}
