import Language

/// Writes an expression back as source, with only the parentheses precedence needs;
/// used to show a learner the one-edit fix of their answer.
enum ExprPrinter {
    static func text(_ e: Expr) -> String {
        switch e.kind {
        case let .number(v): return v.rounded() == v && Swift.abs(v) < 1e15 ? String(Int(v)) : String(v)
        case let .string(s): return "\"\(s)\""
        case let .name(n): return n
        case let .list(items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case let .unary(op, x):
            return op.rawValue + wrap(x, above: precedence(e))
        case let .binary(op, a, b):
            let p = precedence(e)
            // Left-associative: the right operand needs parentheses at equal precedence (power is the reverse).
            let left = op == .power ? wrap(a, above: p + 1) : wrap(a, above: p)
            let right = op == .power ? wrap(b, above: p) : wrap(b, above: p + 1)
            return "\(left) \(op.rawValue) \(right)"
        case let .call(f, args):
            return text(f) + "(" + args.map { a in (a.name.map { "\($0)=" } ?? "") + text(a.value) }.joined(separator: ", ") + ")"
        case let .index(base, subs):
            let inner = subs.map { s -> String in
                switch s {
                case let .at(x): return text(x)
                case let .slice(a, b, c):
                    var out = (a.map(text) ?? "") + ":" + (b.map(text) ?? "")
                    if let c { out += ":" + text(c) }
                    return out
                }
            }
            return wrap(base, above: 10) + "[" + inner.joined(separator: ", ") + "]"
        case let .attribute(base, name):
            return wrap(base, above: 10) + "." + name
        }
    }

    /// Higher binds tighter.
    static func precedence(_ e: Expr) -> Int {
        switch e.kind {
        case let .binary(op, _, _):
            switch op {
            case .less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual: return 1
            case .add, .subtract: return 2
            case .multiply, .divide, .matmul: return 3
            case .power: return 5
            }
        case .unary(.sqrt, _): return 6
        case .unary: return 4
        default: return 10
        }
    }

    static func wrap(_ e: Expr, above p: Int) -> String {
        precedence(e) < p ? "(\(text(e)))" : text(e)
    }
}
