import Language
import Tensors

/// What makes an answer right besides equalling the solution: an exercise's `accept:`
/// condition (for tasks with many right answers) or `shape-only: yes`.
extension Check {
    /// Whether `value` is a right answer in `workspace` (the clean one, or the re-check's),
    /// whose solution has the value `expected`.
    func accepts(_ value: Tensor, in workspace: Interpreter, expected: Tensor) -> Bool {
        if close(value, expected) { return true }
        if shapeOnly { return value.shape == expected.shape }
        guard let accept else { return false }
        return (try? Check.holds(accept, answer: value, in: workspace)) == true
    }

    /// Evaluates `condition` with `answer` bound to the answer, in a scratch copy of
    /// `workspace` (the learner's and the lesson's variables stay as they were). True when
    /// the value is a non-empty tensor with no zero and no NaN in it: `1`, or
    /// `allclose(…)`, or a comparison true everywhere.
    public static func holds(_ condition: String, answer: Tensor, in workspace: Interpreter) throws(LanguageError) -> Bool {
        let scratch = Interpreter(seedShift: workspace.seedShift)
        for name in workspace.order {
            if let v = workspace.variables[name] { scratch.set(name, v, origin: workspace.origins[name] ?? name) }
        }
        scratch.random = workspace.random
        scratch.set("answer", .tensor(answer), origin: "answer")
        let expr = try Parser.parseExpression(condition)
        guard case let .tensor(t) = try scratch.evaluate(expr, source: condition) else {
            throw LanguageError(.type, "the condition must give a number (1 for right), not \(condition)")
        }
        return t.count > 0 && t.data.allSatisfy { $0 != 0 && !$0.isNaN }
    }
}
