/// The tree the parser builds. Every node keeps its span so errors can point at it
/// and messages can quote the operands as the learner wrote them.
public struct Expr: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case number(Double)
        case string(String)
        case name(String)
        /// `[a, b, …]`: a tensor literal whose elements are expressions.
        case list([Expr])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case call(Expr, [Argument])
        case index(Expr, [Subscript])
        /// `x.name`: `.T` and `.shape`.
        case attribute(Expr, String)
    }

    public var kind: Kind
    public var span: SourceSpan
    /// The height of the tree below this node; the parser caps it.
    public let depth: Int

    public init(_ kind: Kind, _ span: SourceSpan) {
        self.kind = kind
        self.span = span
        self.depth = 1 + (Expr.children(of: kind).map(\.depth).max() ?? 0)
    }

    /// The direct sub-expressions, in source order (slice bounds included).
    public var children: [Expr] { Expr.children(of: kind) }

    static func children(of kind: Kind) -> [Expr] {
        switch kind {
        case .number, .string, .name: return []
        case let .list(items): return items
        case let .unary(_, e), let .attribute(e, _): return [e]
        case let .binary(_, a, b): return [a, b]
        case let .call(f, args): return [f] + args.map(\.value)
        case let .index(e, subs):
            return [e] + subs.flatMap { s -> [Expr] in
                switch s {
                case let .at(x): return [x]
                case let .slice(a, b, c): return [a, b, c].compactMap { $0 }
                }
            }
        }
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-", plus = "+", sqrt = "√"
}

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "**", matmul = "@"
    case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
}

/// One argument of a call: positional when `name` is nil, else `name=value`.
public struct Argument: Sendable, Equatable {
    public var name: String?
    public var value: Expr
    public var span: SourceSpan

    public init(name: String?, value: Expr, span: SourceSpan) {
        self.name = name
        self.value = value
        self.span = span
    }
}

/// One entry between the brackets of `x[…]`.
public enum Subscript: Sendable, Equatable {
    case at(Expr)
    case slice(Expr?, Expr?, Expr?)
}

/// A statement: an assignment or an expression whose value is shown.
public struct Statement: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case assign(String, Expr)
        case expression(Expr)
    }
    public var kind: Kind
    public var span: SourceSpan
}
