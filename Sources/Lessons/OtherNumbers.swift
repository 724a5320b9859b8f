import Language
import Tensors

/// Rewrites code so the lesson's named numbers take other values: `n_layers = 96` and
/// `n_heads = 96` become 192 and 288. An answer that is right only because two of the
/// lesson's numbers happen to be equal (`d_model / n_layers` for the head size) gives
/// another value than the solution there.
enum OtherNumbers {
    /// A name gets a factor by the order it is first met; distinct primes keep every ratio distinct.
    static let factors: [Double] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]

    /// `source` with each `name = number` statement's number changed, and the original
    /// value of every name changed. Names whose value is in `keep` (axis sizes: changing
    /// them would no longer match the tensors) and 0 or 1 stay as they are.
    static func rewrite(_ source: String, keep: Set<Double>, names: inout [String: Double], order: inout [String]) -> String {
        guard let statements = try? Parser.parse(source) else { return source }
        var chars = Array(source)
        // Right to left, so earlier spans stay valid.
        for statement in statements.reversed() {
            guard case let .assign(name, e) = statement.kind, let (v, span) = literal(e),
                  v != 0, v != 1, !keep.contains(v), v.isFinite else { continue }
            if names[name] == nil { names[name] = v; order.append(name) }
            let k = factors[(order.firstIndex(of: name) ?? 0) % factors.count]
            let new = v * k
            let text = new.rounded() == new && Swift.abs(new) < 1e15 ? String(Int(new)) : String(new)
            chars.replaceSubrange(span.start..<span.end, with: Array(text))
        }
        return String(chars)
    }

    static func literal(_ e: Expr) -> (Double, SourceSpan)? {
        switch e.kind {
        case let .number(v): return (v, e.span)
        case let .unary(.negate, inner):
            if case let .number(v) = inner.kind { return (-v, e.span) }
            return nil
        default: return nil
        }
    }

    /// Every axis size of the workspace's tensors.
    static func axisSizes(_ workspace: Interpreter) -> Set<Double> {
        var out = Set<Double>()
        for (_, value) in workspace.variables {
            if case let .tensor(t) = value { for s in t.shape { out.insert(Double(s)) } }
        }
        return out
    }

    /// The lesson with its named numbers changed in every code block.
    static func lesson(_ lesson: Lesson, keep: Set<Double>) -> (Lesson, [String: Double]) {
        var names: [String: Double] = [:], order: [String] = []
        var out = lesson
        func block(_ b: Block) -> Block {
            switch b {
            case .prose: return b
            case let .setup(code): return .setup(Code(source: rewrite(code.statements, keep: keep, names: &names, order: &order), line: code.line))
            case let .show(code): return .show(Code(source: rewrite(code.statements, keep: keep, names: &names, order: &order), line: code.line))
            }
        }
        for i in out.steps.indices {
            out.steps[i].blocks = out.steps[i].blocks.map(block)
            out.steps[i].after = out.steps[i].after.map(block)
        }
        return (out, names)
    }
}
