import Testing
@testable import Language

/// The token kinds of a source, without spans and without the final `.end`.
private func kinds(_ source: String) throws -> [TokenKind] {
    try Scanner.scan(source).map(\.kind).filter { $0 != .end }
}

private func scanError(_ source: String) -> LanguageError? {
    do { _ = try Scanner.scan(source); return nil } catch { return error }
}

@Suite struct ScannerTests {
    @Test(arguments: [
        ("1", 1.0), ("42", 42), ("2.5", 2.5), ("2.", 2), (".5", 0.5), ("1e-3", 0.001), ("1E3", 1000),
        ("1.5e+2", 150), ("2.5e-1", 0.25), ("1_000", 1000), ("1.e2", 100), ("007", 7), ("0.000", 0),
    ])
    func numbers(_ source: String, _ value: Double) throws {
        #expect(try kinds(source) == [.number(value)])
    }

    @Test func hugeLiteralsOverflowToInfinity() throws {
        #expect(try kinds("1e400") == [.number(.infinity)])
        #expect(try kinds("1e-400") == [.number(0)])
    }

    @Test func aPointBeforeTOrShapeIsAnAttributeNotADecimal() throws {
        #expect(try kinds("2.T") == [.number(2), .symbol("."), .name("T")])
        #expect(try kinds("2.shape") == [.number(2), .symbol("."), .name("shape")])
    }

    @Test func anExponentWithoutDigitsIsNotAnExponent() throws {
        // "1e" is the number 1 followed by a name: refused as a name glued to a number.
        let e = try #require(scanError("1e"))
        #expect(e.message.contains("a name cannot start with a digit"))
        #expect(e.span == SourceSpan(0, 2))
    }

    @Test func aNumberGluedToANameIsRefusedWithAFix() throws {
        let e = try #require(scanError("2x + 1"))
        #expect(e.kind == .syntax)
        #expect(e.message.contains("2 * x"))
    }

    @Test func strings() throws {
        #expect(try kinds("\"the cat\"") == [.string("the cat")])
        #expect(try kinds("'sat'") == [.string("sat")])
        #expect(try kinds("\"it's\"") == [.string("it's")])
        #expect(try kinds("\"\"") == [.string("")])
    }

    @Test func aStringEndsWithItsLine() throws {
        let e = try #require(scanError("\"abc\ndef\""))
        #expect(e.message.contains("never closed"))
        #expect(e.span == SourceSpan(0, 1))
    }

    @Test func unicodeSpellings() throws {
        #expect(try kinds("Q · K") == [.name("Q"), .symbol("@"), .name("K")])
        #expect(try kinds("Q ⋅ K") == [.name("Q"), .symbol("@"), .name("K")])
        #expect(try kinds("3 × 4") == [.number(3), .symbol("*"), .number(4)])
        #expect(try kinds("5 − 2") == [.number(5), .symbol("-"), .number(2)])
        #expect(try kinds("Kᵀ") == [.name("K"), .symbol("ᵀ")])
        #expect(try kinds("√d_k") == [.symbol("√"), .name("d_k")])
        #expect(try kinds("W₁ dₖ α") == [.name("W₁"), .name("dₖ"), .name("α")])
    }

    @Test func twoCharacterOperators() throws {
        #expect(try kinds("a ** b <= c >= d == e != f") == [
            .name("a"), .symbol("**"), .name("b"), .symbol("<="), .name("c"), .symbol(">="), .name("d"),
            .symbol("=="), .name("e"), .symbol("!="), .name("f"),
        ])
    }

    @Test func newLinesEndStatementsOnlyOutsideBrackets() throws {
        #expect(try kinds("a\nb") == [.name("a"), .newline, .name("b")])
        #expect(try kinds("[a,\nb]") == [.symbol("["), .name("a"), .symbol(","), .name("b"), .symbol("]")])
        #expect(try kinds("a\r\nb") == [.name("a"), .newline, .name("b")])
    }

    @Test func commentsRunToTheEndOfTheirLine() throws {
        #expect(try kinds("a # b ( [ \"") == [.name("a")])
        #expect(try kinds("a # one\nb") == [.name("a"), .newline, .name("b")])
        #expect(try kinds("a # one\r\nb") == [.name("a"), .newline, .name("b")])
        #expect(try kinds("[1, # one\n2]") == [.symbol("["), .number(1), .symbol(","), .number(2), .symbol("]")])
    }

    @Test func spansCountCharactersNotBytes() throws {
        let tokens = try Scanner.scan("√α + β")
        #expect(tokens.map(\.span) == [SourceSpan(0, 1), SourceSpan(1, 2), SourceSpan(3, 4), SourceSpan(5, 6), SourceSpan(6, 6)])
    }

    @Test(arguments: [
        ("2 ^ 3", "for powers write **"),
        ("{1}", "square brackets"),
        ("5 % 2", "no % operator"),
        ("a ! b", "for 'not equal' write !="),
        ("“x”", "plain \" quotes"),
        ("x²", "x ** 2"),
        ("7 // 2", "floor division"),
        ("a ! b", "!="),
    ])
    func unexpectedCharactersComeWithAHint(_ source: String, _ hint: String) throws {
        let e = try #require(scanError(source))
        #expect(e.kind == .syntax)
        #expect((e.message + (e.suggestion ?? "")).contains(hint))
    }

    @Test func invisibleCharactersAreNamedByCodePoint() throws {
        let e = try #require(scanError("a\u{200B}b"))
        #expect(e.message.contains("U+200B"))
        #expect(e.span == SourceSpan(1, 2))
    }

    @Test func openBrackets() {
        #expect(Scanner.openBrackets("f(a, [1").map(\.0) == ["(", "["])
        #expect(Scanner.openBrackets("f(a, [1])").isEmpty)
        #expect(Scanner.openBrackets("\"(\"").isEmpty)
        #expect(Scanner.openBrackets("a  # (").isEmpty)
        // The offsets point at the brackets.
        #expect(Scanner.openBrackets("x = [1,\n  (2").map(\.1) == [4, 10])
    }

    @Test func aCommentEndsWithItsLineForBracketsToo() {
        // A comment on the first line must not hide the brackets of the next ones.
        #expect(Scanner.openBrackets("A = [1,  # first\n     2]").isEmpty)
        #expect(Scanner.openBrackets("# note\n[1,").map(\.0) == ["["])
    }

    @Test func anUnclosedQuoteEndsWithItsLineForBracketsToo() {
        #expect(Scanner.openBrackets("\"abc\n[1").map(\.0) == ["["])
    }

    @Test func strayClosingBracketsDoNotOpenAnything() {
        #expect(Scanner.openBrackets(")]").isEmpty)
    }
}
