#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Elementwise operators of the language, each with NumPy's float64 rule.
public enum BinaryOp: String, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "**"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
}

/// Elementwise functions of one tensor.
public enum UnaryOp: String, Sendable, CaseIterable {
    case negate, exp, log, sqrt, abs, sin, cos, tanh, relu, sigmoid
}

extension Tensor {
    /// `a op b` with broadcasting. Comparisons give 1 where true and 0 where false.
    public static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        switch op {
        case .add: return try elementwise(a, b) { $0 + $1 }
        case .subtract: return try elementwise(a, b) { $0 - $1 }
        case .multiply: return try elementwise(a, b) { $0 * $1 }
        case .divide: return try elementwise(a, b) { $0 / $1 }
        case .power: return try elementwise(a, b) { power($0, $1) }
        case .less: return try elementwise(a, b) { $0 < $1 ? 1 : 0 }
        case .lessEqual: return try elementwise(a, b) { $0 <= $1 ? 1 : 0 }
        case .greater: return try elementwise(a, b) { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return try elementwise(a, b) { $0 >= $1 ? 1 : 0 }
        case .equal: return try elementwise(a, b) { $0 == $1 ? 1 : 0 }
        case .notEqual: return try elementwise(a, b) { $0 != $1 ? 1 : 0 }
        }
    }

    /// x**y as NumPy computes it for float64 (C's `pow`, with x**2 exact).
    static func power(_ x: Double, _ y: Double) -> Double {
        if y == 2 { return x * x }
        return pow(x, y)
    }

    /// Applies an elementwise function, keeping shape and labels.
    public func unary(_ op: UnaryOp) -> Tensor {
        switch op {
        case .negate: return map { -$0 }
        case .exp: return Tensor.exp(self)
        case .log: return map { Glibc.log($0) }
        case .sqrt: return map { $0.squareRoot() }
        case .abs: return map { Swift.abs($0) }
        case .sin: return map { Glibc.sin($0) }
        case .cos: return map { Glibc.cos($0) }
        case .tanh: return map { Glibc.tanh($0) }
        // np.maximum(x, 0) propagates NaN, so must this.
        case .relu: return map { $0.isNaN ? $0 : Swift.max($0, 0) }
        case .sigmoid: return map { 1 / (1 + Glibc.exp(-$0)) }
        }
    }

    /// e^x elementwise.
    public static func exp(_ t: Tensor) -> Tensor {
        t.map { Glibc.exp($0) }
    }

    /// NumPy's `round(x, decimals)`: round half to even, after scaling by 10^decimals.
    public func rounded(decimals: Int = 0) -> Tensor {
        if decimals >= 0 {
            let scale = pow(10.0, Double(decimals))
            return map { ($0 * scale).rounded(.toNearestOrEven) / scale }
        }
        let scale = pow(10.0, Double(-decimals))
        return map { ($0 / scale).rounded(.toNearestOrEven) * scale }
    }

    /// `where(condition, x, y)`: x where the condition is non-zero, else y, broadcast together.
    public static func select(_ condition: Tensor, _ x: Tensor, _ y: Tensor) throws(TensorError) -> Tensor {
        guard let s1 = broadcastShape(condition.shape, x.shape) else { throw .broadcast(condition.shape, x.shape) }
        guard let shape = broadcastShape(s1, y.shape) else { throw .broadcast(s1, y.shape) }
        let c = try condition.broadcast(to: shape), a = try x.broadcast(to: shape), b = try y.broadcast(to: shape)
        var out = a
        out.labels = broadcastLabels([x, y, condition], to: shape)
        for i in 0..<out.count where c.data[i] == 0 { out.data[i] = b.data[i] }
        return out
    }
}
