import Language
import Tensors

/// Rebuilds the workspace a lesson has at any step, from the lesson alone, so that
/// going back, resetting and resuming after a restart show the same numbers.
public enum Workspace {
    /// The workspace at step `index` once its code has run, before its task is answered:
    /// every block of the steps before it, their tasks' saved solutions, then this step's blocks.
    /// `seedShift` replays it with other random numbers (see ``Interpreter/seedShift``).
    public static func build(_ lesson: Lesson, step index: Int, seedShift: UInt64 = 0) throws(Problem) -> Interpreter {
        try prepare(lesson, step: index, seedShift: seedShift).interpreter
    }

    /// ``build(_:step:seedShift:)``, also returning what the step's shown blocks print.
    public static func prepare(_ lesson: Lesson, step index: Int, seedShift: UInt64 = 0) throws(Problem)
        -> (interpreter: Interpreter, shown: [(Code, [Interpreter.Outcome])]) {
        let interpreter = Interpreter(seedShift: seedShift)
        let last = min(index, lesson.steps.count - 1)
        for k in 0..<last {
            try enter(lesson.steps[k], of: lesson, in: interpreter)
            try save(lesson.steps[k], of: lesson, in: interpreter)
            try conclude(lesson.steps[k], of: lesson, in: interpreter)
        }
        let shown = try enter(lesson.steps[last], of: lesson, in: interpreter)
        return (interpreter, shown)
    }

    /// Runs a step's code blocks (setup and shown alike); returns what the shown blocks print, in order.
    @discardableResult
    public static func enter(_ step: Step, of lesson: Lesson, in interpreter: Interpreter) throws(Problem) -> [(Code, [Interpreter.Outcome])] {
        try run(step.blocks, lesson, interpreter)
    }

    /// Runs the code written after a step's task, once it is answered (and its solution saved).
    @discardableResult
    public static func conclude(_ step: Step, of lesson: Lesson, in interpreter: Interpreter) throws(Problem) -> [(Code, [Interpreter.Outcome])] {
        try run(step.after, lesson, interpreter)
    }

    static func run(_ blocks: [Block], _ lesson: Lesson, _ interpreter: Interpreter) throws(Problem) -> [(Code, [Interpreter.Outcome])] {
        var shown: [(Code, [Interpreter.Outcome])] = []
        for block in blocks {
            switch block {
            case let .setup(code):
                _ = try run(code, lesson, interpreter)
            case let .show(code):
                shown.append((code, try run(code, lesson, interpreter)))
            case .prose:
                continue
            }
        }
        return shown
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
            throw Problem(lesson.file, e.line, "the solution '\(e.solution)' fails: \(error.message)")
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
