extension Tensor {
    /// Numerically stable softmax along `axis`: subtract the lane's maximum, exponentiate,
    /// divide by the sum. A lane that is all −∞ (a fully masked row) becomes NaN, as in NumPy;
    /// so does a lane holding NaN or +∞.
    ///
    /// Each lane is read three times — maximum, exponentials and their sum, scaling — but
    /// the lane (a 4096-wide row is 32 KB) stays in the core's cache between passes, so
    /// memory sees one read and one write. Lanes are shared among the cores, and a large
    /// softmax can be interrupted with Ctrl-C.
    public func softmax(axis: Int = -1) throws(TensorError) -> Tensor {
        let ax = try normalize(axis: axis)
        let n = shape[ax]
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        let total = count
        // If interrupted, some lanes are never written; the array is thrown away below.
        let data = try Memory.array(count: total) { out in
            self.data.withUnsafeBufferPointer { src in
                guard total > 0, let s = src.baseAddress, let d = out.baseAddress else { return }
                let pointers = UncheckedSendable((s, d))
                if inner == 1 {
                    // Rows are contiguous: one task takes whole rows.
                    let rowsPerTask = max(1, Parallel.elementThreshold / n)
                    Parallel.forRanges(outer, minimumPerTask: rowsPerTask, maximumPerTask: max(1, (1 << 18) / n),
                                       alignment: 1) { rows in
                        if Interrupt.isRequested { return }
                        let (s, d) = pointers.value
                        for r in rows { Tensor.softmaxRow(s + r * n, d + r * n, n) }
                    }
                } else {
                    // Lanes run down a column, `inner` apart: take eight neighbouring lanes
                    // at a time, so every load is one vector.
                    let groups = (inner + Lanes.width - 1) / Lanes.width
                    let cost = n * Lanes.width
                    Parallel.forRanges(outer * groups, minimumPerTask: max(1, Parallel.elementThreshold / cost),
                                       maximumPerTask: max(1, (1 << 18) / cost), alignment: 1) { items in
                        if Interrupt.isRequested { return }
                        let (s, d) = pointers.value
                        for item in items {
                            let o = item / groups, column = (item % groups) * Lanes.width
                            let base = o * n * inner + column
                            Tensor.softmaxColumns(s + base, d + base, n, stride: inner,
                                                  lanes: min(Lanes.width, inner - column))
                        }
                    }
                }
            }
        }
        if Interrupt.isRequested { throw .interrupted }
        return Tensor(shape: shape, data: data, labels: labels)
    }

    /// Softmax of one contiguous row of `n` elements.
    static func softmaxRow(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int) {
        let w = Lanes.width
        let full = n - n % w, tail = n - full
        // Pass 1: the maximum, and whether any element is NaN (which makes the row NaN).
        var top = Vector(repeating: -.infinity)
        var nan = SIMDMask<SIMD8<Int64>>(repeating: false)
        var i = 0
        while i < full {
            let v = Lanes.load(x + i)
            nan .|= v .!= v
            top.replace(with: v, where: v .> top)
            i += w
        }
        if tail > 0 {
            let v = Lanes.load(x + full, count: tail, fill: -.infinity)
            nan .|= v .!= v
            top.replace(with: v, where: v .> top)
        }
        let m = any(nan) ? Double.nan : top.max()
        // Pass 2: e^(x − m), stored, and summed.
        let shift = Vector(repeating: m)
        var sum = Vector()
        i = 0
        while i < full {
            let e = VectorMath.exp(Lanes.load(x + i) - shift)
            Lanes.store(e, y + i)
            sum += e
            i += w
        }
        if tail > 0 {
            var e = VectorMath.exp(Lanes.load(x + full, count: tail) - shift)
            Lanes.store(e, y + full, count: tail)
            e.replace(with: 0, where: Lanes.beyond(tail))
            sum += e
        }
        // Pass 3: scale by the reciprocal (a multiply is several times cheaper than a divide,
        // and stays within an ulp of NumPy's division).
        let r = Vector(repeating: 1 / sum.sum())
        i = 0
        while i < full {
            Lanes.store(Lanes.load(y + i) * r, y + i)
            i += w
        }
        if tail > 0 { Lanes.store(Lanes.load(y + full, count: tail) * r, y + full, count: tail) }
    }

    /// Softmax of `lanes` (≤ 8) neighbouring lanes that run down a column: element j of
    /// lane l is at `x[j * stride + l]`.
    static func softmaxColumns(_ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, _ n: Int,
                               stride: Int, lanes: Int) {
        @inline(__always) func load(_ p: UnsafePointer<Double>) -> Vector {
            lanes == Lanes.width ? Lanes.load(p) : Lanes.load(p, count: lanes)
        }
        @inline(__always) func store(_ v: Vector, _ p: UnsafeMutablePointer<Double>) {
            if lanes == Lanes.width { Lanes.store(v, p) } else { Lanes.store(v, p, count: lanes) }
        }
        var top = Vector(repeating: -.infinity)
        var nan = SIMDMask<SIMD8<Int64>>(repeating: false)
        for j in 0..<n {
            let v = load(x + j * stride)
            nan .|= v .!= v
            top.replace(with: v, where: v .> top)
        }
        top.replace(with: .nan, where: nan)
        var sum = Vector()
        for j in 0..<n {
            let e = VectorMath.exp(load(x + j * stride) - top)
            store(e, y + j * stride)
            sum += e
        }
        let r = 1 / sum
        for j in 0..<n { store(load(UnsafePointer(y + j * stride)) * r, y + j * stride) }
    }
}

extension Lanes {
    /// Lanes at and after `count`.
    @inline(__always)
    static func beyond(_ count: Int) -> SIMDMask<SIMD8<Int64>> {
        SIMD8<Int64>(0, 1, 2, 3, 4, 5, 6, 7) .>= SIMD8<Int64>(repeating: Int64(count))
    }
}
