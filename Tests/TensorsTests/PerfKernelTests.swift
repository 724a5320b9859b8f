import Synchronization
import Testing
@testable import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// The fast paths (vector exp, vector and multi-threaded elementwise kernels, softmax,
/// BLAS in row panels) against plain scalar code built on libm, on large random inputs,
/// on the edges of the number line, and on sizes that are not multiples of the vector
/// width (8) or of the pieces the work is split into.
@Suite struct PerfKernelTests {
    // MARK: Reference helpers

    /// Deterministic inputs: `scale`·N(0,1) with a sprinkling of exact edge values.
    static func randomData(_ count: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var g = RandomGenerator(seed: seed)
        return (0..<count).map { _ in g.normal() * scale }
    }

    /// Distance in units in the last place of `expected` (0 when both are NaN or equal).
    static func ulps(_ actual: Double, _ expected: Double) -> Double {
        if actual.isNaN && expected.isNaN { return 0 }
        if actual == expected { return 0 }
        if !actual.isFinite || !expected.isFinite { return .infinity }
        return Swift.abs(actual - expected) / expected.ulp
    }

    /// True when both are NaN, or they are the same number (bit for bit apart from NaN payloads).
    static func same(_ a: Double, _ b: Double) -> Bool {
        (a.isNaN && b.isNaN) || (a == b && a.sign == b.sign)
    }

    /// Sizes around the vector width and around the thread split (pieces are multiples of 8
    /// and start at 32K elements).
    static let awkwardSizes = [0, 1, 3, 7, 8, 9, 15, 17, 63, 65, 1000, 32_767, 32_769, 65_543, 262_151]

    // MARK: exp

    @Test func vectorExpWithinOneUlpOfLibmOverTheWholeRange() {
        var g = RandomGenerator(seed: 11)
        var worst = 0.0
        var inputs: [Double] = []
        for _ in 0..<60_000 { inputs.append(g.uniform() * 1460 - 750) }   // [-750, 710)
        for _ in 0..<30_000 { inputs.append(g.uniform() * 2 - 1) }        // near 0
        for _ in 0..<5_000 { inputs.append(g.uniform() * 40 - 745.2) }    // subnormal results
        for _ in 0..<5_000 { inputs.append(709 + g.uniform()) }             // near overflow
        let out = Tensor.exp(Tensor(shape: [inputs.count], data: inputs))
        for (x, y) in zip(inputs, out.data) {
            let expected = Glibc.exp(x)
            if expected != 0, expected.isFinite, expected >= Double.leastNormalMagnitude {
                worst = Swift.max(worst, Self.ulps(y, expected))
            } else {
                // Subnormal, zero and infinite results come from libm itself: exactly equal.
                #expect(Self.same(y, expected), "exp(\(x)) = \(y), libm \(expected)")
            }
        }
        #expect(worst <= 1.0, "worst error \(worst) ulp")
    }

    @Test func vectorExpEdgesMatchLibm() {
        let edges: [Double] = [
            0, -0.0, 1, -1, .infinity, -.infinity, .nan, -.nan, 1000, -1000, 709, 709.5, 709.78, 709.782712893384,
            709.7827128933841, 709.79, 709.8, 709.81, -708, -708.3, -708.4, -709, -720, -744.4, -745.1,
            -745.1332191019411, -745.1332191019412, -745.14, -745.2, -745.3, -746, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .leastNormalMagnitude,
            1e-300, -1e-300, 1e-20, 0.5 * 0.6931471805599453, -0.5 * 0.6931471805599453, 0.6931471805599453,
        ]
        // Every edge in every lane position, with ordinary numbers in the other lanes.
        for position in 0..<9 {
            var data = Self.randomData(9 + edges.count, seed: UInt64(position))
            data.replaceSubrange(position..<position + edges.count, with: edges)
            let out = Tensor.exp(Tensor(shape: [data.count], data: data))
            for (x, y) in zip(data, out.data) {
                let expected = Glibc.exp(x)
                if expected.isNaN || expected == 0 || expected.isInfinite || expected < Double.leastNormalMagnitude {
                    #expect(Self.same(y, expected), "exp(\(x)) = \(y), libm \(expected)")
                } else {
                    #expect(Self.ulps(y, expected) <= 1, "exp(\(x)) = \(y), libm \(expected)")
                }
            }
        }
        #expect(Tensor.exp(Tensor(-.infinity)).data == [0])
        #expect(Tensor.exp(Tensor(.infinity)).data == [.infinity])
        #expect(Tensor.exp(Tensor(.nan)).data[0].isNaN)
        #expect(Tensor.exp(Tensor(-1000)).data == [0])
        #expect(Tensor.exp(Tensor(1000)).data == [.infinity])
        #expect(Tensor.exp(Tensor(0)).data == [1])
    }

    @Test(arguments: awkwardSizes)
    func expOfEverySizeMatchesLibm(count: Int) {
        let data = Self.randomData(count, seed: UInt64(count) &+ 5, scale: 30)
        let t = Tensor(shape: [count], data: data, labels: [count == 3 ? ["a", "b", "c"] : nil])
        let out = t.unary(.exp)
        #expect(out.shape == [count])
        #expect(out.labels == t.labels)
        for (x, y) in zip(data, out.data) { #expect(Self.ulps(y, Glibc.exp(x)) <= 1) }
    }

    // MARK: Other unary kernels

    @Test(arguments: [UnaryOp.negate, .log, .sqrt, .abs, .sin, .cos, .tanh, .relu])
    func exactUnaryKernelsMatchScalarCode(op: UnaryOp) {
        var data = Self.randomData(40_001, seed: 3, scale: 4)
        // Denormals (about 1e-310), built from the smallest one: a decimal literal that small warns.
        let denormal = Double.leastNonzeroMagnitude * 2e13
        data += [0, -0.0, .nan, -.nan, .infinity, -.infinity, denormal, -denormal, -1]
        let scalar: (Double) -> Double
        switch op {
        case .negate: scalar = { -$0 }
        case .log: scalar = { Glibc.log($0) }
        case .sqrt: scalar = { $0.squareRoot() }
        case .abs: scalar = { Swift.abs($0) }
        case .sin: scalar = { Glibc.sin($0) }
        case .cos: scalar = { Glibc.cos($0) }
        case .tanh: scalar = { Glibc.tanh($0) }
        case .relu: scalar = { $0.isNaN ? $0 : Swift.max($0, 0) }
        default: return
        }
        let out = Tensor(shape: [data.count], data: data).unary(op)
        var mismatches = 0
        for (x, y) in zip(data, out.data) where !Self.same(y, scalar(x)) {
            mismatches += 1
            if mismatches < 5 { Issue.record("\(op)(\(x)) = \(y), scalar \(scalar(x))") }
        }
        #expect(mismatches == 0)
    }

    @Test func reluOfNegativeZeroIsPositiveZeroAsInNumPy() {
        let out = Tensor(shape: [3], data: [-0.0, -2, .nan]).unary(.relu)
        #expect(out.data[0] == 0 && out.data[0].sign == .plus)
        #expect(out.data[1] == 0)
        #expect(out.data[2].isNaN)
    }

    @Test func sigmoidWithinUlpsOfTheLibmFormula() {
        var data = Self.randomData(40_003, seed: 4, scale: 20)
        data += [0, .infinity, -.infinity, .nan, 800, -800, 745, -745, 36, -36]
        let out = Tensor(shape: [data.count], data: data).unary(.sigmoid)
        for (x, y) in zip(data, out.data) {
            let expected = 1 / (1 + Glibc.exp(-x))
            if expected.isNaN || expected == 0 || expected == 1 || expected < 1e-300 {
                #expect(Self.same(y, expected) || Self.ulps(y, expected) <= 2, "sigmoid(\(x)) = \(y), expected \(expected)")
            } else {
                #expect(Self.ulps(y, expected) <= 2, "sigmoid(\(x)) = \(y), expected \(expected)")
            }
        }
    }

    // MARK: Binary kernels and broadcasting

    /// a op b computed one element at a time from NumPy's broadcasting rule.
    static func reference(_ a: Tensor, _ b: Tensor, _ f: (Double, Double) -> Double) -> Tensor? {
        guard let shape = Tensor.broadcastShape(a.shape, b.shape) else { return nil }
        let total = shape.reduce(1, *)
        var out = [Double](repeating: 0, count: total)
        func offset(_ t: Tensor, _ index: [Int]) -> Int {
            var off = 0, step = 1
            for axis in stride(from: t.rank - 1, through: 0, by: -1) {
                let i = index[axis + shape.count - t.rank]
                off += (t.shape[axis] == 1 ? 0 : i) * step
                step *= t.shape[axis]
            }
            return off
        }
        var index = [Int](repeating: 0, count: shape.count)
        for flat in 0..<total {
            var rest = flat
            for axis in stride(from: shape.count - 1, through: 0, by: -1) {
                index[axis] = rest % shape[axis]
                rest /= shape[axis]
            }
            out[flat] = f(a.data[offset(a, index)], b.data[offset(b, index)])
        }
        return Tensor(shape: shape, data: out)
    }

    static let shapePairs: [([Int], [Int])] = [
        ([1001], [1001]), ([], [37]), ([37], []), ([], []), ([150, 301], [150, 301]), ([150, 301], []),
        ([], [150, 301]), ([150, 1], [1, 301]), ([1, 301], [150, 1]), ([150, 301], [301]), ([150, 301], [150, 1]),
        ([7, 1, 5], [3, 1]), ([2, 3, 4, 5], [3, 1, 5]), ([5, 1, 1, 9], [1, 4, 3, 1]), ([0, 3], [1, 3]),
        ([3, 0], [3, 1]), ([35, 130, 9], [130, 9]), ([35, 130, 9], [35, 1, 9]), ([3, 11, 2], [11, 1]),
        ([1, 1], [3]), ([2, 1], [1]),
    ]

    @Test(arguments: shapePairs)
    func broadcastKernelsMatchScalarReference(shapeA: [Int], shapeB: [Int]) throws {
        var a = Tensor(shape: shapeA, data: Self.randomData(shapeA.reduce(1, *), seed: 1))
        var b = Tensor(shape: shapeB, data: Self.randomData(shapeB.reduce(1, *), seed: 2))
        // Ties, zeros, infinities and NaN, so comparisons and division meet their edge cases.
        for i in Swift.stride(from: 0, to: a.count, by: 7) { a.data[i] = [0, .nan, .infinity, -.infinity, 1][i % 5] }
        for i in Swift.stride(from: 0, to: b.count, by: 5) { b.data[i] = [0, 1, -.infinity, .nan][i % 4] }
        if a.count > 3, b.count > 3 { a.data[3] = 2; b.data[3] = 2 }
        let ops: [(BinaryOp, (Double, Double) -> Double)] = [
            (.add, { $0 + $1 }), (.subtract, { $0 - $1 }), (.multiply, { $0 * $1 }), (.divide, { $0 / $1 }),
            (.power, { Tensor.power($0, $1) }),
            (.less, { $0 < $1 ? 1 : 0 }), (.lessEqual, { $0 <= $1 ? 1 : 0 }), (.greater, { $0 > $1 ? 1 : 0 }),
            (.greaterEqual, { $0 >= $1 ? 1 : 0 }), (.equal, { $0 == $1 ? 1 : 0 }), (.notEqual, { $0 != $1 ? 1 : 0 }),
        ]
        for (op, f) in ops {
            let got = try Tensor.binary(op, a, b)
            let expected = try #require(Self.reference(a, b, f))
            #expect(got.shape == expected.shape, "\(op) \(shapeA) \(shapeB)")
            var mismatches = 0
            for (x, y) in zip(got.data, expected.data) where !Self.same(x, y) { mismatches += 1 }
            #expect(mismatches == 0, "\(op) \(shapeA) \(shapeB): \(mismatches) elements differ")
        }
    }

    @Test func broadcastWalkMergesAxesThatStepTogether() {
        let same = BroadcastWalk(shape: [4, 5, 6], [30, 6, 1], [30, 6, 1])
        #expect(same.sizes == [120])
        let scalar = BroadcastWalk(shape: [4, 5], [5, 1], [0, 0])
        #expect(scalar.sizes == [20] && scalar.innerB == 0)
        let rows = BroadcastWalk(shape: [8, 512, 64], [32768, 64, 1], [0, 64, 1])
        #expect(rows.sizes == [8, 32768])
        let column = BroadcastWalk(shape: [300, 301], [301, 1], [1, 0])
        #expect(column.sizes == [300, 301] && column.innerB == 0)
    }

    @Test func broadcastWalkVisitsEveryElementOnceFromAnyStart() {
        let walk = BroadcastWalk(shape: [3, 4, 5], [0, 5, 1], [20, 0, 1])
        for start in [0, 1, 4, 5, 19, 20, 37, 59] {
            for end in [start, start + 1, min(60, start + 13), 60] where end >= start {
                var seen: [Int] = []
                walk.forEachRun(in: start..<end) { o, ia, ib, n in
                    for k in 0..<n {
                        let flat = o + k, i = flat / 20, j = (flat / 5) % 4, l = flat % 5
                        #expect(ia + k == j * 5 + l)
                        #expect(ib + k == i * 20 + l)
                        seen.append(flat)
                    }
                }
                #expect(seen == Array(start..<end))
            }
        }
    }

    @Test func binaryKeepsLabelsAndRefusesClashes() throws {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6], labels: [["x", "y"], nil])
        let b = Tensor(shape: [3], data: [1, 1, 1], labels: [["p", "q", "r"]])
        let sum = try Tensor.binary(.add, a, b)
        #expect(sum.labels[0] == ["x", "y"] && sum.labels[1] == ["p", "q", "r"])
        #expect(sum.data == [2, 3, 4, 5, 6, 7])
        do {
            _ = try Tensor.binary(.add, a, Tensor(shape: [2], data: [1, 2]))
            Issue.record("expected a broadcast error")
        } catch {
            #expect(error == .broadcast([2, 3], [2]))
        }
    }

    // MARK: Softmax

    /// Softmax of one lane the plain way: libm exp, left-to-right sum, division.
    static func referenceSoftmax(_ lane: [Double]) -> [Double] {
        var m = -Double.infinity
        for v in lane { if v.isNaN { m = .nan; break }; if v > m { m = v } }
        let e = lane.map { Glibc.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    static func referenceSoftmax(_ t: Tensor, axis: Int) -> [Double] {
        let ax = axis < 0 ? axis + t.rank : axis
        let n = t.shape[ax], outer = t.shape[..<ax].reduce(1, *), inner = t.shape[(ax + 1)...].reduce(1, *)
        var out = t.data
        for o in 0..<outer {
            for i in 0..<inner {
                let idx = (0..<n).map { o * n * inner + $0 * inner + i }
                for (k, v) in zip(idx, referenceSoftmax(idx.map { t.data[$0] })) { out[k] = v }
            }
        }
        return out
    }

    /// Sums of products differ from the plain loop by rounding in a different order: compare
    /// against the largest magnitude in the result.
    static func expectCloseAbsolute(_ got: [Double], _ expected: [Double], _ what: String) {
        #expect(got.count == expected.count)
        let scale = expected.map { Swift.abs($0) }.max() ?? 1
        let worst = zip(got, expected).map { Swift.abs($0 - $1) }.max() ?? 0
        #expect(worst <= 1e-13 * Swift.max(scale, 1), "\(what): error \(worst) at scale \(scale)")
    }

    static func expectClose(_ got: [Double], _ expected: [Double], _ what: String) {
        #expect(got.count == expected.count)
        var worst = 0.0, nanMismatch = 0
        for (x, y) in zip(got, expected) {
            if x.isNaN != y.isNaN { nanMismatch += 1; continue }
            if x.isNaN { continue }
            worst = Swift.max(worst, Swift.abs(x - y) / Swift.max(Swift.abs(y), 1e-300))
        }
        #expect(nanMismatch == 0, "\(what): NaN in different places")
        #expect(worst <= 1e-13, "\(what): relative error \(worst)")
    }

    @Test(arguments: [[1, 1], [1, 7], [5, 8], [3, 9], [17, 13], [40, 1000], [300, 1001], [3, 4097], [2049, 33], [1, 70_001]])
    func softmaxRowsMatchTheScalarReference(shape: [Int]) throws {
        let t = Tensor(shape: shape, data: Self.randomData(shape.reduce(1, *), seed: 9, scale: 6))
        let s = try t.softmax()
        #expect(s.shape == shape)
        Self.expectClose(s.data, Self.referenceSoftmax(t, axis: -1), "softmax \(shape)")
    }

    @Test(arguments: [([9, 5], 0), ([4, 6, 11], 1), ([4, 6, 11], 0), ([3, 500, 203], 1), ([700, 3, 5], 0), ([2, 3, 1], 2), ([5, 1, 3], 1)])
    func softmaxAlongOtherAxesMatchesTheScalarReference(shape: [Int], axis: Int) throws {
        let t = Tensor(shape: shape, data: Self.randomData(shape.reduce(1, *), seed: 10, scale: 5))
        let s = try t.softmax(axis: axis)
        Self.expectClose(s.data, Self.referenceSoftmax(t, axis: axis), "softmax \(shape) axis \(axis)")
    }

    @Test func softmaxEdgeRows() throws {
        let ninf = -Double.infinity
        let rows: [[Double]] = [
            [ninf, ninf, ninf, ninf, ninf, ninf, ninf, ninf, ninf, ninf, ninf],   // fully masked: NaN
            [0, ninf, 1, ninf, 2, ninf, 3, ninf, 4, ninf, 5],                      // masked: zeros
            [1, 2, .nan, 4, 5, 6, 7, 8, 9, 10, 11],                                // NaN spreads
            [1, 2, .infinity, 4, 5, 6, 7, 8, 9, 10, 11],                           // +inf: NaN as in NumPy
            [1000, -1000, 0, 700, 710, -745, 1e308, -1e308, 5, 6, 7],              // huge spread
            [-800, -800, -800, -800, -800, -800, -800, -800, -800, -800, -800],    // uniform, far below 0
            [1e-300, 0, -0.0, .leastNonzeroMagnitude, 0, 0, 0, 0, 0, 0, 0],   // 5e-324
        ]
        let t = Tensor(shape: [rows.count, 11], data: rows.flatMap { $0 })
        let s = try t.softmax()
        Self.expectClose(s.data, Self.referenceSoftmax(t, axis: -1), "edge rows")
        #expect(s.data[0..<11].allSatisfy { $0.isNaN })
        #expect(s.data[11 + 1] == 0 && s.data[11 + 10] > 0.6)
        let transposed = try t.transposed()
        let columns = try transposed.softmax(axis: 0)
        Self.expectClose(columns.data, Self.referenceSoftmax(transposed, axis: 0), "edge columns")
    }

    @Test func softmaxOfEmptyAndScalarLikeTensors() throws {
        #expect(try Tensor(shape: [0, 5], data: []).softmax().shape == [0, 5])
        #expect(try Tensor(shape: [3, 0], data: []).softmax().shape == [3, 0])
        #expect(try Tensor(shape: [1], data: [42]).softmax().data == [1])
        let labelled = Tensor(shape: [2, 2], data: [1, 2, 3, 4], labels: [["a", "b"], ["c", "d"]])
        #expect(try labelled.softmax().labels == labelled.labels)
    }

    // MARK: Matrix products in row panels

    /// A @ B one dot product at a time.
    static func referenceProduct(_ a: [Double], _ b: [Double], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { var s = 0.0; for l in 0..<k { s += a[i * k + l] * b[l * n + j] }; c[i * n + j] = s } }
        return c
    }

    static func transpose(_ x: [Double], rows: Int, columns: Int) -> [Double] {
        var y = x
        for i in 0..<rows { for j in 0..<columns { y[j * rows + i] = x[i * columns + j] } }
        return y
    }

    @Test(arguments: [nil, 1, 7, 64, 100])
    func panelledProductsMatchDotProducts(panelRows: Int?) throws {
        let m = 67, k = 45, n = 23
        let a = Self.randomData(m * k, seed: 21), b = Self.randomData(k * n, seed: 22)
        let expected = Self.referenceProduct(a, b, m: m, k: k, n: n)
        let at = Self.transpose(a, rows: m, columns: k), bt = Self.transpose(b, rows: k, columns: n)
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let left = Tensor(shape: ta ? [k, m] : [m, k], data: ta ? at : a)
            let right = Tensor(shape: tb ? [n, k] : [k, n], data: tb ? bt : b)
            let c = try Tensor.matmul(left, right, transposeA: ta, transposeB: tb, panelRows: panelRows)
            #expect(c.shape == [m, n])
            Self.expectCloseAbsolute(c.data, expected, "matmul ta=\(ta) tb=\(tb) panel=\(String(describing: panelRows))")
        }
    }

    @Test func batchedPanelledProductBroadcastsTheBatch() throws {
        // (3, 1, 19, 11) @ (4, 11, 6): each batch pair is one product.
        let a = Tensor(shape: [3, 1, 19, 11], data: Self.randomData(3 * 19 * 11, seed: 31))
        let b = Tensor(shape: [4, 11, 6], data: Self.randomData(4 * 11 * 6, seed: 32))
        let c = try Tensor.matmul(a, b, transposeA: false, transposeB: false, panelRows: 5)
        #expect(c.shape == [3, 4, 19, 6])
        for i in 0..<3 {
            for j in 0..<4 {
                let expected = Self.referenceProduct(Array(a.data[(i * 209)..<((i + 1) * 209)]),
                                                     Array(b.data[(j * 66)..<((j + 1) * 66)]), m: 19, k: 11, n: 6)
                let start = (i * 4 + j) * 114
                Self.expectCloseAbsolute(Array(c.data[start..<(start + 114)]), expected, "batch \(i),\(j)")
            }
        }
    }

    @Test func productWithAnEmptyInnerSizeIsZeros() throws {
        let c = try Tensor.matmul(Tensor(shape: [3, 0], data: []), Tensor(shape: [0, 2], data: []))
        #expect(c.shape == [3, 2] && c.data == [0, 0, 0, 0, 0, 0])
    }

    // MARK: The thread split

    @Test(arguments: [0, 1, 7, 8, 9, 32_767, 32_768, 32_769, 100_003, 1 << 20])
    func rangesCoverEverythingOnce(count: Int) {
        let lock = Mutex<[Range<Int>]>([])
        Parallel.forRanges(count, maximumPerTask: 50_000) { range in
            lock.withLock { $0.append(range) }
        }
        let ranges = lock.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
        var next = 0
        for r in ranges {
            #expect(r.lowerBound == next)
            #expect(!r.isEmpty && r.count <= 50_000)
            if r.upperBound != count { #expect(r.lowerBound % 8 == 0 && r.count % 8 == 0) }
            next = r.upperBound
        }
        #expect(next == count)
    }
}
