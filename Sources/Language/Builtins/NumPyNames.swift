/// What one name of a NumPy or PyTorch namespace becomes.
enum Rule: Sendable {
    /// The same builtin, with the same parameters (`dtype=` taken care of).
    case same(String)
    /// The builtin, its positional arguments named as the namespace's signature names them.
    case named(String, [String])
    /// The argument itself: `np.array(x)`, `torch.tensor(x)` (tensors are values, so a copy is the same).
    case identity
    /// A binary operator, as `np.add(a, b)` is `a + b`.
    case op(BinaryOperator)
    /// A function over a list of tensors: `concatenate([A, B], axis=1)` is `concat(A, B, axis=1)`.
    case sequence(String)
    /// var/std as PyTorch computes them: with Bessel's correction unless told otherwise.
    case unbiased(String)
    /// `np.shape(x)` is `x.shape`.
    case attribute(String)
    /// Rewritten by its own code in ``Namespace/special(_:_:)``.
    case special(String)

    /// The builtin the name stands for without a call (`help(np.exp)`), if there is one.
    var builtin: String? {
        switch self {
        case let .same(b), let .named(b, _), let .sequence(b), let .unbiased(b): return b
        case .identity: return "array"
        case .op(.matmul): return "matmul"
        case let .special(b): return b.isEmpty ? nil : b
        case .op, .attribute: return nil
        }
    }
}

/// The namespaces a learner imports, and what their names become.
enum Namespace: Sendable {
    case numpy, torch, math, linalg, random, nn, functional

    /// Names imported bare (`from numpy import concatenate`) that need rewriting: the
    /// functions over a list of tensors, and `matmul`, which is the operator @.
    static let bare: Set<String> = ["concatenate", "concat", "stack", "hstack", "vstack", "cat", "matmul"]

    func constant(_ name: String) -> Expr.Kind? {
        switch (self, name) {
        case (.numpy, "pi"), (.torch, "pi"), (.math, "pi"): return .name("pi")
        case (.numpy, "e"), (.torch, "e"), (.math, "e"): return .name("e")
        case (.numpy, "inf"), (.torch, "inf"), (.math, "inf"), (.numpy, "Inf"), (.numpy, "infty"), (.numpy, "PINF"): return .name("inf")
        case (.numpy, "nan"), (.torch, "nan"), (.math, "nan"), (.numpy, "NaN"), (.numpy, "NAN"): return .name("nan")
        case (.numpy, "newaxis"): return .name("None")
        default: return nil
        }
    }

    var rules: [String: Rule] {
        switch self {
        case .numpy: return Namespace.numpyRules
        case .torch: return Namespace.torchRules
        case .math: return Namespace.mathRules
        case .linalg: return ["norm": .named("norm", ["x", "ord", "axis", "keepdims"])]
        case .random: return ["randn": .same("randn"), "rand": .same("rand"), "seed": .same("seed"),
                              "random": .same("rand"), "random_sample": .same("rand"), "normal": .special("randn"),
                              "uniform": .special("rand"), "standard_normal": .same("randn")]
        case .nn: return [:]
        case .functional: return Namespace.functionalRules
        }
    }

    /// The builtin a name of this namespace stands for as a value.
    func functionName(_ name: String) -> String? { rules[name]?.builtin }

    /// The call `ns.name(…)` in the language's spelling; nil for a name it lacks.
    func rewrite(_ name: String, _ s: inout Site) throws(LanguageError) -> Expr? {
        guard let rule = rules[name] else { return nil }
        switch rule {
        case let .same(target):
            return try s.withDtype { s in s.call(target) }
        case let .named(target, params):
            // The tensor stays positional, as in the builtin's own spelling.
            return try s.withDtype { s in s.name(positionals: Array(params.dropFirst()), from: 1); return s.call(target) }
        case .identity:
            return try s.withDtype { s throws(LanguageError) in
                guard s.args.count == 1, let x = s.args.first, x.name == nil || x.name == "x" || x.name == "data" || x.name == "object" else {
                    throw s.error("\(name) takes one argument, the tensor (or a list such as [[1, 2], [3, 4]])")
                }
                return x.value
            }
        case let .op(op):
            guard s.args.count == 2, s.keywords.isEmpty else { throw s.error("\(name) takes two arguments, as the operator \(op.rawValue) does") }
            return Expr(.binary(op, s.args[0].value, s.args[1].value), s.span)
        case let .sequence(target):
            // One tensor given for the list: NumPy joins its slices along the first axis.
            if target == "concat", s.positional.count == 1, !s.firstIsTheOnlyList { return s.call("concatenate") }
            return s.call(target, try s.spreadFirst(name))
        case let .unbiased(target):
            var ddof = 1.0
            if let u = s.take("unbiased"), case let .name(v) = u.value.kind { ddof = v == "False" ? 0 : 1 }
            if let c = s.take("correction"), case let .number(v) = c.value.kind { ddof = v }
            s.name(positionals: ["axis"], from: 1)
            return s.call(target, s.args + [Argument(name: "ddof", value: Spelling.number(ddof, s.span), span: s.span)])
        case let .attribute(attr):
            guard s.args.count == 1, let x = s.args.first?.value else { throw s.error("\(name) takes one argument") }
            return Expr(.attribute(x, attr), s.span)
        case .special:
            return try Namespace.special(name, &s)
        }
    }

    static func special(_ name: String, _ s: inout Site) throws(LanguageError) -> Expr {
        switch name {
        case "negative":
            guard s.args.count == 1 else { throw s.error("negative takes one argument") }
            return Expr(.unary(.negate, s.args[0].value), s.span)
        case "square":
            guard s.args.count == 1 else { throw s.error("square takes one argument") }
            return Expr(.binary(.power, s.args[0].value, Spelling.number(2, s.span)), s.span)
        case "ravel", "flatten":
            return s.call("reshape", s.args + [Spelling.positional(Spelling.number(-1, s.span))])
        case "float64", "float32":
            return s.call("astype", s.args + [Spelling.positional(Expr(.string("float"), s.span))])
        case "int64", "int32":
            return s.call("astype", s.args + [Spelling.positional(Expr(.string("int"), s.span))])
        case "transpose", "swapdims":  // torch.transpose(x, 0, 1) swaps two axes
            return s.call("swapaxes")
        case "permute":
            s.name(positionals: ["axes"], from: 1)
            return s.call("transpose")
        case "clamp", "clip":
            s.name(positionals: ["a_min", "a_max"], from: 1)
            return s.call("clip")
        case "masked_fill":
            s.name(positionals: ["x", "mask", "value"])
            guard let x = s.keyword("x"), let m = s.keyword("mask"), let v = s.keyword("value") else {
                throw s.error("masked_fill takes the tensor, the mask and the value: torch.masked_fill(S, mask, float('-inf'))")
            }
            return s.call("where", [Spelling.positional(m.value), Spelling.positional(v.value), Spelling.positional(x.value)])
        case "normal", "uniform":
            // np.random.normal(loc, scale, size) is randn(size) * scale + loc; uniform(low, high, size)
            // is rand(size) * (high - low) + low. The numbers are this generator's, not NumPy's.
            let normal = name == "normal"
            s.name(positionals: normal ? ["loc", "scale", "size"] : ["low", "high", "size"])
            let a = s.keyword(normal ? "loc" : "low")?.value ?? Spelling.number(0, s.span)
            let b = s.keyword(normal ? "scale" : "high")?.value ?? Spelling.number(1, s.span)
            let size = s.keyword("size").map { [Spelling.positional($0.value)] } ?? []
            let draw = s.call(normal ? "randn" : "rand", size)
            let width = normal ? b : Expr(.binary(.subtract, b, a), s.span)
            return Expr(.binary(.add, Expr(.binary(.multiply, draw, width), s.span), a), s.span)
        case "layer_norm":
            // normalized_shape must be the last axis: the one layernorm normalises.
            _ = s.take("normalized_shape"); _ = s.take("weight"); _ = s.take("bias")
            if s.positional.count == 2 { s.args.remove(at: 1) }
            return s.call("layernorm")
        default:
            throw s.error("\(name) is not available here")
        }
    }

    /// Builtins NumPy has by the same name, with the same meaning and parameters.
    static let numpySame = ["zeros", "ones", "full", "eye", "arange", "exp", "log", "sqrt", "abs", "sin", "cos", "tanh",
                            "round", "where", "dot", "outer", "allclose", "sum", "mean", "max", "min", "argmax", "argmin",
                            "var", "std", "reshape", "transpose", "tril", "triu", "maximum", "minimum", "zeros_like",
                            "ones_like", "full_like", "swapaxes", "cumsum", "diag", "trace", "sign", "einsum",
                            "expand_dims", "squeeze", "any", "all", "logical_and", "logical_or", "logical_not", "isnan",
                            "isclose"]

    static let numpyRules: [String: Rule] = {
        var r: [String: Rule] = [:]
        for n in numpySame { r[n] = .same(n) }
        r["linspace"] = .named("linspace", ["start", "stop", "num"])
        r["clip"] = .named("clip", ["x", "a_min", "a_max"])
        for n in ["array", "asarray", "asanyarray", "copy", "ascontiguousarray"] { r[n] = .identity }
        r["float64"] = .special("float"); r["float32"] = .special("float")
        r["int64"] = .special("int"); r["int32"] = .special("int"); r["prod"] = .same("prod")
        for n in ["concatenate", "concat"] { r[n] = .sequence("concat") }
        for n in ["stack", "hstack", "vstack"] { r[n] = .sequence(n) }
        r["matmul"] = .op(.matmul)
        r["add"] = .op(.add); r["subtract"] = .op(.subtract); r["multiply"] = .op(.multiply)
        r["divide"] = .op(.divide); r["true_divide"] = .op(.divide); r["power"] = .op(.power)
        r["greater"] = .op(.greater); r["less"] = .op(.less); r["equal"] = .op(.equal)
        r["not_equal"] = .op(.notEqual); r["greater_equal"] = .op(.greaterEqual); r["less_equal"] = .op(.lessEqual)
        r["negative"] = .special(""); r["square"] = .special(""); r["ravel"] = .special("reshape")
        r["amax"] = .same("max"); r["amin"] = .same("min"); r["absolute"] = .same("abs"); r["fabs"] = .same("abs")
        r["around"] = .same("round"); r["empty"] = .same("zeros"); r["empty_like"] = .same("zeros_like")
        r["identity"] = .same("eye"); r["diagonal"] = .same("diag"); r["average"] = .named("mean", ["x", "axis"])
        r["shape"] = .attribute("shape"); r["ndim"] = .attribute("ndim"); r["size"] = .attribute("size")
        return r
    }()

    static let torchSame = ["softmax", "zeros", "ones", "full", "eye", "arange", "exp", "log", "sqrt", "abs",
                            "sin", "cos", "tanh", "relu", "sigmoid", "sum", "mean", "max", "min", "argmax", "argmin",
                            "tril", "triu", "reshape", "randn", "rand", "zeros_like", "ones_like", "full_like", "where",
                            "sign", "einsum", "outer", "dot", "cumsum", "diag", "trace", "allclose", "round", "maximum",
                            "minimum", "squeeze", "isnan", "any", "all", "logical_and", "logical_or", "logical_not",
                            "isclose", "swapaxes"]

    static let torchRules: [String: Rule] = {
        var r: [String: Rule] = [:]
        for n in torchSame { r[n] = .same(n) }
        r["linspace"] = .named("linspace", ["start", "stop", "num"])
        for n in ["tensor", "as_tensor", "from_numpy", "clone"] { r[n] = .identity }
        for n in ["matmul", "mm", "bmm"] { r[n] = .op(.matmul) }
        r["add"] = .op(.add); r["sub"] = .op(.subtract); r["mul"] = .op(.multiply); r["div"] = .op(.divide)
        r["pow"] = .op(.power)
        for n in ["cat", "concat", "concatenate"] { r[n] = .sequence("concat") }
        for n in ["stack", "hstack", "vstack"] { r[n] = .sequence(n) }
        r["var"] = .unbiased("var"); r["std"] = .unbiased("std")
        r["transpose"] = .special("swapaxes"); r["swapdims"] = .special("swapaxes")
        r["permute"] = .special("transpose")
        r["clamp"] = .special("clip"); r["clip"] = .special("clip")
        r["manual_seed"] = .same("seed"); r["unsqueeze"] = .same("expand_dims")
        r["flatten"] = .special("reshape")
        r["norm"] = .named("norm", ["x", "ord", "axis", "keepdims"])
        r["masked_fill"] = .special("where")
        r["numel"] = .attribute("size"); r["prod"] = .same("prod")
        return r
    }()

    static let functionalRules: [String: Rule] = [
        "softmax": .same("softmax"), "relu": .same("relu"), "sigmoid": .same("sigmoid"), "tanh": .same("tanh"),
        "layer_norm": .special("layernorm"),
    ]

    static let mathRules: [String: Rule] = [
        "sqrt": .same("sqrt"), "exp": .same("exp"), "log": .same("log"), "tanh": .same("tanh"), "sin": .same("sin"),
        "cos": .same("cos"), "fabs": .same("abs"),
    ]

    /// Every spelling a namespace offers, for completion and "the closest supported spelling".
    var names: [String] {
        var out = Array(rules.keys)
        for c in ["pi", "e", "inf", "nan", "newaxis"] where constant(c) != nil { out.append(c) }
        switch self {
        case .numpy: out += ["linalg", "random"]
        case .torch: out += ["nn", "linalg"]
        case .nn: out += ["functional"]
        default: break
        }
        return out.sorted()
    }
}
