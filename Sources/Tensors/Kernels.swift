#if canImport(Glibc)
import Glibc
#endif

/// An elementwise function of two numbers, eight lanes at a time.
protocol BinaryKernel {
    static func apply(_ a: Vector, _ b: Vector) -> Vector
}

/// An elementwise function of one number, eight lanes at a time.
protocol UnaryKernel {
    static func apply(_ x: Vector) -> Vector
}

enum AddKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { a + b } }
enum SubtractKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { a - b } }
enum MultiplyKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { a * b } }
enum DivideKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { a / b } }

/// C's `pow` has no vector form; this keeps the broadcasting walk and the threads.
enum PowerKernel: BinaryKernel {
    @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector {
        var r = a
        for i in 0..<Lanes.width { r[i] = Tensor.power(a[i], b[i]) }
        return r
    }
}

/// Comparisons give 1 where true, 0 where false; NaN compares as IEEE says (only != holds).
enum LessKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { Vector().replacing(with: 1, where: a .< b) } }
enum LessEqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { Vector().replacing(with: 1, where: a .<= b) } }
enum GreaterKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { Vector().replacing(with: 1, where: a .> b) } }
enum GreaterEqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { Vector().replacing(with: 1, where: a .>= b) } }
enum EqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { Vector().replacing(with: 1, where: a .== b) } }
enum NotEqualKernel: BinaryKernel { @inline(__always) static func apply(_ a: Vector, _ b: Vector) -> Vector { Vector().replacing(with: 1, where: a .!= b) } }

/// −x by flipping the sign bit: SIMD's prefix minus is 0 − x, which turns −(+0) into +0.
enum NegateKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt64>.self) ^ SIMD8(repeating: 1 << 63), to: Vector.self)
    }
}
enum SquareRootKernel: UnaryKernel { @inline(__always) static func apply(_ x: Vector) -> Vector { x.squareRoot() } }
enum ExpKernel: UnaryKernel { @inline(__always) static func apply(_ x: Vector) -> Vector { VectorMath.exp(x) } }

/// |x| by clearing the sign bit, as `Double.magnitude` does (so |−0| = 0 and NaN stays NaN).
enum AbsKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector {
        unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt64>.self) & SIMD8(repeating: ~(1 << 63)), to: Vector.self)
    }
}

/// max(x, 0) as np.maximum: NaN stays NaN, −0 becomes 0.
enum ReluKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector { x.replacing(with: 0, where: x .<= 0) }
}

/// 1 / (1 + e^−x), the formula NumPy users write.
enum SigmoidKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector { 1 / (1 + VectorMath.exp(NegateKernel.apply(x))) }
}

/// libm functions without a vector form: lane by lane, still split over the cores.
enum LogKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector {
        var r = x
        for i in 0..<Lanes.width { r[i] = Glibc.log(x[i]) }
        return r
    }
}
enum SinKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector {
        var r = x
        for i in 0..<Lanes.width { r[i] = Glibc.sin(x[i]) }
        return r
    }
}
enum CosKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector {
        var r = x
        for i in 0..<Lanes.width { r[i] = Glibc.cos(x[i]) }
        return r
    }
}
enum TanhKernel: UnaryKernel {
    @inline(__always) static func apply(_ x: Vector) -> Vector {
        var r = x
        for i in 0..<Lanes.width { r[i] = Glibc.tanh(x[i]) }
        return r
    }
}

extension Tensor {
    /// Applies a unary kernel to every element, on all cores for large tensors.
    /// Not interruptible: it is one bounded pass (at most ``maxElements``), and
    /// `unary` does not throw.
    static func apply<K: UnaryKernel>(_ kernel: K.Type, _ t: Tensor) -> Tensor {
        let n = t.count
        let data = Memory.unchecked(count: n) { out in
            t.data.withUnsafeBufferPointer { src in
                guard let s = src.baseAddress, let d = out.baseAddress else { return }
                let source = UncheckedSendable(s), destination = UncheckedSendable(d)
                Parallel.forRanges(n) { range in
                    applyRun(kernel, source.value + range.lowerBound, destination.value + range.lowerBound, range.count)
                }
            }
        }
        return Tensor(shape: t.shape, data: data, labels: t.labels)
    }

    @inline(__always)
    static func applyRun<K: UnaryKernel>(_: K.Type, _ src: UnsafePointer<Double>, _ dst: UnsafeMutablePointer<Double>, _ n: Int) {
        var i = 0
        while i + Lanes.width <= n {
            Lanes.store(K.apply(Lanes.load(src + i)), dst + i)
            i += Lanes.width
        }
        if i < n { Lanes.store(K.apply(Lanes.load(src + i, count: n - i)), dst + i, count: n - i) }
    }

    /// `a op b` with NumPy broadcasting through a vector kernel, split over the cores
    /// for large results and abandoned (throwing ``TensorError/interrupted``) on Ctrl-C.
    static func combine<K: BinaryKernel>(_ kernel: K.Type, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        guard let shape = broadcastShape(a.shape, b.shape) else { throw .broadcast(a.shape, b.shape) }
        let labels = broadcastLabels([a, b], to: shape)
        let walk = BroadcastWalk(shape: shape, a.broadcastStrides(to: shape), b.broadcastStrides(to: shape))
        let total = try checkedCount(shape)
        // If interrupted, some elements are never written; the array is thrown away below.
        let data = try Memory.array(count: total) { out in
            a.data.withUnsafeBufferPointer { x in
                b.data.withUnsafeBufferPointer { y in
                    guard let px = x.baseAddress, let py = y.baseAddress, let po = out.baseAddress else { return }
                    let operands = UncheckedSendable((px, py, po))
                    Parallel.forRanges(total, maximumPerTask: 1 << 18) { range in
                        // Polled once per piece (≤ 256K elements, well under a millisecond).
                        if Interrupt.isRequested { return }
                        let (pa, pb, po) = operands.value
                        walk.forEachRun(in: range) { o, ia, ib, n in
                            combineRun(kernel, po + o, pa + ia, walk.innerA, pb + ib, walk.innerB, n)
                        }
                    }
                }
            }
        }
        if Interrupt.isRequested { throw .interrupted }
        return Tensor(shape: shape, data: data, labels: labels)
    }

    /// One run of `n` results; each operand steps by 1 or 0 (stretched) along it.
    @inline(__always)
    static func combineRun<K: BinaryKernel>(_: K.Type, _ out: UnsafeMutablePointer<Double>,
                                            _ a: UnsafePointer<Double>, _ da: Int,
                                            _ b: UnsafePointer<Double>, _ db: Int, _ n: Int) {
        var i = 0
        let w = Lanes.width
        switch (da, db) {
        case (1, 1):
            while i + w <= n { Lanes.store(K.apply(Lanes.load(a + i), Lanes.load(b + i)), out + i); i += w }
            if i < n { Lanes.store(K.apply(Lanes.load(a + i, count: n - i), Lanes.load(b + i, count: n - i)), out + i, count: n - i) }
        case (1, _):
            let y = Vector(repeating: b[0])
            while i + w <= n { Lanes.store(K.apply(Lanes.load(a + i), y), out + i); i += w }
            if i < n { Lanes.store(K.apply(Lanes.load(a + i, count: n - i), y), out + i, count: n - i) }
        case (_, 1):
            let x = Vector(repeating: a[0])
            while i + w <= n { Lanes.store(K.apply(x, Lanes.load(b + i)), out + i); i += w }
            if i < n { Lanes.store(K.apply(x, Lanes.load(b + i, count: n - i)), out + i, count: n - i) }
        default:
            let v = K.apply(Vector(repeating: a[0]), Vector(repeating: b[0]))
            while i + w <= n { Lanes.store(v, out + i); i += w }
            if i < n { Lanes.store(v, out + i, count: n - i) }
        }
    }
}

/// The iteration plan for a broadcast of two operands: the result's axes with
/// neighbouring axes merged wherever both operands step through them as one (so
/// same-shape and scalar operands become a single run), and each operand's strides.
struct BroadcastWalk: Sendable {
    /// Merged sizes; the last is the run length.
    let sizes: [Int]
    let stridesA: [Int], stridesB: [Int]
    var inner: Int { sizes[sizes.count - 1] }
    /// Step of each operand along a run: 1, or 0 where it is stretched.
    var innerA: Int { stridesA[stridesA.count - 1] }
    var innerB: Int { stridesB[stridesB.count - 1] }

    init(shape: [Int], _ sa: [Int], _ sb: [Int]) {
        var sizes: [Int] = [], a: [Int] = [], b: [Int] = []
        for axis in shape.indices where shape[axis] != 1 {
            if let last = sizes.last, a.last! == sa[axis] * shape[axis], b.last! == sb[axis] * shape[axis] {
                sizes[sizes.count - 1] = last * shape[axis]
                a[a.count - 1] = sa[axis]
                b[b.count - 1] = sb[axis]
            } else {
                sizes.append(shape[axis]); a.append(sa[axis]); b.append(sb[axis])
            }
        }
        if sizes.isEmpty { sizes = [1]; a = [0]; b = [0] }
        self.sizes = sizes
        stridesA = a
        stridesB = b
    }

    /// Calls `body(outputOffset, offsetA, offsetB, length)` for the pieces of runs that
    /// cover the result elements `range`, in order.
    func forEachRun(in range: Range<Int>, _ body: (Int, Int, Int, Int) -> Void) {
        guard !range.isEmpty else { return }
        let inner = self.inner, outerAxes = sizes.count - 1
        var run = range.lowerBound / inner, within = range.lowerBound % inner
        // The multi-index of the first run over the outer axes, and where it starts.
        var index = [Int](repeating: 0, count: max(outerAxes, 1))
        var offA = 0, offB = 0
        var rest = run
        for axis in stride(from: outerAxes - 1, through: 0, by: -1) {
            index[axis] = rest % sizes[axis]
            rest /= sizes[axis]
            offA += index[axis] * stridesA[axis]
            offB += index[axis] * stridesB[axis]
        }
        var position = range.lowerBound
        while position < range.upperBound {
            let n = min(inner - within, range.upperBound - position)
            body(position, offA + within * innerA, offB + within * innerB, n)
            position += n
            within = 0
            run += 1
            // Step the outer multi-index by one run.
            var axis = outerAxes - 1
            while axis >= 0 {
                index[axis] += 1
                offA += stridesA[axis]
                offB += stridesB[axis]
                if index[axis] < sizes[axis] { break }
                offA -= stridesA[axis] * sizes[axis]
                offB -= stridesB[axis] * sizes[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
