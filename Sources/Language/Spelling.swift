/// NumPy's and PyTorch's spellings, rewritten while the parser builds the tree into the
/// nodes the language's own spellings make: `np.exp(S)` becomes `exp(S)`, `S.sum(axis=1)`
/// `sum(S, axis=1)`, `S.softmax(dim=0)` `softmax(S, axis=0)`, `np.matmul(A, B)` `A @ B`.
///
/// Everything after the parser (the interpreter, a grader that edits the tree to find a
/// mistake) then meets one tree for all the spellings of a computation. The new nodes keep
/// the spans of the learner's text, so a message still quotes what was typed.
enum Spelling {
    /// The namespaces a learner imports, by the names code usually gives them.
    static let modules: [String: Namespace] = [
        "np": .numpy, "numpy": .numpy, "torch": .torch, "math": .math,
        "np.linalg": .linalg, "numpy.linalg": .linalg, "torch.linalg": .linalg,
        "np.random": .random, "numpy.random": .random,
        "torch.nn": .nn, "nn": .nn, "torch.nn.functional": .functional, "nn.functional": .functional,
    ]

    /// Names that are always namespaces here and cannot be assigned. `F` (PyTorch's usual
    /// name for torch.nn.functional) is one only before a function of it: `F.softmax(x, dim=-1)`.
    static let reserved: Set<String> = ["np", "numpy", "torch", "math", "nn"]

    /// The dotted path of a namespace expression (`np.linalg`), or nil.
    static func namespace(_ e: Expr) -> (String, Namespace)? {
        let path = dotted(e)
        guard let path, let ns = modules[path] else { return nil }
        return (path, ns)
    }

    /// `a.b.c` as "a.b.c" when it is names and attributes only.
    static func dotted(_ e: Expr) -> String? {
        switch e.kind {
        case let .name(n): return n
        case let .attribute(base, name): return dotted(base).map { "\($0).\(name)" }
        default: return nil
        }
    }

    /// `base.name` followed by no call: a constant or function of a namespace, a NumPy
    /// attribute (`.mT`), or nil to leave the attribute as it is.
    static func attribute(_ base: Expr, _ name: String, _ span: SourceSpan) -> Expr? {
        if let (_, ns) = namespace(base) {
            if let c = ns.constant(name) { return Expr(c, span) }
            if let target = ns.functionName(name) { return Expr(.name(target), span) }
            return nil
        }
        switch name {
        case "mT":
            return Expr(.call(Expr(.name("swapaxes"), span), [positional(base), positional(number(-2, span)), positional(number(-1, span))]), span)
        case "values", "indices":
            // PyTorch's `x.max(dim=1).values` / `.indices`: max (or argmax) along that axis.
            guard case let .call(f, args) = base.kind, case let .name(fn) = f.kind, fn == "max" || fn == "min" else { return nil }
            if name == "values" { return base }
            return Expr(.call(Expr(.name("arg" + fn), f.span), args), span)
        default:
            return nil
        }
    }

    /// `callee(args)`: a namespace function or a method, as the language's own call; nil
    /// when the call is already in the language's spelling.
    static func call(_ callee: Expr, _ args: [Argument], _ span: SourceSpan) throws(LanguageError) -> Expr? {
        var site = Site(args: args, span: span, calleeSpan: callee.span)
        switch callee.kind {
        case let .name(n):
            // Bare NumPy names that take a list of tensors, and `matmul`, as imported from NumPy.
            guard Namespace.bare.contains(n) else { return nil }
            // The builtins' own concat(A, B) and stack(A, B) stay; concat([A, B]) is NumPy's habit.
            if n != "matmul", n != "concatenate", Builtins.table[n] != nil, !site.firstIsTheOnlyList { return nil }
            return try Namespace.numpy.rewrite(n, &site)
        case let .attribute(base, name):
            if let (path, ns) = namespace(base) {
                site.renameKeywords()
                // nil: the interpreter names the closest supported spelling of \(path).
                _ = path
                return try ns.rewrite(name, &site)
            }
            if case .name("F") = base.kind, Namespace.functional.functionName(name) != nil,
               args.contains(where: { $0.name == nil || $0.name == "input" }) {
                site.renameKeywords()
                return try Namespace.functional.rewrite(name, &site)
            }
            site.renameKeywords()
            return try Methods.rewrite(base, name, &site)
        default:
            return nil
        }
    }

    static func positional(_ e: Expr) -> Argument { Argument(name: nil, value: e, span: e.span) }
    /// A number as the parser reads it from text: -1 is the negation of 1.
    static func number(_ v: Double, _ span: SourceSpan) -> Expr {
        v < 0 ? Expr(.unary(.negate, Expr(.number(-v), span)), span) : Expr(.number(v), span)
    }
}

/// One call being rewritten: its arguments, positional ones first, and where it stands.
struct Site {
    var args: [Argument]
    let span: SourceSpan
    let calleeSpan: SourceSpan
    /// Whether PyTorch's keywords (dim=, keepdim=) were used: var and std then correct by n - 1.
    var torchStyle = false

    /// PyTorch's keyword names for the ones the builtins use.
    static let keywordNames = ["dim": "axis", "keepdim": "keepdims", "diagonal": "k", "input": "x", "a": "x",
                               "axes": "axes", "decimals": "decimals"]

    mutating func renameKeywords() {
        for i in args.indices {
            if let n = args[i].name, let new = Site.keywordNames[n] {
                if n == "dim" || n == "keepdim" { torchStyle = true }
                args[i].name = new
            }
        }
    }

    var positional: [Argument] { args.filter { $0.name == nil } }
    var keywords: [Argument] { args.filter { $0.name != nil } }

    func keyword(_ name: String) -> Argument? { args.first { $0.name == name } }

    /// Removes and returns a keyword argument.
    mutating func take(_ name: String) -> Argument? {
        guard let i = args.firstIndex(where: { $0.name == name }) else { return nil }
        return args.remove(at: i)
    }

    /// Gives the positional arguments from `offset` on the names of the foreign signature,
    /// so `np.linalg.norm(x, None, 1)` binds 1 to axis whatever our own order is.
    mutating func name(positionals names: [String], from offset: Int = 0) {
        var k = 0
        for i in args.indices where args[i].name == nil {
            if k >= offset, k - offset < names.count { args[i].name = names[k - offset] }
            k += 1
        }
    }

    /// A call of a builtin with these arguments.
    func call(_ target: String, _ arguments: [Argument]? = nil) -> Expr {
        Expr(.call(Expr(.name(target), calleeSpan), arguments ?? args), span)
    }

    func error(_ message: String, suggestion: String? = nil) -> LanguageError {
        LanguageError(.type, message, span, suggestion: suggestion)
    }

    /// Whether the one positional argument is a list literal, `[A, B]` or `(A, B)`.
    var firstIsTheOnlyList: Bool {
        guard positional.count == 1, case .list = positional[0].value.kind else { return false }
        return true
    }

    /// The arguments with the list of tensors spread out: `concatenate([A, B], axis=1)` is
    /// `concat(A, B, axis=1)`, `torch.cat([A, B], 1)` `concat(A, B, axis=1)`. One tensor
    /// alone stays as it is; several given separately are refused, as NumPy refuses them.
    func spreadFirst(_ name: String) throws(LanguageError) -> [Argument] {
        let p = positional
        guard let first = p.first, case let .list(items) = first.value.kind else {
            if p.count > 1 {
                let list = p.map { a -> String in if case let .name(n) = a.value.kind { return n } else { return "…" } }
                throw LanguageError(.type, "\(name) takes the tensors as one list, then the axis", span,
                                    suggestion: "write them in brackets: \(name)([\(list.joined(separator: ", "))])")
            }
            return args
        }
        var out = items.map(Spelling.positional)
        if p.count == 2 { out.append(Argument(name: "axis", value: p[1].value, span: p[1].span)) }
        if p.count > 2 { throw LanguageError(.type, "\(name) takes the list of tensors and the axis", p[2].span) }
        return out + keywords
    }

    /// The NumPy dtype an expression names (`bool`, `np.float32`, `torch.long`, "int64").
    static func dtype(_ e: Expr) -> String? {
        let text: String
        if case let .string(s) = e.kind { text = s } else if let d = Spelling.dotted(e) { text = d.split(separator: ".").last.map(String.init) ?? d } else { return nil }
        switch text {
        case "bool", "bool_", "bool8": return "bool"
        case "float", "float64", "float32", "float16", "double", "half", "float_", "single": return "float"
        case "int", "int64", "int32", "int16", "int8", "long", "short", "uint8", "int_": return "int"
        default: return nil
        }
    }

    /// A creation call with `dtype=` taken off, wrapped in `astype` when the dtype changes anything.
    mutating func withDtype(_ build: (inout Site) throws(LanguageError) -> Expr) throws(LanguageError) -> Expr {
        let d = take("dtype")
        _ = take("device"); _ = take("requires_grad")
        let e = try build(&self)
        guard let d else { return e }
        guard let kind = Site.dtype(d.value) else {
            throw LanguageError(.type, "this dtype is not known here; every tensor holds 64-bit floating-point numbers", d.span,
                                suggestion: "leave dtype= out, or write dtype=bool for a mask")
        }
        if kind == "float" { return e }
        return Expr(.call(Expr(.name("astype"), d.span), [Spelling.positional(e), Spelling.positional(Expr(.string(kind), d.span))]), span)
    }
}
