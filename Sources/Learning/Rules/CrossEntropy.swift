#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// The loss of a classifier: how surprised it is by the right answers.
extension Node {
    /// The mean cross-entropy of rows of scores (logits, shape n × classes) against the
    /// right class of each row: mean over rows of −log softmax(row)[target]. Rows whose
    /// `weights` entry is 0 do not count (a position with nothing to predict).
    ///
    /// Backward: ∂/∂logits = (softmax(row) − onehot(target)) · weight / Σ weights —
    /// the predicted probabilities minus the right answer.
    public static func crossEntropy(_ logits: Node, targets: [Int], weights: [Double]? = nil) throws(TensorError) -> Node {
        guard logits.value.rank == 2 else {
            throw .invalidArgument("cross-entropy takes rows × classes scores, not \(Shape.text(logits.shape))")
        }
        let rows = logits.shape[0], classes = logits.shape[1]
        guard targets.count == rows else {
            throw .invalidArgument("cross-entropy needs one target per row: \(rows) rows, \(targets.count) targets")
        }
        for t in targets where t < 0 || t >= classes { throw .index(index: t, axis: 1, size: classes) }
        let w = weights ?? [Double](repeating: 1, count: rows)
        guard w.count == rows else { throw .invalidArgument("cross-entropy needs one weight per row") }
        let total = w.reduce(0, +)
        guard total > 0 else { throw .invalidArgument("cross-entropy needs at least one row with weight above 0") }
        let p = Node.softmaxRows(logits.value.data, width: classes)
        var loss = 0.0
        for r in 0..<rows where w[r] != 0 {
            // log p = x_t − max − log Σ e^(x − max), computed from the logits, not from p,
            // so a tiny probability does not lose its digits.
            let row = logits.value.data[(r * classes)..<((r + 1) * classes)]
            let top = row.max()!
            let logSum = row.reduce(0) { $0 + Glibc.exp($1 - top) }
            loss -= w[r] * (logits.value.data[r * classes + targets[r]] - top - Glibc.log(logSum))
        }
        let out = Tensor(loss / total)
        return Node(out, name: "cross-entropy", parents: [logits]) { g in
            let scale = g.data[0] / total
            var dx = p
            for r in 0..<rows {
                for c in 0..<classes { dx[r * classes + c] *= w[r] * scale }
                dx[r * classes + targets[r]] -= w[r] * scale
            }
            return [Tensor(shape: [rows, classes], data: dx)]
        }
    }
}
