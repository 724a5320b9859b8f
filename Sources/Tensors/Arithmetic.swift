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
    /// Large results are computed on all cores and can be interrupted with Ctrl-C.
    public static func binary(_ op: BinaryOp, _ a: Tensor, _ b: Tensor) throws(TensorError) -> Tensor {
        switch op {
        case .add: return try combine(AddKernel.self, a, b)
        case .subtract: return try combine(SubtractKernel.self, a, b)
        case .multiply: return try combine(MultiplyKernel.self, a, b)
        case .divide: return try combine(DivideKernel.self, a, b)
        case .power: return try combine(PowerKernel.self, a, b)
        case .less: return try combine(LessKernel.self, a, b)
        case .lessEqual: return try combine(LessEqualKernel.self, a, b)
        case .greater: return try combine(GreaterKernel.self, a, b)
        case .greaterEqual: return try combine(GreaterEqualKernel.self, a, b)
        case .equal: return try combine(EqualKernel.self, a, b)
        case .notEqual: return try combine(NotEqualKernel.self, a, b)
        }
    }

    /// x**y as NumPy computes it for float64 (C's `pow`, with x**2 exact).
    static func power(_ x: Double, _ y: Double) -> Double {
        if y == 2 { return x * x }
        return pow(x, y)
    }

    /// Applies an elementwise function, keeping shape and labels; vectorised, and on all
    /// cores for large tensors.
    public func unary(_ op: UnaryOp) -> Tensor {
        switch op {
        case .negate: return Tensor.apply(NegateKernel.self, self)
        case .exp: return Tensor.exp(self)
        case .log: return Tensor.apply(LogKernel.self, self)
        case .sqrt: return Tensor.apply(SquareRootKernel.self, self)
        case .abs: return Tensor.apply(AbsKernel.self, self)
        case .sin: return Tensor.apply(SinKernel.self, self)
        case .cos: return Tensor.apply(CosKernel.self, self)
        case .tanh: return Tensor.apply(TanhKernel.self, self)
        // np.maximum(x, 0) propagates NaN, so must this.
        case .relu: return Tensor.apply(ReluKernel.self, self)
        case .sigmoid: return Tensor.apply(SigmoidKernel.self, self)
        }
    }

    /// e^x elementwise (``VectorMath/exp(_:)-swift.type.method``: within about an ulp of libm).
    public static func exp(_ t: Tensor) -> Tensor {
        apply(ExpKernel.self, t)
    }

    /// NumPy's `round(x, decimals)`: round half to even, after scaling by 10^decimals.
    /// Far more decimals than a Double holds keep the value (Python's `round(1.5, 400)` is
    /// 1.5), far fewer give 0: scaling by 10^±400 would make inf/inf = nan of every number.
    public func rounded(decimals: Int = 0) -> Tensor {
        if decimals >= 0 {
            let scale = pow(10.0, Double(min(decimals, 400)))
            return map { v in
                let scaled = v * scale
                return scaled.isFinite ? scaled.rounded(.toNearestOrEven) / scale : v
            }
        }
        let scale = pow(10.0, Double(min(-decimals, 400)))
        return map { v in scale.isFinite ? (v / scale).rounded(.toNearestOrEven) * scale : v.isFinite ? 0 * v : v }
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
