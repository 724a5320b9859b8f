#if canImport(Glibc)
import Glibc
#endif
import Learning
import Tensors

extension Builtins {
    static let training: [Builtin] = [
        Builtin("train(task, steps=None, seed=0, length=None, positions=\"learned\")",
                "train one attention layer on \"reverse\" or \"previous-token\"; its weights become variables (E, P, W_Q, W_K, W_V, W_U, b_U, x, d_k)") { c throws(LanguageError) in
            let task = try c.string("task")
            guard let kind = Task.Kind(rawValue: task) else {
                let names = Task.Kind.allCases.map(\.rawValue)
                throw LanguageError(.value, "train: unknown task \"\(task)\"; the tasks are " + names.map { "\"\($0)\"" }.joined(separator: " and "),
                                    c.arg("task")!.span, suggestion: Suggest.nearest(to: task, in: names).map { "did you mean \"\($0)\"?" })
            }
            let steps = try c.optionalInt("steps")
            if let steps, !(0...100_000).contains(steps) { throw c.fail("steps must be from 0 to 100000, not \(steps)", "steps") }
            let seed = try c.int("seed", default: 0)
            guard seed >= 0 else { throw c.fail("the seed must be 0 or more", "seed") }
            let length = try c.optionalInt("length")
            if let length, !Task.lengths.contains(length) {
                throw c.fail("length must be from \(Task.lengths.lowerBound) to \(Task.lengths.upperBound), not \(length)", "length")
            }
            var positions = AttentionModel.Positions.learned
            if c.has("positions") {
                let p = try c.string("positions")
                guard let known = AttentionModel.Positions(rawValue: p) else {
                    throw c.fail("positions must be \"learned\", \"sinusoidal\" or \"none\", not \"\(p)\"", "positions")
                }
                positions = known
            }
            // The grader's second workspace shifts every seed, so answers computed from the
            // trained weights are re-checked against another training run.
            let options = Trainer.Options(task: Task(kind, length: length), steps: steps, seed: UInt64(seed) &+ c.seedShift,
                                          positions: positions)
            let trained = try c.engine { () throws(TensorError) in try TrainedModel.train(options) }
            return .string(TrainedWorkspace.bind(trained, to: c.interpreter, origin: c.interpreter.text(c.span)))
        },
    ]
}

/// A trained model's weights as workspace variables, named as the lessons name them, so
/// the learner can recompute the attention by hand.
public enum TrainedWorkspace {
    /// Sets the variables and returns what to tell the learner about them.
    ///
    /// - `E`: token embeddings, one row per token (labelled by token);
    /// - `P`: the positions added to them (zeros without positions, `posenc` when sinusoidal);
    /// - `W_Q`, `W_K`, `W_V`, `W_U`, `b_U` (and `W_O`, `W_1`… in larger models);
    /// - `x`: the example sequence, `d_k`: the key width.
    @discardableResult
    public static func bind(_ trained: TrainedModel, to interpreter: Interpreter, origin: String) -> String {
        let config = trained.model.config
        let tokens = (0..<config.vocabulary).map(String.init)
        let params = trained.model.parameters
        var bound: [(String, Tensor)] = []
        for name in params.names {
            var t = params[name]!
            if name == "E" { t.setLabels(tokens, axis: 0) }
            if name == "P" { t.setLabels((0..<config.length).map { "pos \($0)" }, axis: 0) }
            if name == "W_U" || name == "b_U" { t.setLabels(tokens, axis: -1) }
            bound.append((name, t))
        }
        if params["P"] == nil {
            let p = config.positions == .sinusoidal
                ? (try? Tensor.positionalEncoding(config.length, config.width))
                : (try? Tensor.zeros([config.length, config.width]))
            if let p { bound.insert(("P", p.labelled((0..<config.length).map { "pos \($0)" }, axis: 0)), at: 1) }
        }
        bound.append(("x", Tensor(shape: [trained.example.count], data: trained.example.map(Double.init))))
        bound.append(("d_k", Tensor(Double(config.keyWidth))))
        for (name, t) in bound { interpreter.set(name, .tensor(t), origin: origin) }

        let o = trained.options
        let pct = (trained.accuracy * 1000).rounded() / 10
        let shapes = bound.filter { $0.0 != "d_k" && $0.0 != "x" }.map { "\($0.0) \(Shape.text($0.1.shape))" }
        let positions = o.positions == .none ? "no positions" : "\(o.positions.rawValue) positions"
        var lines = ["trained \(o.task.kind.rawValue) (T = \(o.task.length), \(positions)) for \(trained.steps) steps: "
                     + "accuracy \(pct) %, loss \(shortNumber(trained.loss))"]
        lines.append("variables: " + shapes.joined(separator: ", "))
        lines.append("  x = the example sequence \(trained.example.map(String.init).joined(separator: " ")),  d_k = \(config.keyWidth)")
        let mask = config.causal ? " + causal_mask(\(config.length))" : ""
        lines.append("  its attention: X = E[x] + P;  softmax((X @ W_Q) @ (X @ W_K).T / sqrt(d_k)\(mask))")
        return lines.joined(separator: "\n")
    }

    static func shortNumber(_ v: Double) -> String {
        guard v.isFinite else { return "\(v)" }
        if v != 0, abs(v) < 0.001 {
            let exponent = Int(log10(abs(v)).rounded(.down))
            let mantissa = (v / pow(10, Double(exponent)) * 10).rounded() / 10
            return "\(mantissa)e\(exponent)"
        }
        return "\((v * 10000).rounded() / 10000)"
    }
}
