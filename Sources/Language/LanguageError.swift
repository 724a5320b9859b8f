import Tensors

/// An error in what the learner typed, located in the source so it can be shown with a caret.
public struct LanguageError: Error, Sendable, Equatable {
    public enum Kind: String, Sendable {
        case syntax = "syntax error"
        case name = "name error"
        case shape = "shape error"
        case type = "type error"
        case value = "value error"
        case index = "index error"
        case limit = "too large"
        case interrupted = "interrupted"
    }

    public var kind: Kind
    public var message: String
    public var span: SourceSpan?
    /// A likely fix, shown on its own line.
    public var suggestion: String?

    public init(_ kind: Kind, _ message: String, _ span: SourceSpan? = nil, suggestion: String? = nil) {
        self.kind = kind
        self.message = message
        self.span = span
        self.suggestion = suggestion
    }

    /// Wraps an engine error; operand names are added by the evaluator where it knows them.
    init(_ error: TensorError, _ span: SourceSpan?, context: String? = nil) {
        // Engine messages may already start with the function's name ("concat needs…").
        let prefix = context.map { c in error.description.hasPrefix(c + " ") || error.description.hasPrefix(c + ":") ? "" : "\(c): " } ?? ""
        switch error {
        case .broadcast, .matmul, .reshape:
            self.init(.shape, prefix + error.description, span)
        case .index:
            self.init(.index, prefix + error.description, span)
        case .axisOutOfRange:
            self.init(.value, prefix + error.description, span)
        case .tooLarge, .outOfMemory:
            self.init(.limit, prefix + error.description, span)
        case .invalidArgument:
            self.init(.value, prefix + error.description, span)
        case .interrupted:
            self.init(.interrupted, "interrupted; your variables are as they were before this line", span)
        }
    }

    /// The error as the learner sees it: the offending line, a caret under the span, the
    /// message and the suggestion. `indent` is put before every line.
    public func render(source: String, indent: String = "  ") -> String {
        var lines: [String] = []
        if let span {
            // Find the line holding the span's start, and the column within it.
            let chars = Array(source)
            let start = min(span.start, chars.count)
            var lineStart = start
            while lineStart > 0, !Scanner.isLineBreak(chars[lineStart - 1]) { lineStart -= 1 }
            var lineEnd = start
            while lineEnd < chars.count, !Scanner.isLineBreak(chars[lineEnd]) { lineEnd += 1 }
            // A tab would push the line right of its caret; one space keeps the columns.
            let line = String(chars[lineStart..<lineEnd].map { $0 == "\t" ? " " : $0 })
            let column = start - lineStart
            let width = max(1, min(span.end, lineEnd) - start)
            if !line.allSatisfy(\.isWhitespace) {
                lines.append(indent + line)
                lines.append(indent + String(repeating: " ", count: column) + String(repeating: "^", count: width))
            }
        }
        lines.append(indent + "\(kind.rawValue): \(message)")
        if let suggestion { lines.append(indent + suggestion) }
        return lines.joined(separator: "\n")
    }
}
