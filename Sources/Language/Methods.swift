/// NumPy's and PyTorch's tensor methods (`S.sum(axis=1)`, `K.transpose(-2, -1)`,
/// `S.masked_fill(M, float('-inf'))`), as calls of the builtins with the tensor first.
enum Methods {
    /// How a method becomes a call.
    enum Form: Sendable {
        /// The builtin with the tensor first, the other positional arguments given the names listed.
        case first(String, [String])
        /// Sizes given separately or as one tuple: `x.reshape(2, 3)`, `x.reshape((2, 3))`, `x.view(-1)`.
        case shaped(String)
        /// An operator with the tensor on the left: `x.matmul(y)` is `x @ y`.
        case binary(BinaryOperator)
        /// `astype` to the kind named: `.float()`, `.bool()`.
        case astype(String)
        /// The tensor itself: `.copy()`, `.detach()` (tensors are values here, on no device).
        case identity
        /// var/std: PyTorch's (dim=) correct by n - 1, NumPy's (axis= or nothing) do not.
        case spread(String)
        /// Rewritten by its own code below.
        case special
    }

    static let table: [String: Form] = {
        var t: [String: Form] = [:]
        for n in ["sum", "mean", "max", "min", "argmax", "argmin", "any", "all", "cumsum", "softmax", "squeeze", "prod"] { t[n] = .first(n, ["axis"]) }
        t["var"] = .spread("var"); t["std"] = .spread("std")
        t["norm"] = .first("norm", ["ord", "axis", "keepdims"])
        for n in ["exp", "log", "sqrt", "abs", "tanh", "sin", "cos", "relu", "sigmoid", "sign", "isnan", "dot", "outer", "trace"] {
            t[n] = .first(n, [])
        }
        t["absolute"] = .first("abs", [])
        t["round"] = .first("round", ["decimals"])
        t["clip"] = .first("clip", ["a_min", "a_max"]); t["clamp"] = t["clip"]
        t["reshape"] = .shaped("reshape"); t["view"] = .shaped("reshape")
        t["swapaxes"] = .first("swapaxes", []); t["swapdims"] = t["swapaxes"]
        t["unsqueeze"] = .first("expand_dims", ["axis"])
        t["diagonal"] = .first("diag", [])
        t["matmul"] = .binary(.matmul); t["mm"] = .binary(.matmul); t["bmm"] = .binary(.matmul)
        t["add"] = .binary(.add); t["sub"] = .binary(.subtract); t["mul"] = .binary(.multiply); t["div"] = .binary(.divide)
        t["pow"] = .binary(.power)
        t["eq"] = .binary(.equal); t["ne"] = .binary(.notEqual); t["lt"] = .binary(.less); t["le"] = .binary(.lessEqual)
        t["gt"] = .binary(.greater); t["ge"] = .binary(.greaterEqual)
        t["float"] = .astype("float"); t["double"] = .astype("float"); t["bool"] = .astype("bool")
        t["int"] = .astype("int"); t["long"] = .astype("int")
        for n in ["copy", "clone", "detach", "contiguous", "cpu", "numpy", "to", "tolist"] { t[n] = .identity }
        for n in ["flatten", "ravel", "transpose", "permute", "t", "masked_fill", "astype", "item", "size", "dim", "numel"] { t[n] = .special }
        return t
    }()

    /// The method names, for completion.
    static var names: [String] { Array(table.keys).sorted() }

    /// The builtin a method stands for without a call (`S.sum` names `sum`).
    static func builtin(for name: String) -> String? {
        switch table[name] {
        case let .first(b, _)?, let .shaped(b)?, let .spread(b)?: return b
        case .special?:
            switch name {
            case "transpose", "permute": return "transpose"
            case "masked_fill": return "where"
            case "flatten", "ravel": return "reshape"
            case "astype", "item": return name
            default: return nil
            }
        default: return nil
        }
    }

    /// `x.name(args)` in the language's spelling, or nil when there is no such method (the
    /// interpreter then says which attributes there are).
    static func rewrite(_ base: Expr, _ name: String, _ s: inout Site) throws(LanguageError) -> Expr? {
        guard let form = table[name] else { return nil }
        let x = Spelling.positional(base)
        switch form {
        case let .first(target, params):
            s.name(positionals: params)
            return s.call(target, [x] + s.args)
        case let .shaped(target):
            if let bad = s.keywords.first(where: { $0.name != "shape" }) {
                throw LanguageError(.type, "\(name) takes the sizes only", bad.span)
            }
            return s.call(target, [x] + s.args.map { Spelling.positional($0.value) })
        case let .binary(op):
            guard s.args.count == 1, s.keywords.isEmpty else { throw s.error("\(name) takes one argument, the other operand") }
            return Expr(.binary(op, base, s.args[0].value), s.span)
        case let .astype(kind):
            guard s.args.isEmpty else { throw s.error("\(name)() takes no arguments") }
            return s.call("astype", [x, Spelling.positional(Expr(.string(kind), s.span))])
        case .identity:
            return base
        case let .spread(target):
            var ddof: Double? = nil
            if let u = s.take("unbiased"), case let .name(v) = u.value.kind { ddof = v == "False" ? 0 : 1 }
            if let c = s.take("correction"), case let .number(v) = c.value.kind { ddof = v }
            if s.torchStyle, ddof == nil, s.keyword("ddof") == nil { ddof = 1 }
            s.name(positionals: ["axis"])
            var args = [x] + s.args
            if let ddof { args.append(Argument(name: "ddof", value: Spelling.number(ddof, s.span), span: s.span)) }
            return s.call(target, args)
        case .special:
            return try special(base, name, &s)
        }
    }

    static func special(_ base: Expr, _ name: String, _ s: inout Site) throws(LanguageError) -> Expr {
        let x = Spelling.positional(base)
        switch name {
        case "flatten", "ravel":
            return s.call("reshape", [x, Spelling.positional(Spelling.number(-1, s.span))])
        case "transpose":
            // Two axes swap them, as PyTorch's x.transpose(-2, -1) does (for a matrix the
            // same as NumPy's x.transpose(1, 0)); none reverse all; more give the new order.
            let p = s.positional
            if p.count == 2, s.keywords.isEmpty { return s.call("swapaxes", [x, p[0], p[1]]) }
            guard let axes = axesList(s) else { return Expr(.attribute(base, "T"), s.span) }
            return s.call("transpose", [x, axes])
        case "permute":
            guard let axes = axesList(s) else { throw s.error("permute needs the new order of the axes, e.g. x.permute(1, 0, 2)") }
            return s.call("transpose", [x, axes])
        case "t":
            return Expr(.attribute(base, "T"), s.span)
        case "masked_fill":
            s.name(positionals: ["mask", "value"])
            guard let m = s.keyword("mask"), let v = s.keyword("value"), s.args.count == 2 else {
                throw s.error("masked_fill takes the mask and the value: S.masked_fill(mask, float('-inf'))")
            }
            return s.call("where", [Spelling.positional(m.value), Spelling.positional(v.value), x])
        case "astype":
            guard s.args.count == 1, let d = s.args.first, let kind = Site.dtype(d.value) else {
                throw s.error("astype takes a type: bool, float or int", suggestion: "e.g. (S > 0).astype(float)")
            }
            return s.call("astype", [x, Spelling.positional(Expr(.string(kind), d.span))])
        case "item":
            return s.call("item", [x])
        case "size":
            // PyTorch's x.size() is NumPy's x.shape; x.size(0) one of its entries.
            let shape = Expr(.attribute(base, "shape"), s.span)
            guard let d = s.args.first else { return shape }
            return Expr(.index(shape, [.at(d.value)]), s.span)
        case "dim":
            return Expr(.attribute(base, "ndim"), s.span)
        default:  // numel
            return Expr(.attribute(base, "size"), s.span)
        }
    }

    /// Axes given separately or as one tuple, gathered into the one list `transpose` takes.
    static func axesList(_ s: Site) -> Argument? {
        let p = s.positional
        if p.count == 1, case .list = p[0].value.kind { return p[0] }
        if p.isEmpty { return nil }
        return Spelling.positional(Expr(.list(p.map(\.value)), p[0].span.to(p[p.count - 1].span)))
    }
}
