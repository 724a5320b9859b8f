#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Tensors

/// One layer's multi-head self-attention, from its queries, keys and values side by side
/// (tokens × 3d: Q, K, V; head i is columns i·head size ..< (i+1)·head size of each).
///
/// Written out in loops over one sentence's numbers rather than composed of tensor
/// operations: at 16 tokens each head is a few thousand multiply-adds, and the general
/// operations' bookkeeping (strides, broadcasting, labels) cost more than the arithmetic.
/// The heads run side by side on the matrix kernel's threads.
struct SelfAttention {
    /// What the trace keeps of the layer: each head's Q, K, V, scores and weights.
    let trace: LayerTrace
    /// The heads' outputs side by side: tokens × d, ready for the output projection.
    let context: Tensor

    init(queryKeyValue qkv: Tensor, heads h: Int) {
        let t = qkv.shape[0], d = qkv.shape[1] / 3, dh = d / h
        // Every element below is written exactly once, by the task of its head.
        func uninitialized(_ count: Int) -> [Double] {
            [Double](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        }
        var qh = uninitialized(t * d), kh = uninitialized(t * d), vh = uninitialized(t * d)
        var scores = uninitialized(h * t * t), weights = uninitialized(h * t * t), context = uninitialized(t * d)
        qkv.data.withUnsafeBufferPointer { qkv in
                    qh.withUnsafeMutableBufferPointer { qh in
                        kh.withUnsafeMutableBufferPointer { kh in
                            vh.withUnsafeMutableBufferPointer { vh in
                                scores.withUnsafeMutableBufferPointer { s in
                                    weights.withUnsafeMutableBufferPointer { w in
                                        context.withUnsafeMutableBufferPointer { out in
                                            let q = qkv.baseAddress!
                                            let p = (q: q, k: q + d, v: q + 2 * d,
                                                     qh: qh.baseAddress!, kh: kh.baseAddress!, vh: vh.baseAddress!,
                                                     s: s.baseAddress!, w: w.baseAddress!, out: out.baseAddress!)
                                            parallelFor(h) { head in
                                                let at = head * t * dh
                                                // The head's columns of Q, K and V, as tokens × head size.
                                                for (from, to) in [(p.q, p.qh), (p.k, p.kh), (p.v, p.vh)] {
                                                    for i in 0..<t {
                                                        (to + at + i * dh).update(from: from + i * 3 * d + head * dh, count: dh)
                                                    }
                                                }
                                                SelfAttention.head(q: p.qh + at, k: p.kh + at, v: p.vh + at, tokens: t, size: dh,
                                                                   scores: p.s + head * t * t, weights: p.w + head * t * t,
                                                                   context: p.out + head * dh, rowStride: d)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
        let tokens = qkv.labels[0]
        trace = LayerTrace(
            queries: Tensor(shape: [h, t, dh], data: qh, labels: [nil, tokens, nil]),
            keys: Tensor(shape: [h, t, dh], data: kh, labels: [nil, tokens, nil]),
            values: Tensor(shape: [h, t, dh], data: vh, labels: [nil, tokens, nil]),
            scores: Tensor(shape: [h, t, t], data: scores, labels: [nil, tokens, tokens]),
            weights: Tensor(shape: [h, t, t], data: weights, labels: [nil, tokens, tokens]))
        self.context = Tensor(shape: [t, d], data: context, labels: [tokens, nil])
    }

    /// One head: scores Q·Kᵀ/√(head size), their softmax over the keys, and the values
    /// weighted by it, written into the head's columns of `context` (rows `rowStride` apart).
    static func head(q: UnsafePointer<Double>, k: UnsafePointer<Double>, v: UnsafePointer<Double>, tokens t: Int, size dh: Int,
                     scores s: UnsafeMutablePointer<Double>, weights w: UnsafeMutablePointer<Double>,
                     context out: UnsafeMutablePointer<Double>, rowStride: Int) {
        let scale = 1 / Double(dh).squareRoot()
        // Kᵀ, so that a query's scores against every key build up along contiguous rows.
        withUnsafeTemporaryAllocation(of: Double.self, capacity: dh * t) { kt in
            for j in 0..<t { for c in 0..<dh { kt[c * t + j] = k[j * dh + c] } }
            for i in 0..<t {
                let row = s + i * t, weightRow = w + i * t
                row.update(repeating: 0, count: t)
                for c in 0..<dh {
                    let qc = q[i * dh + c], keys = kt.baseAddress! + c * t
                    for j in 0..<t { row[j] += qc * keys[j] }
                }
                var top = -Double.infinity
                for j in 0..<t { row[j] *= scale; top = max(top, row[j]) }
                var sum = 0.0
                for j in 0..<t { weightRow[j] = exp(row[j] - top); sum += weightRow[j] }
                for j in 0..<t { weightRow[j] /= sum }
                let o = out + i * rowStride
                o.update(repeating: 0, count: dh)
                for j in 0..<t {
                    let a = weightRow[j], values = v + j * dh
                    for c in 0..<dh { o[c] += a * values[c] }
                }
            }
        }
    }
}
