/// The arguments of a command such as `:show softmax(S) --heat --precision 3`: the
/// `--options` anywhere in the line, and the expression that is left. The REPL's `:show`
/// and `:plot` and a lesson's picture lines share it, so they accept the same options.
public struct CommandOptions: Equatable, Sendable {
    public var expression: String
    /// Flags present, without dashes: `heat`.
    public var flags: Set<String> = []
    /// Options with a value, without dashes: `precision` → `3`.
    public var values: [String: String] = [:]

    public init(expression: String, flags: Set<String> = [], values: [String: String] = [:]) {
        self.expression = expression
        self.flags = flags
        self.values = values
    }

    /// Splits `arguments` into options and expression. `flags` take no value, `valued`
    /// take one (`--precision 3` or `--precision=3`). Text in quotes is never an option.
    /// Fails with a message naming the options when one is unknown or lacks its value.
    public static func parse(_ arguments: String, flags: [String], valued: [String]) -> Result<CommandOptions, OptionError> {
        var tokens: [(text: String, range: Range<String.Index>)] = []
        var i = arguments.startIndex
        while i < arguments.endIndex {
            if arguments[i].isWhitespace { i = arguments.index(after: i); continue }
            let start = i
            var quote: Character?
            while i < arguments.endIndex, quote != nil || !arguments[i].isWhitespace {
                let ch = arguments[i]
                if let q = quote { if ch == q { quote = nil } } else if ch == "\"" || ch == "'" { quote = ch }
                i = arguments.index(after: i)
            }
            tokens.append((String(arguments[start..<i]), start..<i))
        }
        var result = CommandOptions(expression: "")
        var removed: [Range<String.Index>] = []
        var k = 0
        while k < tokens.count {
            let token = tokens[k].text
            guard token.hasPrefix("--"), token.count > 2 else { k += 1; continue }
            let body = token.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let known = "known options: " + (flags + valued.map { "\($0) N" }).map { "--\($0)" }.joined(separator: ", ")
            if flags.contains(name), !body.contains("=") {
                result.flags.insert(name)
                removed.append(tokens[k].range)
            } else if valued.contains(name) {
                if body.contains("=") {
                    result.values[name] = String(body.drop { $0 != "=" }.dropFirst())
                    removed.append(tokens[k].range)
                } else if k + 1 < tokens.count {
                    result.values[name] = tokens[k + 1].text
                    removed.append(tokens[k].range.lowerBound..<tokens[k + 1].range.upperBound)
                    k += 1
                } else {
                    return .failure(OptionError(message: "--\(name) needs a value, e.g. --\(name) 3"))
                }
            } else {
                return .failure(OptionError(message: "unknown option --\(name) (\(known))"))
            }
            k += 1
        }
        var expression = ""
        var position = arguments.startIndex
        for r in removed {
            expression += arguments[position..<r.lowerBound]
            position = r.upperBound
        }
        expression += arguments[position...]
        result.expression = expression.trimmedString
        return .success(result)
    }

    /// An unknown option, or one without its value.
    public struct OptionError: Error, Equatable, Sendable { public var message: String }
}
