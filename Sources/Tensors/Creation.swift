#if canImport(Glibc)
import Glibc
#endif

/// Tensors made from sizes: `zeros ones full eye arange linspace posenc causal_mask`.
extension Tensor {
    public static func zeros(_ shape: [Int]) throws(TensorError) -> Tensor { try Tensor(repeating: 0, shape: shape) }
    public static func ones(_ shape: [Int]) throws(TensorError) -> Tensor { try Tensor(repeating: 1, shape: shape) }

    /// The n×m identity (m defaults to n), ones on the k-th diagonal.
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0) throws(TensorError) -> Tensor {
        let cols = m ?? n
        return try Tensor(shape: [n, cols]) { out in
            out.initialize(repeating: 0)
            // Written as comparisons with k so that no k, however large, overflows.
            for i in 0..<n where k >= -i && k < cols - i { out[i * cols + i + k] = 1 }
        }
    }

    /// NumPy's `arange(start, stop, step)`: ceil((stop − start) / step) numbers.
    public static func arange(_ start: Double, _ stop: Double, _ step: Double = 1) throws(TensorError) -> Tensor {
        guard step != 0, step.isFinite else { throw .invalidArgument("arange needs a finite, non-zero step") }
        guard start.isFinite, stop.isFinite else { throw .invalidArgument("arange needs finite bounds") }
        let length = ((stop - start) / step).rounded(.up)
        // Bounds far apart overflow to ±inf; a length at or below zero is an empty range, however
        // negative (Int(-1e300) would trap).
        guard length < Double(maxElements + 1) else { throw .tooLarge(shape: [Int(min(length, 1e18))]) }
        let n = length > 0 ? Int(length) : 0
        return try Tensor(shape: [n]) { out in
            for i in 0..<n { out[i] = start + Double(i) * step }
        }
    }

    /// NumPy's `linspace(start, stop, num)`, endpoint included.
    public static func linspace(_ start: Double, _ stop: Double, _ num: Int = 50) throws(TensorError) -> Tensor {
        guard num >= 0 else { throw .invalidArgument("linspace needs a count of at least 0 (got \(num))") }
        let step = num > 1 ? (stop - start) / Double(num - 1) : 0
        return try Tensor(shape: [num]) { out in
            for i in 0..<num { out[i] = start + Double(i) * step }
            if num > 1 { out[num - 1] = stop }
        }
    }

    /// Sinusoidal positional encodings, n positions × d, in the paper's interleaved layout:
    /// column 2i is sin(pos / 10000^(2i/d)), column 2i+1 is cos of the same angle.
    public static func positionalEncoding(_ n: Int, _ d: Int) throws(TensorError) -> Tensor {
        // Sizes are checked before the labels are made: a negative or huge n must not get that far.
        _ = try checkedCount([n, d])
        return try Tensor(shape: [n, d], labels: [(0..<n).map { "pos \($0)" }, nil]) { out in
            for pos in 0..<n {
                for j in 0..<d {
                    let angle = Double(pos) / pow(10000, Double(2 * (j / 2)) / Double(d))
                    out[pos * d + j] = j % 2 == 0 ? sin(angle) : cos(angle)
                }
            }
        }
    }

    /// The additive causal mask: 0 where key ≤ query (on and below the diagonal), −∞ above.
    public static func causalMask(_ n: Int) throws(TensorError) -> Tensor {
        try Tensor(shape: [n, n]) { out in
            for i in 0..<n { for j in 0..<n { out[i * n + j] = j <= i ? 0 : -.infinity } }
        }
    }
}
