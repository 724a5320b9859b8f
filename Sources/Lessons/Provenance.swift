import Language

/// Where an answer's values came from: the learner's own variables are replaced by the
/// expressions that made them (`ex = exp(s)` then `ex / sum(ex)` reads `exp(s) / sum(exp(s))`),
/// so "must use", typed-in constants and the rows an answer reads are judged on what the
/// learner actually computed, not on the names they chose.
struct Provenance {
    let learner: Interpreter
    let clean: Interpreter

    /// A variable the learner made: not the lesson's, or set by the learner to something else.
    func isOwn(_ name: String) -> Bool {
        guard let origin = learner.origins[name] else { return false }
        return clean.origins[name] != origin
    }

    /// `e` with every variable of the learner's own replaced by its definition, recursively.
    func expand(_ e: Expr) -> Expr { expand(e, seen: []) }

    private func expand(_ e: Expr, seen: Set<String>) -> Expr {
        if case let .name(n) = e.kind {
            guard isOwn(n), !seen.contains(n), seen.count < 12, let origin = learner.origins[n],
                  let statements = try? Parser.parse(origin), statements.count == 1,
                  case let .assign(assigned, rhs) = statements[0].kind, assigned == n else { return e }
            return expand(rhs, seen: seen.union([n]))
        }
        var out = e
        for (i, child) in e.children.enumerated() {
            out = out.replacingChild(i, with: expand(child, seen: seen))
        }
        return out
    }

    /// Everything an expression uses, for `must-use`: variable and function names, and
    /// the operators in every spelling (`transpose(K)` counts as `.T`, `dot` as `@`,
    /// `** 0.5` and `√` as `sqrt`).
    static func uses(_ e: Expr) -> Set<String> {
        var out = Set<String>()
        func walk(_ e: Expr) {
            switch e.kind {
            case let .name(n):
                out.insert(n)
                if n == "dot" || n == "matmul" { out.insert("@") }
                if n == "transpose" { out.insert(".T") }
            case let .binary(op, _, b):
                switch op {
                case .matmul: out.formUnion(["@", "dot"])
                case .multiply: out.insert("*")
                case .power:
                    if case let .number(p) = b.kind, p == 0.5 { out.insert("sqrt") }
                    if case let .unary(.negate, inner) = b.kind, case let .number(p) = inner.kind, p == 0.5 { out.insert("sqrt") }
                    if case let .number(p) = b.kind, p == -0.5 { out.insert("sqrt") }
                default: break
                }
            case .unary(.sqrt, _): out.insert("sqrt")
            case .attribute(_, "T"): out.formUnion([".T", "transpose"])
            default: break
            }
            e.children.forEach(walk)
        }
        walk(e)
        return out
    }

    /// The source text of every sub-expression, without spaces, for "contains the same computation".
    static func subexpressionTexts(_ e: Expr) -> Set<String> {
        var out = Set<String>()
        func walk(_ e: Expr) {
            out.insert(compact(ExprPrinter.text(e)))
            e.children.forEach(walk)
        }
        walk(e)
        return out
    }

    static func compact(_ s: String) -> String { s.filter { !$0.isWhitespace } }

    /// Every number literal in the expression.
    static func numbers(_ e: Expr) -> [Double] {
        var out: [Double] = []
        func walk(_ e: Expr) {
            if case let .number(v) = e.kind { out.append(v) }
            e.children.forEach(walk)
        }
        walk(e)
        return out
    }

    /// Reads of one row or entry by a literal position: `A[7]`, `S[1, 3]`, `X[-1]`.
    static func literalIndexes(_ e: Expr) -> [(base: Expr, index: Int)] {
        var out: [(Expr, Int)] = []
        func walk(_ e: Expr) {
            if case let .index(base, subs) = e.kind, let first = subs.first, case let .at(x) = first, let k = integer(x) {
                out.append((base, k))
            }
            e.children.forEach(walk)
        }
        walk(e)
        return out
    }

    /// The value of an integer literal (`7`, `-1`), if `e` is one.
    static func integer(_ e: Expr) -> Int? {
        switch e.kind {
        case let .number(v) where v.rounded() == v && Swift.abs(v) < 1e9: return Int(v)
        case let .unary(.negate, inner): return integer(inner).map { -$0 }
        default: return nil
        }
    }
}

extension Expr {
    /// This tree with `transform` applied top-down: where it returns a node, that node
    /// replaces the subtree (and is not visited further).
    func rewritten(_ transform: (Expr) -> Expr?) -> Expr {
        if let new = transform(self) { return new }
        var out = self
        for (i, child) in children.enumerated() {
            out = out.replacingChild(i, with: child.rewritten(transform))
        }
        return out
    }
}
