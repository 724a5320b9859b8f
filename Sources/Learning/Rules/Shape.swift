import Tensors

/// Operations that only move elements: their backward rules move the gradient back.
extension Node {
    /// The same elements in another shape; the gradient is reshaped back.
    public func reshaped(_ newShape: [Int]) throws(TensorError) -> Node {
        let old = shape
        let out = try value.reshaped(newShape)
        return Node(Tensor(shape: out.shape, data: out.data), name: "reshape", parents: [self]) { g throws(TensorError) in
            [try g.reshaped(old)]
        }
    }

    /// The axes permuted (`nil`: reversed). The gradient goes through the inverse permutation.
    public func transposed(_ axes: [Int]? = nil) throws(TensorError) -> Node {
        let perm = axes.map { $0.map { $0 < 0 ? $0 + value.rank : $0 } } ?? Array((0..<value.rank).reversed())
        let out = try value.transposed(perm)
        var inverse = [Int](repeating: 0, count: perm.count)
        for (i, p) in perm.enumerated() where p >= 0 && p < perm.count { inverse[p] = i }
        return Node(out, name: "transpose", parents: [self]) { g throws(TensorError) in
            [try g.transposed(inverse)]
        }
    }

    /// Positions `range` of one axis (a slice `x[:, 2:5]`). The gradient is zero outside
    /// the slice and the incoming gradient inside it.
    public func sliced(axis: Int, _ range: Range<Int>) throws(TensorError) -> Node {
        let ax = try value.normalize(axis: axis)
        guard range.lowerBound >= 0, range.upperBound <= shape[ax] else {
            throw .invalidArgument("slice \(range) is outside axis \(ax) of size \(shape[ax])")
        }
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        let n = shape[ax], m = range.count
        var outShape = shape
        outShape[ax] = m
        var out = [Double](repeating: 0, count: outer * m * inner)
        for o in 0..<outer {
            for (k, i) in range.enumerated() {
                for j in 0..<inner { out[(o * m + k) * inner + j] = value.data[(o * n + i) * inner + j] }
            }
        }
        let inShape = shape
        return Node(Tensor(shape: outShape, data: out), name: "slice", parents: [self]) { g in
            var dx = [Double](repeating: 0, count: inShape.reduce(1, *))
            for o in 0..<outer {
                for (k, i) in range.enumerated() {
                    for j in 0..<inner { dx[(o * n + i) * inner + j] = g.data[(o * m + k) * inner + j] }
                }
            }
            return [Tensor(shape: inShape, data: dx)]
        }
    }

    /// Rows of a table picked by integer positions, `table[ids]` (an embedding lookup):
    /// the result has shape `idsShape + [row length]`. A row picked several times adds up
    /// the gradients of all its copies.
    public func rows(_ ids: [Int], shape idsShape: [Int]? = nil) throws(TensorError) -> Node {
        guard value.rank == 2 else { throw .invalidArgument("rows(_:) picks rows of a matrix, not of a \(Shape.text(shape)) tensor") }
        let count = shape[0], width = shape[1]
        let outShape = (idsShape ?? [ids.count]) + [width]
        guard outShape.reduce(1, *) == ids.count * width else { throw .reshape(from: [ids.count, width], to: outShape) }
        for i in ids where i < 0 || i >= count { throw .index(index: i, axis: 0, size: count) }
        var out = [Double](repeating: 0, count: ids.count * width)
        for (k, i) in ids.enumerated() {
            for j in 0..<width { out[k * width + j] = value.data[i * width + j] }
        }
        let tableShape = shape
        return Node(Tensor(shape: outShape, data: out), name: "rows", parents: [self]) { g in
            var dt = [Double](repeating: 0, count: count * width)
            for (k, i) in ids.enumerated() {
                for j in 0..<width { dt[i * width + j] += g.data[k * width + j] }
            }
            return [Tensor(shape: tableShape, data: dt)]
        }
    }
}
