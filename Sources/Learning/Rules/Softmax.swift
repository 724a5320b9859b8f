import Tensors

/// Softmax over the last axis, the heart of attention.
extension Node {
    /// softmax along the last axis: y = e^x / Σ e^x, each row summing to 1. Masked
    /// scores (−∞, added beforehand) get weight exactly 0.
    ///
    /// Backward, per row: ∂/∂x_j = y_j (g_j − Σ_k g_k y_k) — the Jacobian diag(y) − y yᵀ
    /// applied to g without forming it. A masked entry has y_j = 0, so its gradient is 0.
    public func softmax() throws(TensorError) -> Node {
        let y = try value.softmax(axis: -1)
        let n = shape.last ?? 1
        return Node(y, name: "softmax", parents: [self]) { g in
            var dx = [Double](repeating: 0, count: y.count)
            y.data.withUnsafeBufferPointer { yp in
                g.data.withUnsafeBufferPointer { gp in
                    for row in stride(from: 0, to: y.count, by: max(n, 1)) {
                        var dot = 0.0
                        for j in row..<(row + n) where yp[j] != 0 { dot += gp[j] * yp[j] }
                        for j in row..<(row + n) { dx[j] = yp[j] * (gp[j] - dot) }
                    }
                }
            }
            return [Tensor(shape: y.shape, data: dx)]
        }
    }
}
