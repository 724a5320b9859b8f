import Tensors

extension Builtins {
    static let attention: [Builtin] = [
        Builtin("softmax(x, axis=-1)", "exp(x) / sum(exp(x)) along an axis, computed stably; each row sums to 1 by default") { c throws(LanguageError) in
            let x = try c.tensor("x"), axis = try c.int("axis", default: -1)
            return .tensor(try c.engine { () throws(TensorError) in try x.softmax(axis: axis) })
        },
        Builtin("causal_mask(n)", "n×n mask to add to scores: 0 where a token may look (itself and earlier), -inf above the diagonal") { c throws(LanguageError) in
            let n = try c.int("n")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.causalMask(n) })
        },
        Builtin("layernorm(x, eps=1e-05)", "normalise each row (last axis) to mean 0, variance 1") { c throws(LanguageError) in
            let x = try c.tensor("x"), eps = try c.double("eps", default: 1e-5)
            return .tensor(try c.engine { () throws(TensorError) in try x.layerNorm(eps: eps) })
        },
        Builtin("split_heads(x, h)", "(tokens, d) → (h, tokens, d/h): each head takes d/h consecutive columns") { c throws(LanguageError) in
            let x = try c.tensor("x"), h = try c.int("h")
            return .tensor(try c.engine { () throws(TensorError) in try x.splitHeads(h) })
        },
        Builtin("merge_heads(x)", "(h, tokens, d_k) → (tokens, h·d_k): undo split_heads, concatenating the heads") { c throws(LanguageError) in
            let x = try c.tensor("x")
            return .tensor(try c.engine { () throws(TensorError) in try x.mergeHeads() })
        },
        Builtin("posenc(n, d)", "sinusoidal positional encodings, n positions × d: sin in even columns, cos in odd") { c throws(LanguageError) in
            let n = try c.int("n"), d = try c.int("d")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.positionalEncoding(n, d) })
        },
    ]
}
