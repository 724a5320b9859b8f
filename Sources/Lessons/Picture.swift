/// A picture line of a lesson's `attn` block: `:show A --heat` or `:plot posenc(50, 16)`.
///
/// Lessons are data: a block may draw pictures and nothing else. Any other `:command`
/// (`:restart`, `:lesson FILE`, …) is never run; ``Code/pictures`` reports it as refused
/// and `attn-tutor check` names it at its line.
public struct Picture: Sendable, Equatable {
    /// The two commands a lesson may use, with the options each takes.
    public enum Kind: String, Sendable, CaseIterable {
        case show, plot

        /// Options without a value (`--heat`).
        public var flags: [String] {
            switch self {
            case .show: return ["heat", "heads"]
            case .plot: return ["rows", "overlay", "strips"]
            }
        }

        /// Options with a value (`--precision 3`).
        public var valued: [String] {
            switch self {
            case .show: return ["precision", "from"]
            case .plot: return []
            }
        }
    }

    public var kind: Kind
    /// The expression and options, parsed as the REPL parses `:show`/`:plot`.
    public var options: CommandOptions
    /// The line as the author wrote it, e.g. `:show A --heat`.
    public var text: String
    /// Its line in the lesson file.
    public var line: Int

    /// Reads one `:` line: a picture, or why it cannot be one.
    public static func parse(_ text: String, line: Int) -> Result<Picture, Refusal> {
        let body = text.trimmedString.dropFirst()
        let name = String(body.prefix { !$0.isWhitespace })
        guard let kind = Kind(rawValue: name) else {
            return .failure(Refusal(text: text.trimmedString, line: line,
                                    reason: "only :show and :plot can run in a lesson block, not '\(text.trimmedString)'"))
        }
        switch CommandOptions.parse(String(body.dropFirst(name.count)), flags: kind.flags, valued: kind.valued) {
        case let .failure(error):
            return .failure(Refusal(text: text.trimmedString, line: line, reason: "'\(text.trimmedString)': \(error.message)"))
        case let .success(options):
            guard !options.expression.isEmpty else {
                return .failure(Refusal(text: text.trimmedString, line: line, reason: "'\(text.trimmedString)' needs something to show"))
            }
            return .success(Picture(kind: kind, options: options, text: text.trimmedString, line: line))
        }
    }

    /// A `:` line of a block that is not run, and why.
    public struct Refusal: Error, Sendable, Equatable {
        public var text: String
        public var line: Int
        public var reason: String
    }
}

extension Code {
    /// Each `:` line of the block in order, read as a picture or refused.
    public var pictures: [Result<Picture, Picture.Refusal>] {
        source.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { offset, raw in
            raw.trimmed.hasPrefix(":") ? Picture.parse(String(raw), line: line + offset) : nil
        }
    }
}
