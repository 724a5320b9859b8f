import CKernels
import Foundation
import KernelChecks
@testable import Models
import Tensors
import Testing

/// The float32 matrix kernel (Sources/CKernels) against OpenBLAS dgemm on the same
/// float32-representable numbers, for every compiled version this CPU can run.
@Suite("The model's float32 kernel", .serialized)
struct KernelTests {
    /// Shapes around the kernel's tile (8 rows) and panel (32 outputs) sizes, and the model's own.
    static let shapes: [(rows: Int, inputs: Int, outputs: Int)] = [
        (1, 1, 1), (1, 8, 32), (7, 13, 31), (8, 32, 32), (9, 33, 33), (16, 384, 384), (16, 384, 1536),
        (3, 1536, 384), (17, 50, 70), (40, 24, 65), (64, 96, 128),
    ]

    static var variants: [Int32] {
        let best = attn_use_variant(Int32(ATTN_AUTOMATIC.rawValue))
        return [ATTN_PORTABLE, ATTN_AVX2, ATTN_AVX512].map { Int32($0.rawValue) }.filter { $0 <= best }
    }

    /// Numbers float32 holds exactly, so both sides multiply the same values.
    static func random(_ shape: [Int], _ g: inout RandomGenerator, scale: Double = 1) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Double(Float((2 * g.uniform() - 1) * scale)) })
    }

    @Test("x·Wᵀ + b, with and without a residual and GELU, matches dgemm to float32 rounding in every version")
    func matchesDgemm() throws {
        defer { _ = attn_use_variant(Int32(ATTN_AUTOMATIC.rawValue)) }
        var g = RandomGenerator(seed: 12)
        for variant in Self.variants {
            #expect(attn_use_variant(variant) == variant)
            for s in Self.shapes {
                let x = Self.random([s.rows, s.inputs], &g), w = Self.random([s.outputs, s.inputs], &g, scale: 0.3)
                let b = Self.random([s.outputs], &g), r = Self.random([s.rows, s.outputs], &g)
                let fast = Linear(weight: w, bias: b, precision: .float32), exact = Linear(weight: w, bias: b, precision: .float64)
                for (activation, residual) in [(Activation.identity, nil), (.identity, r), (.gelu, nil), (.gelu, r)] as [(Activation, Tensor?)] {
                    let ours = try fast(x, activation: activation, adding: residual)
                    let reference = try exact(x, activation: activation, adding: residual)
                    #expect(ours.shape == [s.rows, s.outputs])
                    // float32 sums of `inputs` products, each term ≤ 0.3 in size: error ~ inputs · 2⁻²⁴ · 0.3.
                    let bound = Double(s.inputs) * 0.3 * 1.2e-7 + 1e-12
                    let worst = zip(ours.data, reference.data).map { abs($0 - $1) }.max() ?? 0
                    #expect(worst <= bound, "variant \(variant) \(s) \(activation) residual \(residual != nil): \(worst) > \(bound)")
                }
            }
        }
    }

    @Test("the packed weights read back exactly")
    func weightRowsRoundTrip() {
        var g = RandomGenerator(seed: 3)
        for (outputs, inputs) in [(1, 1), (31, 7), (33, 40), (384, 384)] {
            let w = Self.random([outputs, inputs], &g)
            let linear = Linear(weight: w, bias: Tensor(shape: [outputs], data: .init(repeating: 0, count: outputs)), precision: .float32)
            #expect(linear.weight.data == w.data)
            #expect(linear.weightRows(1..<min(3, outputs)).data == Array(w.data[inputs..<(min(3, outputs) * inputs)]))
        }
    }

    @Test("GELU is the erf form to double precision (libmvec or erf)")
    func geluExact() throws {
        defer { _ = attn_use_variant(Int32(ATTN_AUTOMATIC.rawValue)) }
        // W = I, b = 0: the kernel's outputs are x itself, then GELU.
        let n = 40
        var identity = [Double](repeating: 0, count: n * n)
        for i in 0..<n { identity[i * n + i] = 1 }
        let linear = Linear(weight: Tensor(shape: [n, n], data: identity), bias: Tensor(shape: [n], data: .init(repeating: 0, count: n)), precision: .float32)
        let values = (0..<(3 * n)).map { Double(Float(-9 + Double($0) * 0.15)) }
        let x = Tensor(shape: [3, n], data: values)
        for variant in Self.variants {
            _ = attn_use_variant(variant)
            let y = try linear(x, activation: .gelu)
            for (v, out) in zip(values, y.data) {
                let expected = Linear.gelu(v)
                #expect(abs(out - expected) <= 1e-15 + 1e-13 * abs(expected), "gelu(\(v)) variant \(variant)")
            }
        }
    }

    @Test("one attention head: scores, softmax and the weighted values as written out plainly, to 1e-12")
    func headMatchesPlainLoops() throws {
        defer { _ = attn_use_variant(Int32(ATTN_AUTOMATIC.rawValue)) }
        var g = RandomGenerator(seed: 5)
        for variant in Self.variants {
            #expect(attn_use_variant(variant) == variant)
            for (t, dh) in [(1, 4), (5, 4), (16, 32), (17, 33), (40, 16), (3, 1)] {
                let q = Self.random([t, dh], &g, scale: 3), k = Self.random([t, dh], &g, scale: 3), v = Self.random([t, dh], &g)
                let stride = dh + 3
                var scores = [Double](repeating: 0, count: t * t), weights = scores
                var context = [Double](repeating: -7, count: t * stride)
                #expect(attn_head(q.data, k.data, v.data, Int32(t), Int32(dh), &scores, &weights, &context, Int32(stride)) == 0)
                for i in 0..<t {
                    let s = (0..<t).map { j in (0..<dh).reduce(0.0) { $0 + q.data[i * dh + $1] * k.data[j * dh + $1] } / Double(dh).squareRoot() }
                    let e = s.map { Foundation.exp($0 - s.max()!) }, w = e.map { $0 / e.reduce(0, +) }
                    for j in 0..<t {
                        #expect(abs(scores[i * t + j] - s[j]) <= 1e-12 * max(1, abs(s[j])), "t \(t) dh \(dh) score \(i),\(j)")
                        #expect(abs(weights[i * t + j] - w[j]) <= 1e-12, "t \(t) dh \(dh) weight \(i),\(j)")
                    }
                    for c in 0..<dh {
                        let expected = (0..<t).reduce(0.0) { $0 + w[$1] * v.data[$1 * dh + c] }
                        #expect(abs(context[i * stride + c] - expected) <= 1e-12, "t \(t) dh \(dh) context \(i),\(c)")
                    }
                    // Only the head's own columns of each context row are written.
                    #expect(context[(i * stride + dh)..<((i + 1) * stride)].allSatisfy { $0 == -7 })
                }
            }
        }
    }

    @Test("jobs from several threads at once each get their own right answer")
    func concurrentCallers() async throws {
        var g = RandomGenerator(seed: 8)
        let w = Self.random([200, 64], &g), b = Self.random([200], &g)
        let fast = Linear(weight: w, bias: b, precision: .float32), exact = Linear(weight: w, bias: b, precision: .float64)
        let inputs = (0..<8).map { _ in Self.random([11, 64], &g) }
        let worst = try await withThrowingTaskGroup(of: Double.self) { group in
            for x in inputs {
                group.addTask {
                    var worst = 0.0
                    for _ in 0..<50 {
                        let a = try fast(x), r = try exact(x)
                        worst = max(worst, zip(a.data, r.data).map { abs($0 - $1) }.max()!)
                    }
                    return worst
                }
            }
            return try await group.reduce(0, max)
        }
        #expect(worst < 1e-5)
    }

    @Test("jobs of alternating sizes back to back: no piece runs twice, never, or after its job has returned")
    func poolJobsNeverOverlap() {
        // A worker that woke late used to claim pieces of the next, larger job with the old
        // ticket: piece 2 of a 64-piece job ran twice after a 2-piece job (hundreds of times in
        // two million jobs). Driven from C, where jobs come fast enough to hit the window.
        #expect(attn_check_pool(2_000_000) == 0)
    }

    @Test("parallelFor runs every index exactly once")
    func parallelForCoversAll() {
        for count in [0, 1, 2, 12, 1000] {
            let hits = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
            hits.initialize(repeating: 0, count: max(1, count))
            parallelFor(count) { hits[$0] += 1 }
            #expect((0..<count).allSatisfy { hits[$0] == 1 }, "\(count)")
            hits.deallocate()
        }
    }
}
