import Tensors

/// The NumPy functions beyond the attention essentials: elementwise pairs, `_like`
/// creation, joining, axes, and the small matrix helpers (diag, trace, cumsum).
extension Builtins {
    /// An elementwise function of two tensors, broadcast together.
    static func pairwise(_ name: String, _ doc: String, _ f: @escaping @Sendable (Double, Double) -> Double) -> Builtin {
        Builtin("\(name)(a, b)", doc) { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.elementwise(a, b, f) })
        }
    }

    /// A tensor shaped like `x`, filled with one value.
    static func like(_ name: String, _ value: Double?, _ doc: String) -> Builtin {
        Builtin(value == nil ? "\(name)(x, fill_value)" : "\(name)(x)", doc) { c throws(LanguageError) in
            let x = try c.tensor("x")
            var v = 0.0
            if let value { v = value } else { v = try c.double("fill_value") }
            return .tensor(try c.engine { () throws(TensorError) in try Tensor(repeating: v, shape: x.shape) })
        }
    }

    static let numpy: [Builtin] = [
        pairwise("maximum", "the larger of a and b, element by element (NaN if either is NaN)") { a, b in a.isNaN || b.isNaN ? .nan : Swift.max(a, b) },
        pairwise("minimum", "the smaller of a and b, element by element (NaN if either is NaN)") { a, b in a.isNaN || b.isNaN ? .nan : Swift.min(a, b) },
        Builtin("clip(x, a_min=None, a_max=None)", "limit the values to [a_min, a_max]: clip(x, 0, 1); min=/max= also work") { c throws(LanguageError) in
            var x = try c.tensor("x")
            guard c.has("a_min") || c.has("a_max") else { throw c.fail("give a_min, a_max or both") }
            if c.has("a_min") {
                let lo = try c.tensor("a_min")
                x = try c.engine { () throws(TensorError) in try Tensor.elementwise(x, lo) { v, l in v.isNaN || l.isNaN ? .nan : Swift.max(v, l) } }
            }
            if c.has("a_max") {
                let hi = try c.tensor("a_max")
                x = try c.engine { () throws(TensorError) in try Tensor.elementwise(x, hi) { v, h in v.isNaN || h.isNaN ? .nan : Swift.min(v, h) } }
            }
            return .tensor(x)
        },
        Builtin("sign(x)", "-1, 0 or 1 by the sign of each element (NaN stays NaN)") { c throws(LanguageError) in
            .tensor(try c.tensor("x").map { v in v.isNaN ? .nan : (v > 0 ? 1 : (v < 0 ? -1 : 0)) })
        },
        like("zeros_like", 0, "zeros in the shape of x"),
        like("ones_like", 1, "ones in the shape of x"),
        like("full_like", nil, "the shape of x, filled with fill_value"),
        Builtin("hstack(*tensors)", "join side by side: along axis 1, or axis 0 for vectors") { c throws(LanguageError) in
            let parts = try c.restTensors()
            let axis = parts.first.map { $0.rank <= 1 ? 0 : 1 } ?? 0
            return .tensor(try c.engine { () throws(TensorError) in
                var flat: [Tensor] = []
                for p in parts { flat.append(p.isScalar ? try p.reshaped([1]) : p) }
                return try Tensor.concat(flat, axis: axis)
            })
        },
        Builtin("concatenate(x, axis=0)", "NumPy's concatenate of one tensor: its slices x[0], x[1], … joined along axis") { c throws(LanguageError) in
            let x = try c.tensor("x"), axis = try c.int("axis", default: 0)
            guard x.rank >= 2 else { throw c.fail("the slices of \(Shape.words(x.shape)) are single numbers, which cannot be joined; use concat(A, B) for several tensors", "x") }
            return .tensor(try c.engine { () throws(TensorError) in
                var parts: [Tensor] = []
                for i in 0..<x.shape[0] { parts.append(try x.indexed([.at(i)])) }
                return try Tensor.concat(parts, axis: axis)
            })
        },
        Builtin("vstack(*tensors)", "join one under the other: along axis 0, vectors becoming rows") { c throws(LanguageError) in
            let parts = try c.restTensors()
            return .tensor(try c.engine { () throws(TensorError) in
                var rows: [Tensor] = []
                for p in parts { rows.append(p.rank < 2 ? try p.reshaped([1, p.count]) : p) }
                return try Tensor.concat(rows, axis: 0)
            })
        },
        Builtin("swapaxes(x, axis1, axis2)", "exchange two axes: swapaxes(K, -2, -1) transposes the last two") { c throws(LanguageError) in
            let x = try c.tensor("x"), a = try c.int("axis1"), b = try c.int("axis2")
            return .tensor(try c.engine { () throws(TensorError) in
                let i = try x.normalize(axis: a), j = try x.normalize(axis: b)
                var perm = Array(0..<x.rank)
                perm.swapAt(i, j)
                return try x.transposed(perm)
            })
        },
        Builtin("expand_dims(x, axis)", "add an axis of size 1 at position axis (as x[:, None] does)") { c throws(LanguageError) in
            let x = try c.tensor("x"), axis = try c.int("axis")
            let at = axis < 0 ? axis + x.rank + 1 : axis
            guard at >= 0, at <= x.rank else { throw c.fail("axis \(axis) is out of range for a new axis of a \(x.rank)-axis tensor", "axis") }
            return .tensor(Builtins.inserting(x, axes: [at]))
        },
        Builtin("squeeze(x, axis=None)", "drop axes of size 1 (all of them, or the one given)") { c throws(LanguageError) in
            let x = try c.tensor("x")
            var drop = Set<Int>()
            if let axis = try c.optionalInt("axis") {
                let a = try c.engine { () throws(TensorError) in try x.normalize(axis: axis) }
                guard x.shape[a] == 1 else { throw c.fail("cannot squeeze axis \(axis): its size is \(x.shape[a]), not 1", "axis") }
                drop.insert(a)
            } else {
                drop = Set(x.shape.indices.filter { x.shape[$0] == 1 })
            }
            let keep = x.shape.indices.filter { !drop.contains($0) }
            var out = Tensor(shape: keep.map { x.shape[$0] }, data: x.data, labels: keep.map { x.labels[$0] })
            out.isBoolean = x.isBoolean
            return .tensor(out)
        },
        Builtin("cumsum(x, axis=None)", "running sums: along an axis, or over the flattened tensor") { c throws(LanguageError) in
            var x = try c.tensor("x")
            var axis = try c.optionalInt("axis")
            if axis == nil { x = Tensor(shape: [x.count], data: x.data); axis = 0 }
            let ax = try c.engine { () throws(TensorError) in try x.normalize(axis: axis!) }
            let n = x.shape[ax], inner = x.shape[(ax + 1)...].reduce(1, *), outer = x.shape[..<ax].reduce(1, *)
            var data = x.data
            for o in 0..<outer {
                for i in 0..<inner {
                    var total = 0.0
                    for j in 0..<n {
                        let p = (o * n + j) * inner + i
                        total += data[p]
                        data[p] = total
                    }
                }
            }
            return .tensor(Tensor(shape: x.shape, data: data, labels: x.labels))
        },
        Builtin("diag(x, k=0)", "a vector's diagonal matrix, or a matrix's diagonal (diagonal k above the main one)") { c throws(LanguageError) in
            let x = try c.tensor("x"), k = try c.int("k", default: 0)
            switch x.rank {
            case 1:
                let n = x.count + Swift.abs(k)
                var data = [Double](repeating: 0, count: n * n)
                for i in 0..<x.count { data[(k >= 0 ? i : i - k) * n + (k >= 0 ? i + k : i)] = x.data[i] }
                return .tensor(Tensor(shape: [n, n], data: data))
            case 2:
                return .tensor(Builtins.diagonal(x, k))
            default:
                throw c.fail("diag takes a vector or a matrix, not \(Shape.words(x.shape))", "x")
            }
        },
        Builtin("trace(x, k=0)", "the sum of a matrix's diagonal (or of diagonal k)") { c throws(LanguageError) in
            let x = try c.tensor("x"), k = try c.int("k", default: 0)
            guard x.rank == 2 else { throw c.fail("trace needs a matrix, not \(Shape.words(x.shape))", "x") }
            let d = Builtins.diagonal(x, k)
            return .tensor(try c.engine { () throws(TensorError) in try d.reduce(.sum) })
        },
        Builtin("isclose(a, b, rtol=1e-05, atol=1e-08)", "1 where a and b are equal within tolerance, element by element") { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            let rtol = try c.double("rtol", default: 1e-5), atol = try c.double("atol", default: 1e-8)
            var t = try c.engine { () throws(TensorError) in
                try Tensor.elementwise(a, b) { x, y in
                    if x == y { return 1 }
                    guard x.isFinite, y.isFinite else { return 0 }
                    return Swift.abs(x - y) <= atol + rtol * Swift.abs(y) ? 1 : 0
                }
            }
            t.isBoolean = true
            return .tensor(t)
        },
    ]

    /// Diagonal k of a matrix (above the main one for k > 0).
    static func diagonal(_ x: Tensor, _ k: Int) -> Tensor {
        let r = x.shape[0], c = x.shape[1]
        var out: [Double] = []
        var i = k >= 0 ? 0 : -k, j = k >= 0 ? k : 0
        while i < r, j < c { out.append(x.data[i * c + j]); i += 1; j += 1 }
        return Tensor(shape: [out.count], data: out)
    }

    /// `x` with axes of size 1 inserted at the given positions of the result (ascending);
    /// the other axes keep their labels.
    static func inserting(_ x: Tensor, axes: [Int]) -> Tensor {
        var shape = x.shape, labels = x.labels
        for a in axes.sorted() {
            shape.insert(1, at: a)
            labels.insert(nil, at: a)
        }
        var out = Tensor(shape: shape, data: x.data, labels: labels)
        out.isBoolean = x.isBoolean
        return out
    }
}
