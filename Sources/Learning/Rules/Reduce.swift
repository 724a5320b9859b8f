import Tensors

/// Sums and means: the backward rule spreads the gradient evenly back over what was folded.
extension Node {
    /// The sum over one axis (`keepdims` keeps it at size 1), or over everything when
    /// `axis` is nil. Every summed element gets the gradient of its sum.
    public func sum(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Node {
        try reduction(.sum, axis: axis, keepdims: keepdims)
    }

    /// The mean: the sum's gradient divided by the number of elements averaged.
    public func mean(axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Node {
        try reduction(.mean, axis: axis, keepdims: keepdims)
    }

    private func reduction(_ kind: Reduction, axis: Int?, keepdims: Bool) throws(TensorError) -> Node {
        let out = try value.reduce(kind, axis: axis, keepdims: keepdims)
        let inShape = shape
        // The reduced axis at size 1, so that the gradient broadcasts back over it.
        var kept = inShape.map { _ in 1 }
        if let axis {
            let ax = try value.normalize(axis: axis)
            kept = inShape
            kept[ax] = 1
        }
        let folded = axis.map { inShape[$0 < 0 ? $0 + inShape.count : $0] } ?? inShape.reduce(1, *)
        let factor = kind == .mean ? 1 / Double(max(folded, 1)) : 1
        return Node(Tensor(shape: out.shape, data: out.data), name: kind.rawValue, parents: [self]) { g throws(TensorError) in
            let spread = try g.reshaped(kept).map { $0 * factor }
            return [try spread.broadcast(to: inShape)]
        }
    }
}
