/// A position in the source, in characters from its start (a `Character` is one column).
public struct SourceSpan: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public init(_ start: Int, _ end: Int) { self.start = start; self.end = end }
    /// The span covering both.
    public func to(_ other: SourceSpan) -> SourceSpan { SourceSpan(min(start, other.start), max(end, other.end)) }
}

/// The pieces the scanner cuts a line into.
public enum TokenKind: Sendable, Equatable {
    case number(Double)
    case string(String)
    case name(String)
    /// Operators and punctuation, spelled as in the source after Unicode aliases are
    /// folded (`·` is `@`); `ᵀ` and `√` keep their own spelling.
    case symbol(String)
    /// End of a line outside brackets: ends a statement, like `;`.
    case newline
    case end
}

public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    public var span: SourceSpan
}
