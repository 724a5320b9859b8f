#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Tensors

/// One layer's multi-head self-attention, from its queries, keys and values (tokens × d,
/// head i being columns i·head size ..< (i+1)·head size of each).
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

    init(queries q: Tensor, keys k: Tensor, values v: Tensor, heads h: Int) {
        let t = q.shape[0], d = q.shape[1], dh = d / h
        let qh = SelfAttention.split(q, heads: h), kh = SelfAttention.split(k, heads: h), vh = SelfAttention.split(v, heads: h)
        var scores = [Double](repeating: 0, count: h * t * t)
        var weights = [Double](repeating: 0, count: h * t * t)
        var context = [Double](repeating: 0, count: t * d)
        qh.withUnsafeBufferPointer { qh in
            kh.withUnsafeBufferPointer { kh in
                vh.withUnsafeBufferPointer { vh in
                    scores.withUnsafeMutableBufferPointer { s in
                        weights.withUnsafeMutableBufferPointer { w in
                            context.withUnsafeMutableBufferPointer { out in
                                let pointers = (q: qh.baseAddress!, k: kh.baseAddress!, v: vh.baseAddress!,
                                                s: s.baseAddress!, w: w.baseAddress!, out: out.baseAddress!)
                                parallelFor(h) { head in
                                    SelfAttention.head(q: pointers.q + head * t * dh, k: pointers.k + head * t * dh,
                                                       v: pointers.v + head * t * dh, tokens: t, size: dh,
                                                       scores: pointers.s + head * t * t, weights: pointers.w + head * t * t,
                                                       context: pointers.out + head * dh, rowStride: d)
                                }
                            }
                        }
                    }
                }
            }
        }
        let tokens = q.labels[0]
        trace = LayerTrace(
            queries: Tensor(shape: [h, t, dh], data: qh, labels: [nil, tokens, nil]),
            keys: Tensor(shape: [h, t, dh], data: kh, labels: [nil, tokens, nil]),
            values: Tensor(shape: [h, t, dh], data: vh, labels: [nil, tokens, nil]),
            scores: Tensor(shape: [h, t, t], data: scores, labels: [nil, tokens, tokens]),
            weights: Tensor(shape: [h, t, t], data: weights, labels: [nil, tokens, tokens]))
        self.context = Tensor(shape: [t, d], data: context, labels: [tokens, nil])
    }

    /// tokens × d → heads × tokens × head size.
    static func split(_ x: Tensor, heads h: Int) -> [Double] {
        let t = x.shape[0], d = x.shape[1], dh = d / h
        return [Double](unsafeUninitializedCapacity: t * d) { out, initialized in
            x.data.withUnsafeBufferPointer { src in
                for head in 0..<h {
                    for i in 0..<t {
                        for c in 0..<dh { out[(head * t + i) * dh + c] = src[i * d + head * dh + c] }
                    }
                }
            }
            initialized = t * d
        }
    }

    /// One head: scores Q·Kᵀ/√(head size), their softmax over the keys, and the values
    /// weighted by it, written into the head's columns of `context` (rows `rowStride` apart).
    static func head(q: UnsafePointer<Double>, k: UnsafePointer<Double>, v: UnsafePointer<Double>, tokens t: Int, size dh: Int,
                     scores s: UnsafeMutablePointer<Double>, weights w: UnsafeMutablePointer<Double>,
                     context out: UnsafeMutablePointer<Double>, rowStride: Int) {
        let scale = 1 / Double(dh).squareRoot()
        // Kᵀ, so that a query's scores against every key build up along contiguous rows.
        let kt = UnsafeMutablePointer<Double>.allocate(capacity: dh * t)
        defer { kt.deallocate() }
        for j in 0..<t { for c in 0..<dh { kt[c * t + j] = k[j * dh + c] } }
        for i in 0..<t {
            let row = s + i * t, weightRow = w + i * t
            for j in 0..<t { row[j] = 0 }
            for c in 0..<dh {
                let qc = q[i * dh + c], keys = kt + c * t
                for j in 0..<t { row[j] += qc * keys[j] }
            }
            var top = -Double.infinity
            for j in 0..<t { row[j] *= scale; top = max(top, row[j]) }
            var sum = 0.0
            for j in 0..<t { weightRow[j] = exp(row[j] - top); sum += weightRow[j] }
            for j in 0..<t { weightRow[j] /= sum }
            let o = out + i * rowStride
            for j in 0..<t {
                let a = weightRow[j], values = v + j * dh
                for c in 0..<dh { o[c] += a * values[c] }
            }
        }
    }
}
