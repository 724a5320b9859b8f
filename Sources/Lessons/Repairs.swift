import Foundation
import Language
import Tensors

/// Finds the one edit to the learner's expression that makes it right, and names it:
/// drop or add a `.T`, swap the operands of `@`, `*` for `@` (or back), change the
/// softmax axis, add or remove a division by √d, add or flip the mask, add the softmax.
struct Repairs {
    let check: Check
    let learner: Interpreter
    let source: String

    /// An edited expression, the mistake it reveals, and the message naming the edit.
    typealias Edit = (expr: Expr, mistake: Mistake, message: String)

    /// When several single edits fix the answer (a symmetric matrix makes `.T` and the
    /// softmax axis interchangeable), the likelier mistake is named: this order.
    static let likelihood: [Mistake] = [.softmaxAxis, .missingMask, .maskDirection, .scaleAfterSoftmax, .softmaxTwice,
                                        .missingScale, .transposed, .operandOrder, .offByOne, .sliceAxis, .argumentOrder,
                                        .maxForArgmax, .notation, .elementwise, .wrongScale, .missingSoftmax]

    func find(_ root: Expr) -> (Mistake, String)? {
        // A final `.T` on the whole answer is the plainest story of all: tried first.
        if case let .attribute(inner, "T") = root.kind, matches(inner) {
            return (.transposed, "the final .T turns the answer on its side: drop it and write \(text(inner))")
        }
        let ranked = edits(root, isRoot: true).enumerated().sorted { a, b in
            let ra = Repairs.likelihood.firstIndex(of: a.element.mistake) ?? 99, rb = Repairs.likelihood.firstIndex(of: b.element.mistake) ?? 99
            return ra != rb ? ra < rb : a.offset < b.offset
        }
        // The fix shown is the learner's whole answer with the faulty part replaced — never the
        // repaired fragment alone, which typed as shown would drop the `@ V` around it — and only
        // one the exercise itself accepts (its must-use).
        let provenance = Provenance(learner: learner, clean: check.clean)
        for (_, edit) in ranked where matches(edit.expr) && check.mustUseCheck(provenance.expand(edit.expr)) == nil {
            return (edit.mistake, edit.message.replacingOccurrences(of: Repairs.fixed, with: text(edit.expr)))
        }
        return nil
    }

    /// Stands in a message for the whole corrected answer, filled in once the edit is chosen.
    static let fixed = "\u{1}FIX\u{1}"

    func matches(_ e: Expr) -> Bool {
        guard let t = (try? learner.evaluate(e, source: source))?.tensor else { return false }
        return check.close(t, check.expected)
    }

    func text(_ e: Expr) -> String { ExprPrinter.text(e) }

    /// Every single edit of `e` and of the nodes below it, most telling first.
    func edits(_ e: Expr, isRoot: Bool = false) -> [Edit] {
        var out = isRoot ? whole(e) : []
        out += local(e)
        let kids = e.children
        for (i, child) in kids.enumerated() {
            for edit in edits(child) {
                out.append((e.replacingChild(i, with: edit.expr), edit.mistake, edit.message))
            }
        }
        return out
    }

    /// Edits of this node itself.
    func local(_ e: Expr) -> [Edit] {
        var out: [Edit] = []
        switch e.kind {
        case let .binary(.matmul, a, b):
            if !isSoftmax(a) {
                // `S @ V` for `softmax(S) @ V`: the weights in front of V must come from softmax.
                let soft = make(.binary(.matmul, softmaxCall(a, e), b), e)
                out.append((soft, .missingSoftmax, "\(text(a)) holds scores, not weights: apply softmax first, so each row is a set of weights summing to 1 — \(Repairs.fixed)"))
                if let scale = check.scale {
                    let scaled = make(.binary(.matmul, softmaxCall(make(.binary(.divide, a, scaleExpr(scale.size, e)), e), e), b), e)
                    out.append((scaled, .missingSoftmax, "\(text(a)) holds raw scores: scale them by √d_k and apply softmax before multiplying — \(Repairs.fixed)"))
                }
            }
            let flipped = make(.binary(.matmul, toggleT(b), toggleT(a)), e)
            out.append((flipped, .operandOrder, "the operands of @ are the wrong way round: \(text(e)) gives the transpose of what was asked — write \(Repairs.fixed)"))
            let swapped = make(.binary(.matmul, b, a), e)
            out.append((swapped, .operandOrder, "the operands of @ are swapped: write \(Repairs.fixed) (the order of a matrix product matters)"))
            let tb = make(.binary(.matmul, a, toggleT(b)), e)
            out.append((tb, .transposed, "\(text(untransposed(b))) needs \(isT(b) ? "no" : "a") transpose here: write \(Repairs.fixed)"))
            let ta = make(.binary(.matmul, toggleT(a), b), e)
            out.append((ta, .transposed, "\(text(untransposed(a))) needs \(isT(a) ? "no" : "a") transpose here: write \(Repairs.fixed)"))
            let star = make(.binary(.multiply, a, b), e)
            out.append((star, .elementwise, "@ is a matrix product; here each element is multiplied by its partner: write \(Repairs.fixed)"))
        case let .binary(.multiply, a, b):
            if [a, b].contains(where: { (try? learner.evaluate($0, source: source))?.tensor?.data.contains(-.infinity) ?? false }) {
                let added = make(.binary(.add, a, b), e)
                out.append((added, .missingMask, "a −∞ mask is added to the scores, not multiplied: times −∞ a score of 0 gives NaN and a negative score +∞. Add it instead — write \(Repairs.fixed)"))
            }
            if case let .call(f, args) = a.kind, isSoftmax(a), let x = args.first {
                let inside = make(.call(f, [arg(make(.binary(.multiply, x.value, b), e))] + args.dropFirst()), e)
                out.append((inside, .scaleAfterSoftmax, "the scale belongs to the scores, before softmax: scaling the weights afterwards leaves rows that no longer sum to 1 — write \(Repairs.fixed)"))
            }
            let at = make(.binary(.matmul, a, b), e)
            out.append((at, .elementwise, "* multiplies element by element; a matrix product is @: write \(Repairs.fixed)"))
            let atT = make(.binary(.matmul, a, toggleT(b)), e)
            out.append((atT, .elementwise, "* multiplies element by element; this needs a matrix product: write \(Repairs.fixed)"))
        case let .binary(.divide, a, d):
            if case let .call(f, args) = a.kind, isSoftmax(a), let x = args.first {
                let inside = make(.call(f, [arg(make(.binary(.divide, x.value, d), e))] + args.dropFirst()), e)
                out.append((inside, .scaleAfterSoftmax, "divide the scores by \(text(d)) before softmax, not the weights after it (those rows no longer sum to 1): write \(Repairs.fixed)"))
            }
            out.append((a, .wrongScale, "there should be no division by \(text(d)) here: write \(Repairs.fixed)"))
            if let k = check.scaleSize {
                let fixed = make(.binary(.divide, a, scaleExpr(k, e)), e)
                out.append((fixed, .wrongScale, "scale by √d_k = √\(k), not by \(text(d)): write \(Repairs.fixed)"))
            }
            // "The square root of it" is a story only for the sizes attention takes roots of.
            if let v = (try? learner.evaluate(d, source: source))?.tensor?.scalarValue,
               [check.scaleSize, check.meaningfulSizes.dModel].contains(where: { $0.map(Double.init) == v }) {
                let root = make(.binary(.divide, a, make(.call(make(.name("sqrt"), e), [arg(d)]), e)), e)
                out.append((root, .wrongScale, "divide by the square root of \(text(d)), not by \(text(d)) itself: write \(Repairs.fixed)"))
            }
        case let .binary(.add, a, m):
            if let mask = (try? learner.evaluate(m, source: source))?.tensor, mask.data.contains(-.infinity) {
                let flipped = make(.binary(.add, a, toggleT(m)), e)
                out.append((flipped, .maskDirection, "the mask points the wrong way: it hides the past and shows the future. Each token may look at itself and earlier tokens — the −∞ must be above the diagonal: \(Repairs.fixed)"))
            }
        case let .index(base, subs):
            out += Repairs.shifted(subs).map { fixed in
                let edited = make(.index(base, fixed), e)
                return (edited, .offByOne, "off by one: \(text(e)) is one place away from what was asked — write \(Repairs.fixed)")
            }
            if subs.count == 1, case .slice = subs[0], (try? learner.evaluate(base, source: source))?.tensor?.rank == 2 {
                let cols = make(.index(base, [.slice(nil, nil, nil), subs[0]]), e)
                out.append((cols, .sliceAxis, "\(text(e)) slices the rows; the columns are \(text(cols)) (the first index picks rows, the second columns)"))
            }
            if subs.count == 1, case .at = subs[0], (try? learner.evaluate(base, source: source))?.tensor?.rank == 2 {
                let col = make(.index(base, [.slice(nil, nil, nil), subs[0]]), e)
                out.append((col, .sliceAxis, "\(text(e)) is a row; the column is \(text(col))"))
            }
            if subs.count == 2, case .slice(nil, nil, nil) = subs[0] {
                let row = make(.index(base, [subs[1]]), e)
                out.append((row, .sliceAxis, "\(text(e)) is a column; the row is \(text(row))"))
            }
        case let .call(f, args):
            if case let .attribute(base, method) = f.kind, Builtins.table[method] != nil {
                // `x.transpose(1, 0, 2)`: NumPy's method, here a function taking the tensor first.
                let positional = args.filter { $0.name == nil }
                let rest: [Argument]
                if method == "transpose", positional.count >= 2 {
                    rest = [arg(make(.list(positional.map(\.value)), e))]
                } else { rest = args }
                let call = make(.call(make(.name(method), e), [arg(base)] + rest), e)
                out.append((call, .notation, "here \(method) is a function that takes the tensor first: write \(Repairs.fixed)"))
            }
            if case let .attribute(module, name) = f.kind, case let .name(m) = module.kind, ["np", "numpy", "torch"].contains(m) {
                let call = make(.call(make(.name(name), e), args), e)
                out.append((call, .notation, "there is no \(m) here: call the builtin directly — \(Repairs.fixed)"))
            }
            let literals = args.prefix(2).compactMap { a -> Double? in
                if a.name == nil, case let .number(v) = a.value.kind { return v }
                return nil
            }
            if literals.count == 2, literals[0] != literals[1] {
                var swapped = args
                swapped.swapAt(0, 1)
                let call = make(.call(f, swapped), e)
                out.append((call, .argumentOrder, "the sizes are the wrong way round: write \(Repairs.fixed)"))
            }
            if case .name("max") = f.kind {
                let call = make(.call(make(.name("argmax"), e), args), e)
                out.append((call, .maxForArgmax, "max gives the largest value; its position is argmax: write \(Repairs.fixed)"))
            }
            guard case .name("softmax") = f.kind, let x = args.first else { break }
            if isSoftmax(x.value) {
                out.append((x.value, .softmaxTwice, "softmax twice: \(text(x.value)) already gives weights, and a second softmax flattens them. Apply it once: \(Repairs.fixed)"))
            } else if case let .name(n) = x.value.kind, let held = definition(of: n), isSoftmax(held) {
                // `softmax(A)` where `A = softmax(…)`: the first softmax is in the variable.
                out.append((x.value, .softmaxTwice, "softmax twice: \(n) already holds weights (\(n) = \(text(held))), and a second softmax flattens them. Use \(n) as it is: \(Repairs.fixed)"))
            }
            for axis in [-1, 0, -2, 1] {
                var newArgs = [args[0]]
                newArgs.append(Argument(name: "axis", value: make(.number(Double(axis)), e), span: e.span))
                let fixed = make(.call(f, newArgs), e)
                out.append((fixed, .softmaxAxis, "softmax ran along the wrong axis: each query's weights over the keys must sum to 1, so normalise along the last axis: \(Repairs.fixed)"))
            }
            if let k = check.scaleSize {
                let scaled = make(.call(f, [arg(make(.binary(.divide, x.value, scaleExpr(k, e)), e))] + args.dropFirst()), e)
                out.append((scaled, .missingScale, "the scores inside softmax are not scaled: divide them by √d_k = √\(k) first: \(Repairs.fixed)"))
            }
            if let n = check.expected.shape.last, check.expected.rank >= 2 {
                let masked = make(.call(f, [arg(make(.binary(.add, x.value, make(.call(make(.name("causal_mask"), e), [arg(make(.number(Double(n)), e))]), e)), e))] + args.dropFirst()), e)
                out.append((masked, .missingMask, "the mask belongs inside softmax: add causal_mask(\(n)) (−∞ above the diagonal) to the scores before softmax, so no token sees the future and every row still sums to 1: \(Repairs.fixed)"))
            }
        default:
            break
        }
        return out
    }

    /// Edits around the whole answer.
    func whole(_ e: Expr) -> [Edit] {
        var out: [Edit] = []
        // Every literal position one too high (`Q[2] @ K[4]` for `Q[1] @ K[3]`): counting from 1.
        for d in [-1, 1] {
            var changed = 0
            let shifted = e.rewritten { node in
                guard case let .index(base, subs) = node.kind else { return nil }
                let moved = subs.map { s -> Subscript in
                    guard case let .at(x) = s, let k = Provenance.integer(x), k >= 0, k + d >= 0 else { return s }
                    changed += 1
                    return .at(Expr(.number(Double(k + d)), x.span))
                }
                return Expr(.index(base, moved), node.span)
            }
            if changed >= 2 {
                out.append((shifted, .offByOne, "every position is one \(d < 0 ? "too high" : "too low"): rows count from 0\(d < 0 ? ", so the second token is row 1" : ""). Write \(text(shifted))"))
            }
        }
        let soft = make(.call(make(.name("softmax"), e), [arg(e), Argument(name: "axis", value: make(.number(-1), e), span: e.span)]), e)
        // Softmax makes any row of equal numbers uniform, so a uniform answer says nothing about softmax.
        if !check.expected.hasUniformRows { out.append((soft, .missingSoftmax, "these are the scores before softmax: apply softmax along the last axis to turn each row into weights that sum to 1")) }
        if let k = check.scaleSize {
            let scaled = make(.binary(.divide, e, scaleExpr(k, e)), e)
            out.append((scaled, .missingScale, "off by √d_k: the scores must be divided by √d_k = √\(k) ≈ \(fmt(Double(k).squareRoot())), as in \(text(scaled))"))
        }
        return out
    }

    /// `sqrt(d_k)` as the expected expression writes it (`sqrt(dk)`), else `sqrt(4)`.
    func scaleExpr(_ k: Int, _ at: Expr) -> Expr {
        var inner = make(.number(Double(k)), at)
        if let scale = check.scale { inner = Expr(scale.expr.kind, at.span) }
        return make(.call(make(.name("sqrt"), at), [arg(inner)]), at)
    }

    /// What a variable was made from (`softmax(S)` for `A = softmax(S)`), the learner's or the lesson's.
    func definition(of name: String) -> Expr? {
        guard let origin = learner.origins[name], let statements = try? Parser.parse(origin), statements.count == 1,
              case let .assign(assigned, rhs) = statements[0].kind, assigned == name else { return nil }
        return rhs
    }

    func isSoftmax(_ e: Expr) -> Bool {
        if case let .call(f, _) = e.kind, case .name("softmax") = f.kind { return true }
        return false
    }

    func softmaxCall(_ x: Expr, _ at: Expr) -> Expr {
        make(.call(make(.name("softmax"), at), [arg(x), Argument(name: "axis", value: make(.number(-1), at), span: at.span)]), at)
    }

    /// The subscripts with one literal position moved by one: `S[4]` → `S[3]`, `S[5]`;
    /// `X[3:]` → `X[2:]`; one entry of a list of positions.
    static func shifted(_ subs: [Subscript]) -> [[Subscript]] {
        var out: [[Subscript]] = []
        func number(_ e: Expr, _ d: Int) -> Expr? {
            guard let k = Provenance.integer(e) else { return nil }
            return k + d < 0 && k >= 0 ? nil : Expr(.number(Double(k + d)), e.span)
        }
        for (j, s) in subs.enumerated() {
            for d in [-1, 1] {
                var edited = subs
                switch s {
                case let .at(x):
                    if let n = number(x, d) { edited[j] = .at(n); out.append(edited) }
                    else if case let .list(items) = x.kind, items.count <= 12 {
                        for (i, item) in items.enumerated() {
                            guard let n = number(item, d) else { continue }
                            var list = items
                            list[i] = n
                            edited[j] = .at(Expr(.list(list), x.span))
                            out.append(edited)
                        }
                    }
                case let .slice(a, b, c):
                    if let a, let n = number(a, d) { edited[j] = .slice(n, b, c); out.append(edited) }
                    if let b, let n = number(b, d) { edited[j] = .slice(a, n, c); out.append(edited) }
                    if let a, let b, let na = number(a, d), let nb = number(b, d) { edited[j] = .slice(na, nb, c); out.append(edited) }
                }
            }
        }
        return out
    }

    /// Brackets the learner left out: `1 / 10000 ** 2*i/4` for `1 / 10000 ** (2*i/4)`.
    /// Tries a pair of brackets around every run of operands; the first that gives the answer is named.
    func brackets() -> (Mistake, String)? {
        let chars = Array(source)
        let operators: Set<Character> = ["+", "-", "*", "/", "@"]
        guard chars.count <= 160, chars.filter({ operators.contains($0) }).count >= 2 else { return nil }
        var starts = [0], ends = [chars.count]
        for (i, c) in chars.enumerated() where operators.contains(c) {
            var s = i + 1
            while s < chars.count, chars[s] == " " { s += 1 }
            if s < chars.count, !operators.contains(chars[s]) { starts.append(s) }
            var e = i
            while e > 0, chars[e - 1] == " " { e -= 1 }
            if e > 0, !operators.contains(chars[e - 1]) { ends.append(e) }
        }
        var tried = 0
        for s in Set(starts).sorted() {
            for e in Set(ends).sorted() where e > s && !(s == 0 && e == chars.count) {
                // Only around a balanced run: `(a + b)`, never across a bracket the learner wrote.
                var depth = 0
                guard chars[s..<e].allSatisfy({ c in
                    if "([".contains(c) { depth += 1 } else if ")]".contains(c) { depth -= 1 }
                    return depth >= 0
                }), depth == 0 else { continue }
                tried += 1
                if tried > 400 { return nil }
                let text = String(chars[..<s]) + "(" + String(chars[s..<e]) + ")" + String(chars[e...])
                guard let parsed = try? Parser.parseExpression(text), matches(parsed) else { continue }
                let read = (try? Parser.parseExpression(source)).map(Repairs.bracketed) ?? source
                return (.precedence, "brackets: as written this is read as \(read) (** before * and /, those before + and -). Write \(text)")
            }
        }
        return nil
    }

    /// Every operation in brackets, to show how an expression is read.
    static func bracketed(_ e: Expr) -> String {
        switch e.kind {
        case let .binary(op, a, b): return "(\(bracketed(a)) \(op.rawValue) \(bracketed(b)))"
        default: return ExprPrinter.text(e)
        }
    }

    func arg(_ e: Expr) -> Argument { Argument(name: nil, value: e, span: e.span) }
    func make(_ kind: Expr.Kind, _ at: Expr) -> Expr { Expr(kind, at.span) }

    func isT(_ e: Expr) -> Bool {
        if case .attribute(_, "T") = e.kind { return true }
        return false
    }

    /// `X` for `X.T` ("X needs no transpose", not "X.T needs no transpose").
    func untransposed(_ e: Expr) -> Expr {
        if case let .attribute(inner, "T") = e.kind { return inner }
        return e
    }

    /// `X` ↔ `X.T`.
    func toggleT(_ e: Expr) -> Expr {
        if case let .attribute(inner, "T") = e.kind { return inner }
        return Expr(.attribute(e, "T"), e.span)
    }

    /// Every name an expression mentions (variables and functions), plus `@` and `*` if used.
    static func names(in e: Expr) -> Set<String> {
        var out = Set<String>()
        switch e.kind {
        case let .name(n): out.insert(n)
        case let .binary(op, _, _) where op == .matmul || op == .multiply: out.insert(op.rawValue)
        case .attribute(_, "T"): out.insert(".T")
        default: break
        }
        for child in e.children { out.formUnion(names(in: child)) }
        return out
    }
}

extension Expr {
    /// This node with its i-th child (in the order of ``Expr/children``) replaced.
    func replacingChild(_ i: Int, with new: Expr) -> Expr {
        switch kind {
        case .number, .string, .name: return self
        case var .list(items): items[i] = new; return Expr(.list(items), span)
        case let .unary(op, _): return Expr(.unary(op, new), span)
        case let .attribute(_, name): return Expr(.attribute(new, name), span)
        case let .binary(op, a, b): return Expr(.binary(op, i == 0 ? new : a, i == 1 ? new : b), span)
        case let .call(f, args):
            if i == 0 { return Expr(.call(new, args), span) }
            var a = args
            a[i - 1].value = new
            return Expr(.call(f, a), span)
        case let .index(base, subs):
            if i == 0 { return Expr(.index(new, subs), span) }
            // Count through the subscripts' expressions, slice bounds included, to the i-th.
            var k = 0
            func swap(_ e: Expr?) -> Expr? {
                guard let e else { return nil }
                k += 1
                return k == i ? new : e
            }
            let replaced = subs.map { s -> Subscript in
                switch s {
                case let .at(x): return .at(swap(x)!)
                case let .slice(a, b, c): return .slice(swap(a), swap(b), swap(c))
                }
            }
            return Expr(.index(base, replaced), span)
        }
    }
}
