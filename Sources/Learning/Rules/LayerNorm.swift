import Tensors

/// Layer normalisation over the last axis (no learned scale or shift: multiply and add
/// parameters after it for those).
extension Node {
    /// x̂ = (x − mean) / √(var + eps) per row, with the population variance, as the
    /// engine's `layernorm`.
    ///
    /// Backward, per row of n with r = 1/√(var + eps):
    /// ∂/∂x = r · (g − mean(g) − x̂ · mean(g · x̂)). The two means are what the row's own
    /// mean and variance take back from every element.
    public func layerNorm(eps: Double = 1e-5) throws(TensorError) -> Node {
        guard let n = shape.last, n > 0 else { throw .invalidArgument("layernorm needs a last axis with elements") }
        let rows = value.count / n
        var xhat = [Double](repeating: 0, count: value.count)
        var rstd = [Double](repeating: 0, count: rows)
        for r in 0..<rows {
            let base = r * n
            var mean = 0.0
            for j in 0..<n { mean += value.data[base + j] }
            mean /= Double(n)
            var variance = 0.0
            for j in 0..<n { let c = value.data[base + j] - mean; variance += c * c }
            variance /= Double(n)
            rstd[r] = 1 / (variance + eps).squareRoot()
            for j in 0..<n { xhat[base + j] = (value.data[base + j] - mean) * rstd[r] }
        }
        let out = Tensor(shape: shape, data: xhat)
        return Node(out, name: "layernorm", parents: [self]) { g in
            var dx = [Double](repeating: 0, count: g.count)
            for r in 0..<rows {
                let base = r * n
                var meanG = 0.0, meanGX = 0.0
                for j in 0..<n { meanG += g.data[base + j]; meanGX += g.data[base + j] * xhat[base + j] }
                meanG /= Double(n)
                meanGX /= Double(n)
                for j in 0..<n { dx[base + j] = rstd[r] * (g.data[base + j] - meanG - xhat[base + j] * meanGX) }
            }
            return [Tensor(shape: g.shape, data: dx)]
        }
    }
}
