/// Operations that move elements without computing new values.
extension Tensor {
    /// NumPy's `transpose`: reverses the axes, or permutes them as `axes` says.
    /// Labels move with their axes.
    public func transposed(_ axes: [Int]? = nil) throws(TensorError) -> Tensor {
        var perm = axes ?? Array((0..<rank).reversed())
        guard perm.count == rank else {
            throw .invalidArgument("transpose needs \(rank) axes for a tensor of shape \(Shape.text(shape)), got \(perm.count)")
        }
        for i in perm.indices { perm[i] = try normalize(axis: perm[i]) }
        guard Set(perm).count == rank else { throw .invalidArgument("transpose axes must not repeat: \(axes ?? [])") }
        // The identity permutation moves nothing (and must not reach the 2-D swap below).
        if perm == Array(0..<rank) { return self }
        let newShape = perm.map { shape[$0] }
        let own = strides
        let src = perm.map { own[$0] }
        try Memory.reserve(elements: count)
        var out = [Double](repeating: 0, count: count)
        if rank == 2 {
            let r = shape[0], c = shape[1]
            data.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { y in
                    // Blocked so both sides stay in cache for large matrices.
                    let block = 32
                    for i0 in stride(from: 0, to: r, by: block) {
                        for j0 in stride(from: 0, to: c, by: block) {
                            for i in i0..<min(i0 + block, r) {
                                for j in j0..<min(j0 + block, c) { y[j * r + i] = x[i * c + j] }
                            }
                        }
                    }
                }
            }
        } else {
            Tensor.forEachRun(shape: newShape, strides: [src]) { o, offsets, n in
                let s = src[src.count - 1]
                for k in 0..<n { out[o + k] = data[offsets[0] + k * s] }
            }
        }
        return Tensor(shape: newShape, data: out, labels: perm.map { labels[$0] })
    }

    /// Joins tensors along an existing axis.
    public static func concat(_ parts: [Tensor], axis: Int = 0) throws(TensorError) -> Tensor {
        guard let first = parts.first else { throw .invalidArgument("concat needs at least one tensor") }
        guard first.rank > 0 else { throw .invalidArgument("concat cannot join scalars; use stack") }
        let ax = try first.normalize(axis: axis)
        for p in parts.dropFirst() {
            guard p.rank == first.rank else {
                throw .invalidArgument("concat needs tensors with the same number of axes: \(Shape.text(first.shape)) and \(Shape.text(p.shape))")
            }
            for i in 0..<first.rank where i != ax && p.shape[i] != first.shape[i] {
                throw .invalidArgument("concat along axis \(ax) needs the other sizes to match: \(Shape.text(first.shape)) and \(Shape.text(p.shape))")
            }
        }
        var shape = first.shape
        shape[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        let outer = shape[..<ax].reduce(1, *)
        var out = [Double]()
        let total = try checkedCount(shape)
        try Memory.reserve(elements: total)
        out.reserveCapacity(total)
        for o in 0..<outer {
            for p in parts {
                let chunk = p.shape[ax...].reduce(1, *)
                out.append(contentsOf: p.data[(o * chunk)..<((o + 1) * chunk)])
            }
        }
        var labels = broadcastLabels([first], to: first.shape)
        let joined = parts.map { $0.labels[ax] }
        labels[ax] = joined.allSatisfy { $0 != nil } ? joined.flatMap { $0! } : nil
        return Tensor(shape: shape, data: out, labels: labels)
    }

    /// Stacks same-shaped tensors along a new axis.
    public static func stack(_ parts: [Tensor], axis: Int = 0) throws(TensorError) -> Tensor {
        guard let first = parts.first else { throw .invalidArgument("stack needs at least one tensor") }
        for p in parts where p.shape != first.shape {
            throw .invalidArgument("stack needs tensors of the same shape: \(Shape.text(first.shape)) and \(Shape.text(p.shape))")
        }
        let ax = axis < 0 ? axis + first.rank + 1 : axis
        guard ax >= 0, ax <= first.rank else { throw .axisOutOfRange(axis: axis, rank: first.rank + 1) }
        var expanded = first.shape
        expanded.insert(1, at: ax)
        let pieces = parts.map { p in
            var labels = p.labels
            labels.insert(nil, at: ax)
            return Tensor(shape: expanded, data: p.data, labels: labels)
        }
        return try concat(pieces, axis: ax)
    }

    /// (n, d) → (h, n, d/h): each head gets a contiguous slice of d/h columns.
    /// Batched inputs (…, n, d) give (…, h, n, d/h).
    public func splitHeads(_ h: Int) throws(TensorError) -> Tensor {
        guard rank >= 2 else { throw .invalidArgument("split_heads needs at least 2 axes (tokens × d), got \(Shape.text(shape))") }
        let d = shape[rank - 1], n = shape[rank - 2]
        guard h > 0, d % h == 0 else { throw .invalidArgument("split_heads: d = \(d) does not divide into \(h) heads") }
        let lead = Array(shape.dropLast(2))
        var r = try reshaped(lead + [n, h, d / h])
        r.labels[lead.count] = labels[rank - 2]
        var perm = Array(0..<lead.count)
        perm += [lead.count + 1, lead.count, lead.count + 2]
        return try r.transposed(perm)
    }

    /// The inverse of ``splitHeads(_:)``: (h, n, d_k) → (n, h·d_k).
    public func mergeHeads() throws(TensorError) -> Tensor {
        guard rank >= 3 else { throw .invalidArgument("merge_heads needs (heads × tokens × d_k), got \(Shape.text(shape))") }
        let lead = Array(shape.dropLast(3))
        let h = shape[rank - 3], n = shape[rank - 2], dk = shape[rank - 1]
        var perm = Array(0..<lead.count)
        perm += [lead.count + 1, lead.count, lead.count + 2]
        let moved = try transposed(perm)
        var r = try moved.reshaped(lead + [n, h * dk])
        r.labels[lead.count] = labels[rank - 2]
        return r
    }

    /// Zeroes the elements above (`lower`) or below (`!lower`) the k-th diagonal of the last two axes.
    public func triangle(lower: Bool, k: Int = 0) throws(TensorError) -> Tensor {
        guard rank >= 2 else { throw .invalidArgument("\(lower ? "tril" : "triu") needs at least 2 axes, got \(Shape.text(shape))") }
        let r = shape[rank - 2], c = shape[rank - 1]
        var out = self
        let matrices = count / max(1, r * c)
        for m in 0..<matrices {
            for i in 0..<r {
                for j in 0..<c where lower ? (j - i > k) : (j - i < k) { out.data[m * r * c + i * c + j] = 0 }
            }
        }
        return out
    }

    /// The outer product of two tensors, each flattened.
    public static func outer(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        let shape = [a.count, b.count]
        return try Tensor(shape: shape, labels: [a.rank == 1 ? a.labels[0] : nil, b.rank == 1 ? b.labels[0] : nil]) { out in
            for i in 0..<a.count { for j in 0..<b.count { out[i * b.count + j] = a.data[i] * b.data[j] } }
        }
    }

    /// NumPy's `dot`: scalars multiply; otherwise a sum over the last axis of `a` and the
    /// second-to-last of `b` (the only axis when `b` is a vector).
    public static func dot(_ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        if a.isScalar || b.isScalar { return try binary(.multiply, a, b) }
        if a.rank <= 2, b.rank <= 2 { return try matmul(a, b) }
        let k = a.shape[a.rank - 1]
        let kb = b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]
        guard k == kb else { throw .matmul(a.shape, b.shape) }
        // Move b's contracted axis to the front, then one matrix product does it all.
        let bAxis = b.rank == 1 ? 0 : b.rank - 2
        var perm = [bAxis]
        perm += (0..<b.rank).filter { $0 != bAxis }
        let bt = try b.transposed(perm)
        let restB = Array(bt.shape.dropFirst())
        let left = try a.reshaped([a.shape.dropLast().reduce(1, *), k])
        let right = try bt.reshaped([k, restB.reduce(1, *)])
        let product = try matmul(left, right)
        return try product.reshaped(Array(a.shape.dropLast()) + restB)
    }

    /// NumPy's `allclose`: |a − b| ≤ atol + rtol·|b| everywhere, where b is finite;
    /// infinities are close only to themselves and NaN is never close.
    public static func allClose(_ a: Tensor, _ b: Tensor, rtol: Double = 1e-5, atol: Double = 1e-8) throws(TensorError) -> Bool {
        let close = try elementwise(a, b) { x, y in isClose(x, y, rtol: rtol, atol: atol) ? 1 : 0 }
        return close.data.allSatisfy { $0 == 1 }
    }

    /// Layer normalisation over the last axis, without learned scale or shift.
    public func layerNorm(eps: Double = 1e-5) throws(TensorError) -> Tensor {
        guard rank >= 1 else { throw .invalidArgument("layernorm needs at least one axis") }
        let mean = try reduce(.mean, axis: -1, keepdims: true)
        let variance = try reduce(.variance, axis: -1, keepdims: true)
        let centred = try Tensor.binary(.subtract, self, mean)
        var out = try Tensor.binary(.divide, centred, variance.map { ($0 + eps).squareRoot() })
        out.labels = labels
        return out
    }
}
