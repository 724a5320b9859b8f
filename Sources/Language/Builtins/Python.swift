import Tensors

/// Python's own functions a NumPy learner types (len, float, print), and NumPy's
/// conversions and truth values (astype, logical_and, any).
extension Builtins {
    /// A truth-valued result: indexing with it selects, as NumPy's bool arrays do.
    static func boolean(_ t: Tensor) -> Value {
        var t = t
        t.isBoolean = true
        return .tensor(t)
    }

    static func truth(_ v: Double) -> Bool { v != 0 }  // NaN is true, as in NumPy

    static let python: [Builtin] = [
        Builtin("len(x)", "the size of the first axis (the number of rows), as Python's len") { c throws(LanguageError) in
            if case let .string(s)? = c.arg("x")?.value { return .tensor(Tensor(Double(s.count))) }
            let x = try c.tensor("x")
            guard let n = x.shape.first else { throw c.fail("a single number has no length", "x") }
            return .tensor(Tensor(Double(n)))
        },
        Builtin("float(x)", "a single number: float(t) of a one-element tensor, float(\"-inf\") from text") { c throws(LanguageError) in
            guard let a = c.arg("x") else { return .tensor(Tensor(0)) }
            if case let .string(s) = a.value {
                let text = s.filter { !$0.isWhitespace }.lowercased()
                let special: [String: Double] = ["inf": .infinity, "+inf": .infinity, "-inf": -.infinity, "infinity": .infinity,
                                                 "-infinity": -.infinity, "nan": .nan, "+nan": .nan, "-nan": .nan]
                guard let v = special[text] ?? Double(text) else {
                    throw c.fail("could not read \"\(s)\" as a number", "x")
                }
                return .tensor(Tensor(v))
            }
            let x = try c.tensor("x")
            guard x.count == 1 else { throw c.fail("only a tensor with one element is a single number; x is \(Shape.words(x.shape))", "x") }
            return .tensor(Tensor(x.data[0]))
        },
        Builtin("int(x)", "a whole number, cutting off the fraction (towards 0) as Python's int") { c throws(LanguageError) in
            let x = try c.tensor("x")
            guard x.count == 1 else { throw c.fail("only a tensor with one element is a single number; x is \(Shape.words(x.shape))", "x") }
            guard x.data[0].isFinite else { throw c.fail("\(Number.short(x.data[0])) is not a whole number", "x") }
            return .tensor(Tensor(x.data[0].rounded(.towardZero)))
        },
        Builtin("item(x)", "the single number a one-element tensor holds (PyTorch's x.item())") { c throws(LanguageError) in
            let x = try c.tensor("x")
            guard x.count == 1 else { throw c.fail("item needs a tensor with one element; x is \(Shape.words(x.shape))", "x") }
            return .tensor(Tensor(x.data[0]))
        },
        Builtin("print(*values)", "show a value (typing it alone does the same); several are shown on one line") { c throws(LanguageError) in
            if c.rest.count == 1 { return c.rest[0].value }
            return .string(c.rest.map { Builtins.plainText($0.value) }.joined(separator: " "))
        },
        Builtin("list(x)", "the tensor itself (a tensor already is a list of its rows)") { c throws(LanguageError) in
            .tensor(try c.tensor("x"))
        },
        Builtin("tuple(x)", "the tensor itself, as list(x)") { c throws(LanguageError) in
            .tensor(try c.tensor("x"))
        },
        Builtin("array(x)", "a tensor from a list: array([[1, 2], [3, 4]]) is [[1, 2], [3, 4]]") { c throws(LanguageError) in
            .tensor(try c.tensor("x"))
        },
        Builtin("astype(x, dtype)", "the values as \"float\" (0/1 numbers), \"bool\" (a mask: non-zero is true) or \"int\" (towards 0)") { c throws(LanguageError) in
            let x = try c.tensor("x"), kind = try c.string("dtype")
            switch kind {
            case "bool": return boolean(x.map { truth($0) ? 1 : 0 })
            case "float":
                var t = x
                t.isBoolean = false
                return .tensor(t)
            case "int":
                if let bad = x.data.first(where: { !$0.isFinite }) {
                    throw c.fail("\(Number.short(bad)) has no whole-number value", "x")
                }
                var t = x.map { $0.rounded(.towardZero) }
                t.isBoolean = false
                return .tensor(t)
            default:
                throw c.fail("dtype must be \"float\", \"bool\" or \"int\"", "dtype")
            }
        },
        Builtin("matmul(a, b)", "the matrix product a @ b") { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.matmul(a, b) })
        },
        Builtin("logical_and(a, b)", "true where both are true (also written a & b)") { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            return boolean(try c.engine { () throws(TensorError) in try Tensor.elementwise(a, b) { truth($0) && truth($1) ? 1 : 0 } })
        },
        Builtin("logical_or(a, b)", "true where either is true (also written a | b)") { c throws(LanguageError) in
            let a = try c.tensor("a"), b = try c.tensor("b")
            return boolean(try c.engine { () throws(TensorError) in try Tensor.elementwise(a, b) { truth($0) || truth($1) ? 1 : 0 } })
        },
        Builtin("logical_not(x)", "true where x is false (also written ~x)") { c throws(LanguageError) in
            boolean(try c.tensor("x").map { truth($0) ? 0 : 1 })
        },
        Builtin("isnan(x)", "true where x is NaN") { c throws(LanguageError) in
            boolean(try c.tensor("x").map { $0.isNaN ? 1 : 0 })
        },
        Builtin("any(x, axis=None, keepdims=False)", "true if any element is non-zero (along an axis)") { c throws(LanguageError) in
            try truthReduction(c, any: true)
        },
        Builtin("all(x, axis=None, keepdims=False)", "true if every element is non-zero (along an axis)") { c throws(LanguageError) in
            try truthReduction(c, any: false)
        },
    ]

    /// A value as Python's print writes it on one line: nested lists of numbers.
    static func plainText(_ v: Value) -> String {
        switch v {
        case let .string(s): return s
        case let .function(f): return "<function \(f)>"
        case .none: return "None"
        case let .tensor(t):
            func part(_ offset: Int, _ axis: Int) -> String {
                if axis == t.rank { return t.isBoolean ? (t.data[offset] != 0 ? "True" : "False") : Number.short(t.data[offset]) }
                let step = t.shape[(axis + 1)...].reduce(1, *)
                return "[" + (0..<t.shape[axis]).map { part(offset + $0 * step, axis + 1) }.joined(separator: ", ") + "]"
            }
            return t.count == 0 && t.rank > 0 ? "[]" : part(0, 0)
        }
    }

    static func truthReduction(_ c: Call, any: Bool) throws(LanguageError) -> Value {
        let x = try c.tensor("x").map { truth($0) ? 1 : 0 }, keep = try c.bool("keepdims", default: false)
        let axes = try c.axes("axis")
        if x.count == 0 && axes == nil {
            let shape = keep ? [Int](repeating: 1, count: x.rank) : []
            return boolean(Tensor(shape: shape, data: [any ? 0 : 1]))
        }
        // Over 0/1 values, any is the maximum and all the minimum.
        return boolean(try reduce(c, x, any ? .max : .min, axes: axes, keepdims: keep))
    }
}
