import Tensors

extension Builtins {
    static let shaping: [Builtin] = [
        Builtin("reshape(x, *shape)", "the same elements in a new shape: reshape(x, 2, 3); one size may be -1") { c throws(LanguageError) in
            let x = try c.tensor("x"), shape = try c.shape(from: c.rest)
            return .tensor(try c.engine { () throws(TensorError) in try x.reshaped(shape) })
        },
        Builtin("transpose(x, axes=None)", "reverse the axes, or reorder them: transpose(A, [2, 0, 1])") { c throws(LanguageError) in
            let x = try c.tensor("x")
            var axes: [Int]? = nil
            if let a = c.arg("axes"), a.value != .none { axes = try c.shape(from: [a]) }
            return .tensor(try c.engine { () throws(TensorError) in try x.transposed(axes) })
        },
        Builtin("concat(*tensors, axis=0)", "join tensors along an existing axis: concat(A, B, axis=1)") { c throws(LanguageError) in
            let parts = try c.restTensors(), axis = try c.int("axis", default: 0)
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.concat(parts, axis: axis) })
        },
        Builtin("stack(*tensors, axis=0)", "stack same-shaped tensors along a new axis") { c throws(LanguageError) in
            let parts = try c.restTensors(), axis = try c.int("axis", default: 0)
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.stack(parts, axis: axis) })
        },
        Builtin("tril(x, k=0)", "keep the lower triangle (on and below diagonal k), zero the rest") { c throws(LanguageError) in
            let x = try c.tensor("x"), k = try c.int("k", default: 0)
            return .tensor(try c.engine { () throws(TensorError) in try x.triangle(lower: true, k: k) })
        },
        Builtin("triu(x, k=0)", "keep the upper triangle (on and above diagonal k), zero the rest") { c throws(LanguageError) in
            let x = try c.tensor("x"), k = try c.int("k", default: 0)
            return .tensor(try c.engine { () throws(TensorError) in try x.triangle(lower: false, k: k) })
        },
    ]
}
