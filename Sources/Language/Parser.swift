/// Recursive descent over the tokens, with Python's precedence (lowest first):
///
///     statement   NAME = expr  |  expr
///     comparison  or (< <= > >= == != or)?
///     or          and (| and)*               a | b is logical_or(a, b)
///     and         additive (& additive)*     a & b is logical_and(a, b)
///     additive    multiplicative ((+ | -) multiplicative)*
///     multiplicative  unary ((* | / | @) unary)*
///     unary       (- | + | ~) unary  |  power      ~a is logical_not(a)
///     power       root (** unary)?          so -2 ** 2 is -4 and 2 ** -1 is 0.5
///     root        √ root  |  postfix        so √d_k * 2 is (√d_k) * 2
///     postfix     primary ( (args) | [subscripts] | .name | ᵀ )*
///     primary     number | string | name | ( expr ) | [ expr, … ]
public struct Parser {
    var tokens: [Token]
    /// The text the tokens came from, to quote them in messages.
    let source: [Character]
    var p = 0
    private var nesting = 0

    /// Deeper input is refused, so that no line can exhaust the stack.
    public static let maxDepth = 200

    public init(tokens: [Token], source: String = "") {
        self.tokens = tokens.isEmpty ? [Token(kind: .end, span: SourceSpan(0, 0))] : tokens
        self.source = Array(source)
    }

    /// Parses a whole source (statements separated by `;` or new lines).
    public static func parse(_ source: String) throws(LanguageError) -> [Statement] {
        var parser = Parser(tokens: try Scanner.scan(source), source: source)
        return try parser.program(source)
    }

    /// Parses a single expression (for lesson solutions and grading).
    public static func parseExpression(_ source: String) throws(LanguageError) -> Expr {
        var parser = Parser(tokens: try Scanner.scan(source), source: source)
        parser.skipNewlines()
        let e = try parser.expression()
        parser.skipNewlines()
        guard case .end = parser.peek.kind else {
            throw LanguageError(.syntax, "expected a single expression", parser.peek.span)
        }
        return e
    }

    var peek: Token { tokens[p] }

    mutating func advance() -> Token {
        let t = tokens[p]
        if p < tokens.count - 1 { p += 1 }
        return t
    }

    func check(_ symbol: String) -> Bool {
        if case .symbol(symbol) = peek.kind { return true }
        return false
    }

    mutating func match(_ symbol: String) -> Token? {
        check(symbol) ? advance() : nil
    }

    mutating func skipNewlines() {
        while case .newline = peek.kind { _ = advance() }
    }

    mutating func program(_ source: String) throws(LanguageError) -> [Statement] {
        var statements: [Statement] = []
        while true {
            while case .newline = peek.kind { _ = advance() }
            while match(";") != nil {}
            if case .end = peek.kind { return statements }
            if case .newline = peek.kind { continue }
            if let imported = try importStatement() { statements.append(imported); continue }
            try refusePython()
            statements.append(try statement())
            try tuple(&statements)
            switch peek.kind {
            case .end, .newline: continue
            case .symbol(";"): _ = advance()
            case .symbol("="):
                throw LanguageError(.syntax, "a statement has at most one =", peek.span,
                                    suggestion: "to compare two values, use ==")
            case let .name(word) where Parser.pythonKeywords[word] != nil:
                throw LanguageError(.syntax, "'\(word)' is Python, not part of this language", peek.span,
                                    suggestion: Parser.pythonKeywords[word])
            default:
                throw LanguageError(.syntax, "\(describe(peek)) cannot follow a complete statement", peek.span,
                                    suggestion: "separate statements with ; or put an operator between the two parts")
            }
        }
    }

    /// Python statements a learner may type out of habit, refused with a word on what to do instead.
    static let pythonKeywords: [String: String] = [
        "import": "nothing needs importing: the builtins (zeros, softmax, …) are always there; help() lists them",
        "from": "nothing needs importing: the builtins (zeros, softmax, …) are always there; help() lists them",
        "def": "there are no function definitions here; write the computation as expressions, one step at a time",
        "lambda": "there are no function definitions here; write the computation as expressions, one step at a time",
        "class": "there are no classes here; write the computation as expressions, one step at a time",
        "for": "there are no loops here: operations act on whole tensors at once (e.g. sum(A, axis=0))",
        "while": "there are no loops here: operations act on whole tensors at once (e.g. sum(A, axis=0))",
        "if": "there is no if here: where(condition, x, y) chooses elementwise",
        "return": "there are no functions here: just type the expression to see its value",
        "del": "variables cannot be deleted; assign a new value instead",
        "with": "there are no blocks here; write one statement at a time",
        "else": "there is no if/else here: where(condition, x, y) chooses elementwise",
        "not": "for a 0/1 tensor c, 1 - c is its negation",
        "and": "for 0/1 tensors, multiply: (a > 0) * (b > 0)",
        "or": "for 0/1 tensors, add and compare: (a > 0) + (b > 0) > 0",
        "in": "there are no loops or membership tests here; compare elementwise with ==",
        "is": "compare values with ==",
    ]

    /// A statement starting with a Python keyword followed by more words (`import numpy as np`).
    mutating func refusePython() throws(LanguageError) {
        guard case let .name(word) = peek.kind, let advice = Parser.pythonKeywords[word] else { return }
        switch tokens[min(p + 1, tokens.count - 1)].kind {
        case .name, .number, .string:
            throw LanguageError(.syntax, "'\(word)' is Python, not part of this language", peek.span, suggestion: advice)
        default:
            return
        }
    }

    /// `A.shape, B.shape`: Python shows a tuple; here each value is shown in turn.
    /// `n, d = X.shape` unpacks: n = X.shape[0], d = X.shape[1] (the right side is evaluated
    /// once per name, so one that draws random numbers is refused).
    mutating func tuple(_ statements: inout [Statement]) throws(LanguageError) {
        guard check(","), case let .expression(first)? = statements.last?.kind else { return }
        var items = [first]
        while match(",") != nil {
            switch peek.kind {
            case .end, .newline, .symbol(";"), .symbol("="): break
            default: items.append(try expression()); continue
            }
            break
        }
        guard let eq = match("=") else {
            for item in items.dropFirst() { statements.append(Statement(kind: .expression(item), span: item.span)) }
            return
        }
        var names: [String] = []
        for item in items {
            guard case let .name(n) = item.kind else {
                throw LanguageError(.syntax, "only names can be assigned to", item.span, suggestion: "write a, b = X.shape")
            }
            names.append(n)
        }
        var values = [try expression()]
        while match(",") != nil { values.append(try expression()) }
        let span = items[0].span.to(values[values.count - 1].span)
        statements.removeLast()
        if values.count == 1 {
            let v = values[0]
            if Parser.draws(v) {
                throw LanguageError(.syntax, "unpacking a random draw is not available here", span,
                                    suggestion: "draw into one name first, e.g. R = \(text(v.span)), then \(names[0]) = R[0]")
            }
            for (i, n) in names.enumerated() {
                let part = try make(.index(v, [.at(Expr(.number(Double(i)), eq.span))]), v.span)
                statements.append(Statement(kind: .assign(n, part), span: span))
            }
            return
        }
        guard values.count == names.count else {
            throw LanguageError(.syntax, "\(names.count) names but \(values.count) values", span)
        }
        // Assigned one after another: a, b = b, a would not swap, so it is refused.
        for v in values where !Set(names).isDisjoint(with: Parser.mentioned(v)) {
            throw LanguageError(.syntax, "a value here uses a name being assigned; write the assignments one at a time", v.span)
        }
        for (n, v) in zip(names, values) { statements.append(Statement(kind: .assign(n, v), span: span)) }
    }

    /// Whether an expression calls the random generator.
    static func draws(_ e: Expr) -> Bool {
        if case let .call(f, _) = e.kind, case let .name(n) = f.kind, ["rand", "randn", "seed"].contains(n) { return true }
        return e.children.contains(where: draws)
    }

    static func mentioned(_ e: Expr) -> Set<String> {
        if case let .name(n) = e.kind { return [n] }
        return e.children.reduce(into: Set<String>()) { $0.formUnion(mentioned($1)) }
    }

    mutating func statement() throws(LanguageError) -> Statement {
        let e = try expression()
        guard let eq = match("=") else { return Statement(kind: .expression(e), span: e.span) }
        guard case let .name(name) = e.kind else {
            if case let .index(base, _) = e.kind {
                throw LanguageError(.syntax, "a part of a tensor cannot be assigned to; tensors are values", e.span,
                                    suggestion: "build a new tensor instead, e.g. with where(condition, x, \(text(base.span)))")
            }
            throw LanguageError(.syntax, "only a name can be assigned to", e.span,
                                suggestion: "write name = expression, e.g. S = Q @ K.T (to compare, use ==)")
        }
        switch peek.kind {
        case .end, .newline, .symbol(";"):
            throw LanguageError(.syntax, "nothing after '=': what should \(name) be?", eq.span)
        default:
            break
        }
        let value = try expression()
        return Statement(kind: .assign(name, value), span: e.span.to(value.span))
    }

    mutating func expression() throws(LanguageError) -> Expr {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Parser.maxDepth else {
            throw LanguageError(.limit, "this expression is nested too deeply (more than \(Parser.maxDepth) levels)", peek.span)
        }
        return try comparison()
    }

    static let comparisons: [String: BinaryOperator] = ["<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual, "==": .equal, "!=": .notEqual]

    mutating func comparison() throws(LanguageError) -> Expr {
        let left = try logicalOr()
        guard case let .symbol(s) = peek.kind, let op = Parser.comparisons[s] else { return left }
        _ = advance()
        let right = try logicalOr()
        let e = try make(.binary(op, left, right), left.span.to(right.span))
        if case let .symbol(s2) = peek.kind, Parser.comparisons[s2] != nil {
            throw LanguageError(.syntax, "comparisons cannot be chained", peek.span,
                                suggestion: "compare two things at a time, e.g. (a < b) * (b < c)")
        }
        return e
    }

    /// `a | b` and `a & b` on truth values, as NumPy writes logical_or and logical_and (Python's
    /// precedence: below + and -, above comparisons, so masks need their parentheses).
    mutating func logicalOr() throws(LanguageError) -> Expr {
        var left = try logicalAnd()
        while let t = match("|") {
            if check("|") {
                throw LanguageError(.syntax, "|| is not Python", t.span.to(peek.span), suggestion: "for 'or' between masks write |: (a > 0) | (b > 0)")
            }
            let right = try logicalAnd()
            left = try make(.call(Expr(.name("logical_or"), t.span), [Spelling.positional(left), Spelling.positional(right)]), left.span.to(right.span))
        }
        return left
    }

    mutating func logicalAnd() throws(LanguageError) -> Expr {
        var left = try additive()
        while let t = match("&") {
            if check("&") {
                throw LanguageError(.syntax, "&& is not Python", t.span.to(peek.span), suggestion: "for 'and' between masks write &: (a > 0) & (b > 0)")
            }
            let right = try additive()
            left = try make(.call(Expr(.name("logical_and"), t.span), [Spelling.positional(left), Spelling.positional(right)]), left.span.to(right.span))
        }
        return left
    }

    mutating func additive() throws(LanguageError) -> Expr {
        var left = try multiplicative()
        while true {
            let op: BinaryOperator
            if check("+") { op = .add } else if check("-") { op = .subtract } else { return left }
            _ = advance()
            let right = try multiplicative()
            left = try make(.binary(op, left, right), left.span.to(right.span))
        }
    }

    mutating func multiplicative() throws(LanguageError) -> Expr {
        var left = try unary()
        while true {
            let op: BinaryOperator
            if check("*") { op = .multiply } else if check("/") { op = .divide } else if check("@") { op = .matmul } else { return left }
            _ = advance()
            let right = try unary()
            left = try make(.binary(op, left, right), left.span.to(right.span))
        }
    }

    mutating func unary() throws(LanguageError) -> Expr {
        if let t = match("~") {
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Parser.maxDepth else { throw LanguageError(.limit, "too many signs in a row", t.span) }
            let operand = try unary()
            return try make(.call(Expr(.name("logical_not"), t.span), [Spelling.positional(operand)]), t.span.to(operand.span))
        }
        if let t = match("-") ?? match("+") {
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Parser.maxDepth else { throw LanguageError(.limit, "too many signs in a row", t.span) }
            let operand = try unary()
            return try make(.unary(t.kind == .symbol("-") ? .negate : .plus, operand), t.span.to(operand.span))
        }
        return try power()
    }

    mutating func power() throws(LanguageError) -> Expr {
        let base = try root()
        guard let t = match("**") else { return base }
        // `2 ** 2 ** 2 …` nests to the right without passing through expression().
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Parser.maxDepth else { throw LanguageError(.limit, "too many ** in a row", t.span) }
        let exponent = try unary()
        return try make(.binary(.power, base, exponent), base.span.to(exponent.span))
    }

    mutating func root() throws(LanguageError) -> Expr {
        if let t = match("√") {
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Parser.maxDepth else { throw LanguageError(.limit, "too many √ in a row", t.span) }
            let operand = try signedRoot()
            return try make(.unary(.sqrt, operand), t.span.to(operand.span))
        }
        return try postfix()
    }

    /// The operand of √, which may carry signs: √-1 is √(-1), as on paper.
    mutating func signedRoot() throws(LanguageError) -> Expr {
        if let t = match("-") ?? match("+") {
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Parser.maxDepth else { throw LanguageError(.limit, "too many signs in a row", t.span) }
            let operand = try signedRoot()
            return try make(.unary(t.kind == .symbol("-") ? .negate : .plus, operand), t.span.to(operand.span))
        }
        return try root()
    }

    mutating func postfix() throws(LanguageError) -> Expr {
        var e = try primary()
        while true {
            if let open = match("(") {
                let args = try arguments(open)
                let close = advance()
                let span = e.span.to(close.span)
                let callee = e
                e = try make(.call(callee, args), span)
                if let spelled = try Spelling.call(callee, args, span) {
                    e = try make(spelled.kind, spelled.span)
                }
            } else if let open = match("[") {
                let subs = try subscripts(open)
                let close = advance()
                e = try make(.index(e, subs), e.span.to(close.span))
            } else if match(".") != nil {
                let t = advance()
                guard case let .name(name) = t.kind else {
                    throw LanguageError(.syntax, "expected a name after '.', such as .T or .shape", t.span)
                }
                let attribute = try make(.attribute(e, name), e.span.to(t.span))
                // A call right after the name is a method or a namespace function (the
                // call case above rewrites it); otherwise a constant such as np.pi.
                if check("(") { e = attribute; continue }
                if let spelled = Spelling.attribute(e, name, attribute.span) {
                    e = try make(spelled.kind, spelled.span)
                } else {
                    e = attribute
                }
            } else if let t = match("ᵀ") {
                e = try make(.attribute(e, "T"), e.span.to(t.span))
            } else {
                return e
            }
        }
    }

    mutating func primary() throws(LanguageError) -> Expr {
        let t = peek
        switch t.kind {
        case let .number(v): _ = advance(); return Expr(.number(v), t.span)
        case let .string(s): _ = advance(); return Expr(.string(s), t.span)
        case let .name(n): _ = advance(); return Expr(.name(n), t.span)
        case .symbol("("):
            _ = advance()
            if check(")") { throw LanguageError(.syntax, "empty parentheses: put an expression inside", t.span.to(peek.span)) }
            let inner = try expression()
            if match(",") != nil {
                // A tuple, as NumPy code writes shapes: zeros((2, 3)) is zeros([2, 3]).
                var items = [inner]
                while !check(")") {
                    if case .end = peek.kind { break }
                    items.append(try expression())
                    if match(",") == nil { break }
                }
                try expectClose(")", opened: t)
                return try make(.list(items), t.span.to(tokens[p - 1].span))
            }
            try expectClose(")", opened: t)
            return Expr(inner.kind, t.span.to(tokens[p - 1].span))
        case .symbol("["):
            _ = advance()
            var items: [Expr] = []
            while !check("]") {
                if case .end = peek.kind { break }
                items.append(try expression())
                if match(",") == nil { break }
            }
            try expectClose("]", opened: t)
            return try make(.list(items), t.span.to(tokens[p - 1].span))
        case .end:
            throw LanguageError(.syntax, "the line ends where a value was expected", t.span)
        case .newline:
            throw LanguageError(.syntax, "the line ends where a value was expected", t.span)
        case .symbol("."):
            let ellipsis = p + 2 < tokens.count && tokens[p + 1].kind == .symbol(".") && tokens[p + 2].kind == .symbol(".")
            throw LanguageError(.syntax, "expected a value but found '.'", t.span,
                                suggestion: ellipsis ? "there is no ...: write : for each axis, e.g. A[:, 0]" : "a number needs a digit next to its point, e.g. 0.5")
        default:
            throw LanguageError(.syntax, "expected a value but found \(describe(t))", t.span)
        }
    }

    mutating func arguments(_ open: Token) throws(LanguageError) -> [Argument] {
        var args: [Argument] = []
        var sawKeyword = false
        while !check(")") {
            if case .end = peek.kind { break }
            let start = peek
            if case let .name(n) = start.kind, case .symbol("=") = tokens[min(p + 1, tokens.count - 1)].kind {
                _ = advance(); _ = advance()
                let value = try expression()
                args.append(Argument(name: n, value: value, span: start.span.to(value.span)))
                sawKeyword = true
            } else {
                let value = try expression()
                if sawKeyword {
                    throw LanguageError(.syntax, "a positional argument cannot follow a keyword argument", value.span)
                }
                args.append(Argument(name: nil, value: value, span: value.span))
            }
            if match(",") == nil { break }
        }
        try expectClose(")", opened: open)
        p -= 1  // the caller consumes the closing bracket to take its span
        return args
    }

    mutating func subscripts(_ open: Token) throws(LanguageError) -> [Subscript] {
        var subs: [Subscript] = []
        while !check("]") {
            if case .end = peek.kind { break }
            var parts: [Expr?] = [nil]
            var isSlice = false
            while true {
                if check(":") { _ = advance(); isSlice = true; parts.append(nil); continue }
                if parts[parts.count - 1] == nil, let dots = ellipsis() {
                    parts[parts.count - 1] = Expr(.name("Ellipsis"), dots)
                    continue
                }
                if check(",") || check("]") { break }
                if case .end = peek.kind { break }
                if parts[parts.count - 1] != nil {
                    throw LanguageError(.syntax, "expected ':', ',' or ']' in the subscript but found \(describe(peek))", peek.span,
                                        suggestion: "did you forget a comma or an operator?")
                }
                parts[parts.count - 1] = try expression()
            }
            if isSlice {
                guard parts.count <= 3 else { throw LanguageError(.syntax, "a slice has at most start:stop:step", open.span.to(peek.span)) }
                while parts.count < 3 { parts.append(nil) }
                subs.append(.slice(parts[0], parts[1], parts[2]))
            } else if let e = parts[0] {
                subs.append(.at(e))
            } else {
                throw LanguageError(.syntax, "an empty subscript", peek.span, suggestion: "use : for a whole axis, e.g. A[:, 0]")
            }
            if match(",") == nil { break }
        }
        if subs.isEmpty, check("]") { throw LanguageError(.syntax, "empty brackets after a value", open.span.to(peek.span)) }
        try expectClose("]", opened: open)
        p -= 1
        return subs
    }

    mutating func expectClose(_ close: String, opened: Token) throws(LanguageError) {
        if match(close) != nil { return }
        if case .end = peek.kind {
            throw LanguageError(.syntax, "this '\(close == ")" ? "(" : "[")' is never closed", opened.span,
                                suggestion: "add '\(close)' at the end")
        }
        let suggestion: String?
        if check(")") || check("]") {
            suggestion = "brackets must match: this \(close == ")" ? "(" : "[") is closed by \(close)"
        } else {
            suggestion = "did you forget a comma or an operator?"
        }
        throw LanguageError(.syntax, "expected '\(close)' but found \(describe(peek))", peek.span, suggestion: suggestion)
    }

    /// Builds a node, refusing trees deep enough to threaten the evaluator's stack.
    func make(_ kind: Expr.Kind, _ span: SourceSpan) throws(LanguageError) -> Expr {
        let e = Expr(kind, span)
        guard e.depth <= Parser.maxDepth * 4 else {
            throw LanguageError(.limit, "this expression is too long to evaluate (break it into several statements)", span)
        }
        return e
    }

    /// A token as a message names it, quoted as the learner wrote it.
    func describe(_ t: Token) -> String {
        switch t.kind {
        case let .number(v): return "the number \(text(t.span).isEmpty ? "\(v)" : text(t.span))"
        case let .string(v): return "the string \(text(t.span).isEmpty ? "\"\(v)\"" : text(t.span))"
        case let .name(n): return "the name '\(n)'"
        case let .symbol(s): return "'\(text(t.span).isEmpty ? s : text(t.span))'"
        case .newline, .end: return "the end of the line"
        }
    }

    /// The source text of a span ("" when the parser was given tokens only).
    func text(_ span: SourceSpan) -> String {
        let s = max(0, min(span.start, source.count)), e = max(s, min(span.end, source.count))
        return String(source[s..<e])
    }
}
