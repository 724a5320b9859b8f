import Tensors

extension Builtins {
    static func reduction(_ kind: Reduction, _ doc: String) -> Builtin {
        Builtin("\(kind.rawValue)(x, axis=None, keepdims=False)", doc) { c throws(LanguageError) in
            let x = try c.tensor("x"), axis = try c.optionalInt("axis"), keep = try c.bool("keepdims", default: false)
            return .tensor(try c.engine { () throws(TensorError) in try x.reduce(kind, axis: axis, keepdims: keep) })
        }
    }

    static let reductions: [Builtin] = [
        reduction(.sum, "sum of all elements, or along an axis: sum(A, axis=-1)"),
        reduction(.mean, "mean of all elements, or along an axis"),
        reduction(.max, "largest element, or largest along an axis"),
        reduction(.min, "smallest element, or smallest along an axis"),
        reduction(.argmax, "position of the largest element (of the flattened tensor, or along an axis)"),
        reduction(.variance, "variance (ddof 0, as NumPy), of all elements or along an axis"),
        reduction(.std, "standard deviation (ddof 0, as NumPy)"),
        reduction(.norm, "Euclidean length: sqrt of the sum of squares, of all elements or along an axis"),
    ]
}
