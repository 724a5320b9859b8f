import Tensors

extension Builtins {
    /// A builtin that applies one elementwise function.
    static func elementwise(_ name: String, _ op: UnaryOp, _ doc: String) -> Builtin {
        Builtin("\(name)(x)", doc) { c throws(LanguageError) in .tensor(try c.tensor("x").unary(op)) }
    }

    static let math: [Builtin] = [
        elementwise("exp", .exp, "e to the power x, elementwise"),
        elementwise("log", .log, "natural logarithm, elementwise"),
        elementwise("sqrt", .sqrt, "square root, elementwise (also written √x)"),
        elementwise("abs", .abs, "absolute value, elementwise"),
        elementwise("sin", .sin, "sine (radians), elementwise"),
        elementwise("cos", .cos, "cosine (radians), elementwise"),
        elementwise("tanh", .tanh, "hyperbolic tangent, elementwise"),
        elementwise("relu", .relu, "max(x, 0), elementwise"),
        elementwise("sigmoid", .sigmoid, "1 / (1 + e^-x), elementwise"),
        Builtin("round(x, decimals=0)", "round to the given decimals, halves to even as NumPy does") { c throws(LanguageError) in
            .tensor(try c.tensor("x").rounded(decimals: try c.int("decimals", default: 0)))
        },
        Builtin("where(condition, x, y)", "x where condition is non-zero, y elsewhere (broadcast together)") { c throws(LanguageError) in
            let cond = try c.tensor("condition"), x = try c.tensor("x"), y = try c.tensor("y")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.select(cond, x, y) })
        },
        Builtin("dot(a, b)", "NumPy's dot: inner product of vectors, matrix product of matrices") { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.dot(a, b) })
        },
        Builtin("outer(a, b)", "outer product: every element of a times every element of b") { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.outer(a, b) })
        },
        Builtin("allclose(a, b, rtol=1e-05, atol=1e-08)", "1 if a and b are equal within tolerance everywhere, else 0") { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            let rtol = try c.double("rtol", default: 1e-5), atol = try c.double("atol", default: 1e-8)
            let close = try c.engine { () throws(TensorError) in try Tensor.allClose(a, b, rtol: rtol, atol: atol) }
            return .tensor(Tensor(close ? 1 : 0))
        },
    ]
}
