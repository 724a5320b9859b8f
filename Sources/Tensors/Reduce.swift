#if canImport(Glibc)
import Glibc
#endif

/// Reductions with NumPy's `axis` and `keepdims`: `sum mean max min argmax var std norm`.
public enum Reduction: String, Sendable, CaseIterable {
    case sum, mean, max, min, argmax, argmin, variance = "var", std, norm
}

extension Tensor {
    /// Reduces over one axis, or over every element when `axis` is nil.
    public func reduce(_ kind: Reduction, axis: Int? = nil, keepdims: Bool = false) throws(TensorError) -> Tensor {
        guard let axis else {
            let flat = Tensor(shape: [count], data: data)
            var r = try flat.reduce(kind, axis: 0)
            if keepdims { r = try r.reshaped([Int](repeating: 1, count: rank)) }
            return r
        }
        let ax = try normalize(axis: axis)
        let n = shape[ax]
        let outer = shape[..<ax].reduce(1, *), inner = shape[(ax + 1)...].reduce(1, *)
        if n == 0, [.max, .min, .argmax, .argmin].contains(kind) {
            throw .invalidArgument("\(kind.rawValue) of an empty axis has no value")
        }
        var outShape = shape
        var outLabels = labels
        if keepdims { outShape[ax] = 1; outLabels[ax] = nil } else { outShape.remove(at: ax); outLabels.remove(at: ax) }
        // The result, one lane, and the lane's squares (variance, norm).
        try Memory.reserve(elements: outer * inner + 2 * n)
        var out = [Double](repeating: 0, count: outer * inner)
        var lane = [Double](repeating: 0, count: n)
        for o in 0..<outer {
            for i in 0..<inner {
                // Ctrl-C every 4096 lanes, or every lane when lanes are long.
                if (o * inner + i) & 0xFFF == 0 || n > 1 << 16 { try Interrupt.check() }
                let base = o * n * inner + i
                for j in 0..<n { lane[j] = data[base + j * inner] }
                out[o * inner + i] = Tensor.reduceLane(lane, kind)
            }
        }
        return Tensor(shape: outShape, data: out, labels: outLabels)
    }

    /// One reduction over a contiguous list of numbers, NumPy's way (NaN propagates
    /// through max/min; argmax returns the first maximum, or the first NaN).
    static func reduceLane(_ x: [Double], _ kind: Reduction) -> Double {
        switch kind {
        case .sum: return pairwiseSum(x[...])
        case .mean: return pairwiseSum(x[...]) / Double(x.count)
        case .max: return x.contains(where: \.isNaN) ? .nan : x.max()!
        case .min: return x.contains(where: \.isNaN) ? .nan : x.min()!
        case .argmax, .argmin:
            if let nan = x.firstIndex(where: \.isNaN) { return Double(nan) }
            var best = 0
            for j in 1..<max(1, x.count) where kind == .argmax ? x[j] > x[best] : x[j] < x[best] { best = j }
            return Double(best)
        case .variance, .std:
            let mean = pairwiseSum(x[...]) / Double(x.count)
            let v = pairwiseSum(x.map { ($0 - mean) * ($0 - mean) }[...]) / Double(x.count)
            return kind == .std ? v.squareRoot() : v
        case .norm:
            return pairwiseSum(x.map { $0 * $0 }[...]).squareRoot()
        }
    }

    /// Pairwise summation, as NumPy does, so long sums keep their accuracy.
    static func pairwiseSum(_ x: ArraySlice<Double>) -> Double {
        if x.count <= 128 {
            var s = 0.0
            for v in x { s += v }
            return s
        }
        let mid = x.startIndex + x.count / 2
        return pairwiseSum(x[..<mid]) + pairwiseSum(x[mid...])
    }
}
