import Language

/// What Tab offers, decided from the line alone so it can be tested without a terminal.
struct Completion: Equatable {
    /// Full replacements for the word being completed, sorted.
    var matches: [String]
    /// Whether a single match is followed by a space (after a command name, not after a variable).
    var appendSpace: Bool

    static let none = Completion(matches: [], appendSpace: false)

    /// The characters that end a word for completion; `:` so that `:sh` completes `sh`,
    /// `.` so that `X.sh` completes `sh`, and the operators and brackets of expressions.
    static let wordBreaks = " \t\n\"'()[]{},;=+-*/@<>!:.√·"

    /// Completions of `word`, which follows `before` on the line.
    static func complete(_ word: String, after before: String, in repl: Repl) -> Completion {
        let head = Substring(before).drop { $0.isWhitespace }
        if head.isEmpty, word.hasPrefix(":") {
            return Completion(matches: filter(repl.commands.commands.map { ":" + $0.name }, word), appendSpace: true)
        }
        if head.hasPrefix(":") {
            let afterColon = head.dropFirst()
            if afterColon.isEmpty {
                return Completion(matches: filter(repl.commands.commands.map(\.name), word), appendSpace: true)
            }
            let name = String(afterColon.prefix { !$0.isWhitespace })
            guard afterColon.dropFirst(name.count).first?.isWhitespace == true, let command = repl.commands.find(name) else {
                return .none
            }
            switch command.completion {
            case .nothing: return .none
            case .expression: return expression(word, after: before, in: repl)
            case .helpTopics:
                let names = repl.commands.commands.map(\.name) + HelpTopics.names + Array(Builtins.table.keys) + repl.session.interpreter.order
                return Completion(matches: filter(names, word), appendSpace: false)
            case let .custom(list): return Completion(matches: filter(list(repl), word), appendSpace: true)
            }
        }
        return expression(word, after: before, in: repl)
    }

    /// Names in an expression: variables, builtins (with their opening parenthesis when
    /// there is only one), constants; after a dot, the attributes.
    static func expression(_ word: String, after before: String, in repl: Repl) -> Completion {
        // Inside a string literal there is nothing to complete.
        if before.filter({ $0 == "\"" }).count % 2 == 1 || before.filter({ $0 == "'" }).count % 2 == 1 { return .none }
        if let dot = word.lastIndex(of: "."), !(word.first?.isNumber ?? false) {
            // libedit may hand over `np.lin` whole: complete after its last dot, keep the rest.
            let base = String(word[..<dot]), partial = String(word[word.index(after: dot)...])
            let names = repl.session.interpreter.completions(after: base)
            return Completion(matches: filter(names, partial).map { base + "." + $0 }, appendSpace: false)
        }
        if before.last == "." {
            // What stands before the dot: a namespace (np, np.linalg, F) or a variable.
            let base = String(before.dropLast().reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }.reversed())
            return Completion(matches: filter(repl.session.interpreter.completions(after: base), word), appendSpace: false)
        }
        if word.first?.isNumber == true { return .none }
        var matches = filter(repl.session.interpreter.knownNames, word)
        if matches.count == 1, Builtins.table[matches[0]] != nil, repl.session.interpreter.variables[matches[0]] == nil {
            matches[0] += "("
        }
        return Completion(matches: matches, appendSpace: false)
    }

    static func filter(_ names: [String], _ prefix: String) -> [String] {
        Array(Set(names.filter { $0.hasPrefix(prefix) })).sorted()
    }

    /// The longest text every match starts with (what a first Tab inserts).
    static func commonPrefix(_ matches: [String]) -> String {
        guard var prefix = matches.first.map(Array.init) else { return "" }
        for m in matches.dropFirst() {
            let chars = Array(m)
            var n = 0
            while n < prefix.count, n < chars.count, prefix[n] == chars[n] { n += 1 }
            prefix = Array(prefix[0..<n])
        }
        return String(prefix)
    }
}
