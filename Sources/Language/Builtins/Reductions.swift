import Tensors

extension Builtins {
    static func reduction(_ kind: Reduction, _ doc: String) -> Builtin {
        let extra = kind == .variance || kind == .std ? ", ddof=0" : (kind == .norm ? ", ord=None" : "")
        return Builtin("\(kind.rawValue)(x, axis=None, keepdims=False\(extra))", doc) { c throws(LanguageError) in
            if kind == .max || kind == .min, let numbers = try pythonExtremum(c, kind) { return numbers }
            var x = try c.tensor("x")
            let keep = try c.bool("keepdims", default: false)
            let axes = try c.axes("axis")
            if kind == .norm { x = try normArgument(c, x, axes: axes) }
            var ord = 2.0
            if kind == .norm, c.has("ord"), c.arg("ord")?.value != .string("fro") { ord = try c.double("ord") }
            var out = try reduce(c, x, ord == 1 ? .sum : kind, axes: axes, keepdims: keep)
            if ord == .infinity {
                out = try reduce(c, x, .max, axes: axes, keepdims: keep)
            }
            if (kind == .variance || kind == .std), c.has("ddof") {
                let ddof = try c.double("ddof")
                let n = Double(axes.map { $0.reduce(1) { p, a in p * x.shape[(try? x.normalize(axis: a)) ?? 0] } } ?? x.count)
                let scale = n / (n - ddof)
                out = kind == .variance ? out.map { $0 * scale } : out.map { ($0 * $0 * scale).squareRoot() }
            }
            return .tensor(out)
        }
    }

    /// Python's max(3, 4) and min(a, b) on single numbers: the largest (smallest) of the
    /// numbers given, nil when this is NumPy's max over an axis.
    static func pythonExtremum(_ c: Call, _ kind: Reduction) throws(LanguageError) -> Value? {
        guard let x = c.arg("x"), let axis = c.arg("axis"), axis.isPositional, case let .tensor(first) = x.value else { return nil }
        var values = [axis]
        if let k = c.arg("keepdims"), k.isPositional { values.append(k) }
        if first.isScalar {
            var best = first.data[0]
            for v in values {
                guard case let .tensor(t) = v.value, t.isScalar else {
                    throw LanguageError(.type, "\(c.name) of several numbers takes single numbers only, but \(v.text) is \(v.value.kindName)", v.span)
                }
                // Python keeps the first of equal (or unordered) numbers.
                if kind == .max ? t.data[0] > best : t.data[0] < best { best = t.data[0] }
            }
            return .tensor(Tensor(best))
        }
        if case let .tensor(t) = axis.value, !(t.isScalar && t.data[0].rounded() == t.data[0]) {
            throw LanguageError(.type, "\(c.name)'s second argument is the axis, but \(axis.text) is \(axis.value.kindName)", axis.span,
                                suggestion: "for the element-by-element \(kind == .max ? "larger" : "smaller") of two tensors, write \(kind == .max ? "maximum" : "minimum")(\(x.text), \(axis.text))")
        }
        return nil
    }

    /// The vector norms `ord` may ask for: 2 (the default), 1 (sum of absolute values), inf (largest).
    static func normArgument(_ c: Call, _ x: Tensor, axes: [Int]?) throws(LanguageError) -> Tensor {
        guard c.has("ord") else { return x }
        if case .string("fro")? = c.arg("ord")?.value { return x }
        let ord = try c.double("ord")
        guard ord == 2 || ord == 1 || ord == .infinity else {
            throw c.fail("only ord=2 (the Euclidean length), ord=1 and ord=inf are available", "ord")
        }
        if ord != 2, axes?.count != 1, !(axes == nil && x.rank == 1) {
            throw c.fail("ord=\(Number.short(ord)) is a vector norm: give one axis, e.g. axis=-1", "ord")
        }
        if ord == 2, x.rank >= 2, axes == nil || axes!.count > 1 {
            throw c.fail("ord=2 of a matrix is its largest singular value, which is not available; leave ord out for the Frobenius norm", "ord")
        }
        return ord == 2 ? x : x.unary(.abs)
    }

    /// A reduction over no axis (everything), one axis, or several (NumPy's axis=(0, 1)).
    static func reduce(_ c: Call, _ x: Tensor, _ kind: Reduction, axes: [Int]?, keepdims: Bool) throws(LanguageError) -> Tensor {
        guard let axes, axes.count != 1 else {
            return try c.engine { () throws(TensorError) in try x.reduce(kind, axis: axes?.first, keepdims: keepdims) }
        }
        return try c.engine { () throws(TensorError) in
            var chosen: [Int] = []
            for a in axes { chosen.append(try x.normalize(axis: a)) }
            guard Set(chosen).count == chosen.count else { throw .invalidArgument("an axis is repeated in \(axes)") }
            if chosen.isEmpty { return x }
            // Move the chosen axes to the end, merge them into one and reduce that.
            let rest = (0..<x.rank).filter { !chosen.contains($0) }
            let moved = try x.transposed(rest + chosen.sorted())
            let merged = try moved.reshaped(rest.map { x.shape[$0] } + [chosen.reduce(1) { $0 * x.shape[$1] }])
            let r = try merged.reduce(kind, axis: -1)
            guard keepdims else { return r }
            return try r.reshaped((0..<x.rank).map { chosen.contains($0) ? 1 : x.shape[$0] })
        }
    }

    /// The product of the elements, over everything or along axes (not an engine reduction:
    /// attention never needs it, but shapes are multiplied, np.prod(X.shape)).
    static let product = Builtin("prod(x, axis=None, keepdims=False)", "product of all elements, or along an axis: prod(X.shape)") { c throws(LanguageError) in
        let x = try c.tensor("x"), keep = try c.bool("keepdims", default: false)
        let axes = try c.axes("axis")
        return .tensor(try c.engine { () throws(TensorError) in
            var chosen: [Int] = []
            for a in axes ?? Array(0..<x.rank) { chosen.append(try x.normalize(axis: a)) }
            let rest = (0..<x.rank).filter { !chosen.contains($0) }
            let n = chosen.reduce(1) { $0 * x.shape[$1] }
            let moved = try x.transposed(rest + chosen.sorted())
            let outer = moved.count / Swift.max(n, 1)
            var out: [Double] = []
            for o in 0..<(n == 0 ? rest.reduce(1) { $0 * x.shape[$1] } : outer) {
                var p = 1.0
                for j in 0..<n { p *= moved.data[o * n + j] }
                out.append(p)
            }
            let shape = keep ? (0..<x.rank).map { chosen.contains($0) ? 1 : x.shape[$0] } : rest.map { x.shape[$0] }
            return Tensor(shape: shape, data: out)
        })
    }

    static let reductions: [Builtin] = [
        reduction(.sum, "sum of all elements, or along an axis: sum(A, axis=-1)"),
        reduction(.mean, "mean of all elements, or along an axis"),
        reduction(.max, "largest element, or largest along an axis; max(a, b) of numbers is the larger"),
        reduction(.min, "smallest element, or smallest along an axis; min(a, b) of numbers is the smaller"),
        reduction(.argmax, "position of the largest element (of the flattened tensor, or along an axis)"),
        reduction(.argmin, "position of the smallest element (of the flattened tensor, or along an axis)"),
        reduction(.variance, "variance (ddof 0, as NumPy; PyTorch's dim= divides by n - 1), of all elements or along an axis"),
        reduction(.std, "standard deviation (ddof 0, as NumPy; PyTorch's dim= divides by n - 1)"),
        reduction(.norm, "Euclidean length: sqrt of the sum of squares, of all elements or along an axis"),
        product,
    ]
}
