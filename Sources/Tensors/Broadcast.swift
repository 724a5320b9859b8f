/// NumPy broadcasting: align shapes on the right; a size of 1 stretches to match.
extension Tensor {
    /// The shape two shapes broadcast to, or `nil` if they do not.
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = max(a.count, b.count)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let x = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let y = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            out[i] = x == 1 ? y : x
        }
        return out
    }

    /// Strides that read this tensor as if it had `shape` (0 along stretched axes).
    func broadcastStrides(to shape: [Int]) -> [Int] {
        let own = strides
        let offset = shape.count - rank
        return (0..<shape.count).map { i in
            i < offset || self.shape[i - offset] == 1 ? 0 : own[i - offset]
        }
    }

    /// Labels for a broadcast result: each axis takes the labels of the first operand
    /// that has that axis at full size and labelled.
    static func broadcastLabels(_ operands: [Tensor], to shape: [Int]) -> [[String]?] {
        (0..<shape.count).map { i in
            for t in operands {
                let j = i - (shape.count - t.rank)
                if j >= 0, t.shape[j] == shape[i], let l = t.labels[j] { return l }
            }
            return nil
        }
    }

    /// Combines two tensors elementwise with broadcasting.
    public static func elementwise(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) throws(TensorError) -> Tensor {
        if a.shape == b.shape {
            let labels = broadcastLabels([a, b], to: a.shape)
            return try Tensor(shape: a.shape, labels: labels) { out in
                a.data.withUnsafeBufferPointer { x in
                    b.data.withUnsafeBufferPointer { y in
                        for i in 0..<out.count { out[i] = f(x[i], y[i]) }
                    }
                }
            }
        }
        guard let shape = broadcastShape(a.shape, b.shape) else { throw .broadcast(a.shape, b.shape) }
        let labels = broadcastLabels([a, b], to: shape)
        if b.count == 1 {
            let y = b.data[0]
            return try Tensor(shape: shape, labels: labels) { out in
                a.data.withUnsafeBufferPointer { x in
                    for i in 0..<out.count { out[i] = f(x[i], y) }
                }
            }
        }
        if a.count == 1 {
            let x = a.data[0]
            return try Tensor(shape: shape, labels: labels) { out in
                b.data.withUnsafeBufferPointer { y in
                    for i in 0..<out.count { out[i] = f(x, y[i]) }
                }
            }
        }
        let sa = a.broadcastStrides(to: shape), sb = b.broadcastStrides(to: shape)
        return try Tensor(shape: shape, labels: labels) { out in
            a.data.withUnsafeBufferPointer { x in
                b.data.withUnsafeBufferPointer { y in
                    forEachRun(shape: shape, strides: [sa, sb]) { o, offsets, n in
                        let ia = offsets[0], ib = offsets[1]
                        let da = sa.last ?? 0, db = sb.last ?? 0
                        for k in 0..<n { out[o + k] = f(x[ia + k * da], y[ib + k * db]) }
                    }
                }
            }
        }
    }

    /// Walks a shape in row-major order one innermost run at a time, giving the output
    /// offset, each operand's offset (from its strides) and the run length.
    static func forEachRun(shape: [Int], strides: [[Int]], _ body: (Int, [Int], Int) -> Void) {
        let total = shape.reduce(1, *)
        guard total > 0 else { return }
        guard let inner = shape.last else {
            body(0, strides.map { _ in 0 }, 1)
            return
        }
        var index = [Int](repeating: 0, count: shape.count)
        var offsets = [Int](repeating: 0, count: strides.count)
        var o = 0
        while o < total {
            body(o, offsets, inner)
            o += inner
            // Advance the multi-index over the outer axes.
            var axis = shape.count - 2
            while axis >= 0 {
                index[axis] += 1
                for s in 0..<strides.count { offsets[s] += strides[s][axis] }
                if index[axis] < shape[axis] { break }
                for s in 0..<strides.count { offsets[s] -= strides[s][axis] * shape[axis] }
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// This tensor materialised at a larger broadcast shape.
    public func broadcast(to shape: [Int]) throws(TensorError) -> Tensor {
        guard Tensor.broadcastShape(self.shape, shape) == shape else { throw .broadcast(self.shape, shape) }
        if self.shape == shape { return self }
        return try Tensor.elementwise(self, Tensor(repeating: 0, shape: shape)) { x, _ in x }
    }

    /// Applies `f` to every element, keeping shape and labels.
    public func map(_ f: (Double) -> Double) -> Tensor {
        var out = self
        out.data.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<buffer.count { buffer[i] = f(buffer[i]) }
        }
        return out
    }
}
