/// `import numpy as np`, `import torch.nn.functional as F`, `from numpy import exp`: the
/// namespaces are always there, so an import of one of them does nothing (as re-importing
/// does in Python); any other import is refused with what is available.
extension Parser {
    /// The modules an import may name, and the names they are known by here.
    static let importable: [String: Set<String>] = [
        "numpy": ["np", "numpy"], "torch": ["torch"], "torch.nn.functional": ["F"], "math": ["math"],
        "torch.nn": ["nn"], "numpy.linalg": ["np.linalg"],
    ]

    /// A statement doing nothing for an import of a known namespace, nil when the line is
    /// no import, or an error naming what can be imported.
    mutating func importStatement() throws(LanguageError) -> Statement? {
        guard case let .name(word) = peek.kind, word == "import" || word == "from" else { return nil }
        // `import = 3` and `from + 1` are not imports (the refusal of Python keywords handles them).
        guard case .name = tokens[min(p + 1, tokens.count - 1)].kind else { return nil }
        let start = advance()
        var words: [String] = []
        var end = start.span
        while true {
            switch peek.kind {
            case .end, .newline, .symbol(";"): break
            case let .name(n): words.append(n); end = advance().span; continue
            case let .symbol(s) where s == "." || s == "," || s == "*" || s == "(" || s == ")": words.append(s); end = advance().span; continue
            default:
                throw LanguageError(.syntax, "this import is not one this language knows", start.span.to(peek.span))
            }
            break
        }
        let span = start.span.to(end)
        let known = "numpy (as np), torch, torch.nn.functional (as F) and math are always available; nothing else can be imported"
        if word == "import" {
            // import numpy | import numpy as np | import torch.nn.functional as F
            let parts = words.split(separator: "as", omittingEmptySubsequences: false)
            let module = parts[0].joined()
            guard let names = Parser.importable[module] else {
                throw LanguageError(.name, "there is no module \(module) here", span, suggestion: known)
            }
            if parts.count == 2 {
                let alias = parts[1].joined()
                guard names.contains(alias) else {
                    let first = names.sorted().first ?? module
                    throw LanguageError(.name, "\(module) is known here as \(names.sorted().joined(separator: " or ")), not \(alias)", span,
                                        suggestion: "write import \(module) as \(first)")
                }
            }
        } else {
            // from numpy import exp, zeros | from torch.nn import functional as F | from numpy import *
            let parts = words.split(separator: "import", omittingEmptySubsequences: false)
            let module = parts.first.map { $0.joined() } ?? ""
            guard parts.count == 2, Parser.importable[module] != nil else {
                throw LanguageError(.name, "there is no module \(module) here", span, suggestion: known)
            }
        }
        return Statement(kind: .expression(Expr(.name("None"), span)), span: span)
    }
}

extension Parser {
    /// `...` (three dots) inside brackets: Python's Ellipsis, "all the axes in between".
    mutating func ellipsis() -> SourceSpan? {
        guard p + 2 < tokens.count, check("."), tokens[p + 1].kind == .symbol("."), tokens[p + 2].kind == .symbol(".") else { return nil }
        let first = advance(); _ = advance()
        let last = advance()
        return first.span.to(last.span)
    }
}
