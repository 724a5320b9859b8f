import Tensors

/// Matrix products, batched over leading axes, with either operand read transposed.
extension Node {
    /// op(a) @ op(b), where op transposes the last two axes when asked. Both operands need
    /// at least two axes; leading (batch) axes broadcast as in NumPy.
    ///
    /// With C = op(A)·op(B) and G = ∂/∂C: ∂/∂op(A) = G·op(B)ᵀ and ∂/∂op(B) = op(A)ᵀ·G.
    /// A transposed operand gets the transpose of that, which is again one product with
    /// the operands read the other way, so nothing is copied. Batch axes that broadcast
    /// are summed away.
    public static func matmul(_ a: Node, _ b: Node, transposeA: Bool = false, transposeB: Bool = false) throws(TensorError) -> Node {
        guard a.value.rank >= 2, b.value.rank >= 2 else {
            throw .invalidArgument("matmul in training takes matrices (or batches of them), not \(Shape.text(a.shape)) and \(Shape.text(b.shape))")
        }
        let out = try Tensor.matmul(a.value, b.value, transposeA: transposeA, transposeB: transposeB)
        return Node(out, name: "matmul", parents: [a, b]) { g throws(TensorError) in
            var ga: Tensor?, gb: Tensor?
            if a.requiresGrad {
                // ∂/∂A = G·op(B)ᵀ, or for a transposed A its transpose op(B)·Gᵀ.
                let full = transposeA
                    ? try Tensor.matmul(b.value, g, transposeA: transposeB, transposeB: true)
                    : try Tensor.matmul(g, b.value, transposeB: !transposeB)
                ga = try sum(full, toShape: a.shape)
            }
            if b.requiresGrad {
                // ∂/∂B = op(A)ᵀ·G, or for a transposed B its transpose Gᵀ·op(A).
                let full = transposeB
                    ? try Tensor.matmul(g, a.value, transposeA: true, transposeB: transposeA)
                    : try Tensor.matmul(a.value, g, transposeA: !transposeA)
                gb = try sum(full, toShape: b.shape)
            }
            return [ga, gb]
        }
    }
}
