import Tensors

/// Layer normalisation with a learned scale and shift.
public struct LayerNorm: Sendable {
    public let gamma: Tensor
    public let beta: Tensor
    public let eps: Double

    /// Each row: subtract its mean, divide by √(variance + ε) (the biased variance, as in
    /// PyTorch), then scale by γ and shift by β. Labels of x's rows kept.
    public func callAsFunction(_ x: Tensor) throws(TensorError) -> Tensor {
        let n = gamma.count
        guard x.rank == 2, x.shape[1] == n, beta.count == n else { throw .broadcast(x.shape, [n]) }
        let rows = x.shape[0]
        let out = [Double](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.data.withUnsafeBufferPointer { x in
                gamma.data.withUnsafeBufferPointer { g in
                    beta.data.withUnsafeBufferPointer { b in
                        for r in 0..<rows {
                            let row = x.baseAddress! + r * n, o = out.baseAddress! + r * n
                            let mean = LayerNorm.sum(row, n) { $0 } / Double(n)
                            let variance = LayerNorm.sum(row, n) { ($0 - mean) * ($0 - mean) } / Double(n)
                            let inverse = 1 / (variance + eps).squareRoot()
                            for i in 0..<n { o[i] = (row[i] - mean) * inverse * g[i] + b[i] }
                        }
                    }
                }
            }
            initialized = x.count
        }
        return Tensor(shape: x.shape, data: out, labels: [x.labels[0], nil])
    }

    /// Σ f(x[i]) in eight running sums: one sum would wait on each addition in turn.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Double>, _ n: Int, _ f: (SIMD8<Double>) -> SIMD8<Double>) -> Double {
        var sums = SIMD8<Double>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            sums += f(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Double>.self))
            i += 8
        }
        var total = sums.sum()
        while i < n { total += f(SIMD8<Double>(repeating: x[i]))[0]; i += 1 }
        return total
    }
}
