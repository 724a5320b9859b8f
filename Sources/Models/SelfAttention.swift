#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CKernels
import Synchronization
import Tensors

/// One layer's multi-head self-attention, from its queries, keys and values side by side
/// (tokens × 3d: Q, K, V; head i is columns i·head size ..< (i+1)·head size of each).
///
/// Not composed of tensor operations: at 16 tokens each head is a few thousand multiply-adds,
/// and the general operations' bookkeeping (strides, broadcasting, labels) cost more than the
/// arithmetic. Each head is one call of `attn_head` (Sources/CKernels/attention.c), and the
/// heads run side by side on the matrix kernel's threads.
struct SelfAttention {
    /// What the trace keeps of the layer: each head's Q, K, V, scores and weights.
    let trace: LayerTrace
    /// The heads' outputs side by side: tokens × d, ready for the output projection.
    let context: Tensor

    init(queryKeyValue qkv: Tensor, heads h: Int) throws(TensorError) {
        let t = qkv.shape[0], d = qkv.shape[1] / 3, dh = d / h
        precondition(dh * h == d, "the heads must split the model width evenly (BertConfig checks it)")
        // Q, K and V by head (each heads × tokens × head size), scores, weights, context:
        // every element is written exactly once, by the task of its head.
        let counts = [t * d, t * d, t * d, h * t * t, h * t * t, t * d]
        try Memory.reserve(elements: counts.reduce(0, +))
        var outputs = counts.map { count in
            [Double](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
        }
        let failed = Atomic(false)
        qkv.data.withUnsafeBufferPointer { qkv in
            SelfAttention.withPointers(&outputs) { out in
                let q = qkv.baseAddress!, k = q + d, v = q + 2 * d
                let (qh, kh, vh, scores, weights, context) = (out[0], out[1], out[2], out[3], out[4], out[5])
                parallelFor(h) { head in
                    let at = head * t * dh
                    // The head's columns of Q, K and V, as tokens × head size.
                    for i in 0..<t {
                        let row = i * 3 * d + head * dh
                        (qh + at + i * dh).update(from: q + row, count: dh)
                        (kh + at + i * dh).update(from: k + row, count: dh)
                        (vh + at + i * dh).update(from: v + row, count: dh)
                    }
                    if attn_head(qh + at, kh + at, vh + at, Int32(t), Int32(dh), scores + head * t * t,
                                 weights + head * t * t, context + head * dh, Int32(d)) != 0 {
                        failed.store(true, ordering: .relaxed)
                    }
                }
            }
        }
        if failed.load(ordering: .relaxed) { throw .invalidArgument("not enough memory for the attention of \(t) tokens") }
        let (qh, kh, vh, scores, weights, context) = (outputs[0], outputs[1], outputs[2], outputs[3], outputs[4], outputs[5])
        let tokens = qkv.labels[0]
        trace = LayerTrace(
            queries: Tensor(shape: [h, t, dh], data: qh, labels: [nil, tokens, nil]),
            keys: Tensor(shape: [h, t, dh], data: kh, labels: [nil, tokens, nil]),
            values: Tensor(shape: [h, t, dh], data: vh, labels: [nil, tokens, nil]),
            scores: Tensor(shape: [h, t, t], data: scores, labels: [nil, tokens, tokens]),
            weights: Tensor(shape: [h, t, t], data: weights, labels: [nil, tokens, tokens]))
        self.context = Tensor(shape: [t, d], data: context, labels: [tokens, nil])
    }

    /// Runs `body` with a pointer to the elements of each array, all valid at once.
    static func withPointers(_ arrays: inout [[Double]], _ body: ([UnsafeMutablePointer<Double>]) -> Void) {
        arrays.withUnsafeMutableBufferPointer { all in
            func nest(_ i: Int, _ pointers: [UnsafeMutablePointer<Double>]) {
                guard i < all.count else { return body(pointers) }
                all[i].withUnsafeMutableBufferPointer { nest(i + 1, pointers + [$0.baseAddress!]) }
            }
            nest(0, [])
        }
    }
}
