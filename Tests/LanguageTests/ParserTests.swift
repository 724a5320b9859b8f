import Testing
@testable import Language

/// An expression as a fully parenthesised S-expression, so precedence is visible.
func sexpr(_ e: Expr) -> String {
    switch e.kind {
    case let .number(v): return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : "\(v)"
    case let .string(s): return "\"\(s)\""
    case let .name(n): return n
    case let .list(items): return "[" + items.map(sexpr).joined(separator: " ") + "]"
    case let .unary(op, x): return "(\(op.rawValue) \(sexpr(x)))"
    case let .binary(op, a, b): return "(\(op.rawValue) \(sexpr(a)) \(sexpr(b)))"
    case let .call(f, args):
        return "(call \(sexpr(f))" + args.map { " " + ($0.name.map { "\($0)=" } ?? "") + sexpr($0.value) }.joined() + ")"
    case let .index(x, subs):
        let parts = subs.map { s -> String in
            switch s {
            case let .at(i): return sexpr(i)
            case let .slice(a, b, c): return [a, b, c].map { $0.map(sexpr) ?? "_" }.joined(separator: ":")
            }
        }
        return "(index \(sexpr(x)) \(parts.joined(separator: " ")))"
    case let .attribute(x, name): return "(.\(name) \(sexpr(x)))"
    }
}

private func parse(_ source: String) throws -> String {
    sexpr(try Parser.parseExpression(source))
}

private func parseError(_ source: String) -> LanguageError? {
    do { _ = try Parser.parse(source); return nil } catch { return error }
}

@Suite struct ParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("10 - 4 - 3", "(- (- 10 4) 3)"),
        ("12 / 4 / 3", "(/ (/ 12 4) 3)"),
        ("-2 ** 2", "(- (** 2 2))"),
        ("2 ** -1", "(** 2 (- 1))"),
        ("2 ** 3 ** 2", "(** 2 (** 3 2))"),
        ("-2 ** -2", "(- (** 2 (- 2)))"),
        ("- -2", "(- (- 2))"),
        ("a @ b * c", "(* (@ a b) c)"),
        ("a * b @ c", "(@ (* a b) c)"),
        ("a + b @ c", "(+ a (@ b c))"),
        ("a @ b.T", "(@ a (.T b))"),
        ("-x.T", "(- (.T x))"),
        ("Q @ Kᵀ / √d", "(/ (@ Q (.T K)) (√ d))"),
        ("√d * 2", "(* (√ d) 2)"),
        ("√x ** 2", "(** (√ x) 2)"),
        ("√-1", "(√ (- 1))"),
        ("√√x", "(√ (√ x))"),
        ("√A[0]", "(√ (index A 0))"),
        ("a < b + 1", "(< a (+ b 1))"),
        ("a == b * 2", "(== a (* b 2))"),
        ("(a + b) * c", "(* (+ a b) c)"),
        ("f(x)[0].T", "(.T (index (call f x) 0))"),
        ("A.shape[0]", "(index (.shape A) 0)"),
        ("softmax(S, axis=-1)", "(call softmax S axis=(- 1))"),
        ("f(a, b,)", "(call f a b)"),
        ("f()", "(call f)"),
        ("[[1, 2], [3, 4]]", "[[1 2] [3 4]]"),
        ("[1, 2,]", "[1 2]"),
        ("[]", "[]"),
        ("(2, 3)", "[2 3]"),
        ("(7,)", "[7]"),
        ("A[:, 1:3]", "(index A _:_:_ 1:3:_)"),
        ("A[::2]", "(index A _:_:2)"),
        ("A[-1]", "(index A (- 1))"),
        ("A[1:]", "(index A 1:_:_)"),
        ("A[:, [0, 2]]", "(index A _:_:_ [0 2])"),
        ("A[0,]", "(index A 0)"),
        ("A[0][1]", "(index (index A 0) 1)"),
    ])
    func precedenceAndShapes(_ source: String, _ expected: String) throws {
        #expect(try parse(source) == expected)
    }

    @Test func statements() throws {
        let s = try Parser.parse("a = 1; b = 2\nc")
        #expect(s.count == 3)
        guard case let .assign(name, _) = s[0].kind else { Issue.record("not an assignment"); return }
        #expect(name == "a")
        guard case .expression = s[2].kind else { Issue.record("not an expression"); return }
        #expect(try Parser.parse(";;\n;").isEmpty)
        #expect(try Parser.parse("").isEmpty)
        #expect(try Parser.parse("# only a comment").isEmpty)
    }

    @Test func spansCoverWhatTheLearnerWrote() throws {
        let s = try Parser.parse("  S = Q @ K.T ")
        #expect(s[0].span == SourceSpan(2, 13))
        let e = try Parser.parseExpression("(a + b) * c")
        #expect(e.span == SourceSpan(0, 11))
    }

    @Test(arguments: [
        ("1 2", "the number 2 cannot follow a complete statement", 2),
        ("3 +", "the line ends where a value was expected", 3),
        ("= 3", "expected a value but found '='", 0),
        ("3 = x", "only a name can be assigned to", 0),
        ("x = 1 = 2", "a statement has at most one =", 6),
        ("x =", "nothing after '='", 2),
        ("x = ;", "nothing after '='", 2),
        ("A[0] = 1", "a part of a tensor cannot be assigned to", 0),
        ("1 < 2 < 3", "comparisons cannot be chained", 6),
        ("f(a=1, b)", "a positional argument cannot follow a keyword argument", 7),
        ("A[]", "empty brackets", 1),
        ("A[, 0]", "an empty subscript", 2),
        ("A[1:2:3:4]", "a slice has at most start:stop:step", 1),
        ("A[1 2]", "expected ':', ',' or ']' in the subscript but found the number 2", 4),
        ("[1, 2)", "expected ']' but found ')'", 5),
        ("f(a b)", "expected ')' but found the name 'b'", 4),
        ("(1 + 2", "this '(' is never closed", 0),
        ("[1, 2", "this '[' is never closed", 0),
        ("()", "empty parentheses", 0),
        ("A.", "expected a name after '.'", 2),
        ("A.1", "the number .1 cannot follow a complete statement", 1),
        ("(...)", "expected a value but found '.'", 1),
        ("def f(x)", "'def' is Python", 0),
        ("for i in x", "'for' is Python", 0),
        (")", "expected a value but found ')'", 0),
    ])
    func syntaxErrorsAreLocated(_ source: String, _ message: String, _ column: Int) throws {
        let e = try #require(parseError(source))
        #expect(e.kind == .syntax)
        #expect(e.message.contains(message), "\(e.message)")
        #expect(e.span?.start == column)
    }

    @Test func pythonKeywordsAreStillUsableAsNamesWhereNoStatementFollows() throws {
        // Only `import numpy`-like statements are refused, not a variable that happens to be called `from`.
        #expect(try Parser.parse("from = 3").count == 1)
    }

    @Test func parseExpressionRefusesSeveralStatements() {
        #expect(throws: LanguageError.self) { try Parser.parseExpression("1; 2") }
        #expect(throws: LanguageError.self) { try Parser.parseExpression("x = 1") }
    }

    // Deep or long input must be refused, never overflow the stack.

    /// A generated input, shown by its label in test output rather than by its 100 000 characters.
    struct Generated: CustomTestStringConvertible, Sendable {
        let label: String
        let source: String
        var testDescription: String { label }
        init(_ label: String, _ source: String) { self.label = label; self.source = source }
    }

    static let deepInputs: [Generated] = [
        Generated("5000 (", String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)),
        Generated("5000 [", String(repeating: "[", count: 5000) + "1" + String(repeating: "]", count: 5000)),
        Generated("100000 -", String(repeating: "-", count: 100_000) + "1"),
        Generated("100000 √", String(repeating: "√", count: 100_000) + "1"),
        Generated("√- alternating", String(repeating: "√-", count: 50_000) + "1"),
        Generated("20000 + 1", "1" + String(repeating: " + 1", count: 20_000)),
        Generated("20000 ** 2", "2" + String(repeating: " ** 2", count: 20_000)),
        Generated("20000 ** -", "2" + String(repeating: " ** -2", count: 20_000)),
        Generated("20000 .T", "x" + String(repeating: ".T", count: 20_000)),
        Generated("20000 ᵀ", "x" + String(repeating: "ᵀ", count: 20_000)),
        Generated("20000 [0]", "x" + String(repeating: "[0]", count: 20_000)),
        Generated("20000 (1)", "f" + String(repeating: "(1)", count: 20_000)),
        Generated("5000 f(", String(repeating: "f(", count: 5000)),
        Generated("5000 A[", String(repeating: "A[", count: 5000)),
        Generated("5000 (a, ", String(repeating: "(a, ", count: 5000)),
        Generated("5000 f(x=", String(repeating: "f(x=", count: 5000)),
        Generated("5000 A[1:", String(repeating: "A[1:", count: 5000)),
    ]

    @Test(arguments: deepInputs)
    func deepInputIsRefusedWithALimitError(_ input: Generated) throws {
        let e = try #require(parseError(input.source))
        #expect(e.kind == .limit || e.kind == .syntax)
    }

    @Test func nestingJustUnderTheLimitParses() throws {
        let depth = 50
        let e = try parse(String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth))
        #expect(e == "1")
    }
}
