#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Softmax over the last axis, the heart of attention.
extension Node {
    /// softmax along the last axis: y = e^x / Σ e^x, each row summing to 1. Masked
    /// scores (−∞, added beforehand) get weight exactly 0.
    ///
    /// Backward, per row: ∂/∂x_j = y_j (g_j − Σ_k g_k y_k) — the Jacobian diag(y) − y yᵀ
    /// applied to g without forming it. A masked entry has y_j = 0, so its gradient is 0.
    public func softmax() throws(TensorError) -> Node {
        let n = shape.last ?? 1
        let y = Tensor(shape: shape, data: Node.softmaxRows(value.data, width: n), labels: value.labels)
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

    /// Softmax of each run of `width` numbers, stably (the row's maximum subtracted
    /// first). A plain loop rather than the engine's vector kernel: rows here are a few
    /// numbers long, and the loop stays fast in debug builds, where the tests run.
    static func softmaxRows(_ x: [Double], width n: Int) -> [Double] {
        var y = [Double](repeating: 0, count: x.count)
        guard n > 0 else { return y }
        x.withUnsafeBufferPointer { xp in
            y.withUnsafeMutableBufferPointer { yp in
                for row in stride(from: 0, to: x.count, by: n) {
                    var top = -Double.infinity
                    for j in row..<(row + n) where xp[j] > top || xp[j].isNaN { top = xp[j].isNaN ? .nan : max(top, xp[j]) }
                    var sum = 0.0
                    for j in row..<(row + n) { yp[j] = Glibc.exp(xp[j] - top); sum += yp[j] }
                    let r = 1 / sum
                    for j in row..<(row + n) { yp[j] *= r }
                }
            }
        }
        return y
    }
}
