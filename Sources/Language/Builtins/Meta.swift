import Tensors

extension Builtins {
    static let meta: [Builtin] = [
        Builtin("help(name=None)", "what a builtin does: help(softmax); help() lists them all") { c throws(LanguageError) in
            guard let arg = c.arg("name"), arg.value != .none else { return .string(Builtins.overview) }
            let name: String
            switch arg.value {
            case let .function(f): name = f
            case let .string(s): name = s
            default: throw c.fail("give a builtin's name, e.g. help(softmax)", "name")
            }
            guard let b = Builtins.table[name] else {
                let near = Suggest.nearest(to: name, in: Builtins.table.keys)
                throw LanguageError(.name, "there is no builtin called '\(name)'", arg.span, suggestion: near.map { "did you mean \($0)?" })
            }
            return .string("\(b.signature)\n  \(b.doc)")
        },
    ]

    /// Every builtin, one line each, in the order of the families.
    static var overview: String {
        let width = all.map(\.signature.count).max() ?? 0
        return all.map { b in
            b.signature + String(repeating: " ", count: width - b.signature.count + 2) + b.doc
        }.joined(separator: "\n")
    }
}
