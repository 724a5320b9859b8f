import Display
import Language
import Tensors

/// One learner's workspace and how its results are shown: the piece shared by the
/// interactive REPL, the stdin transcript and `eval`.
public final class Session {
    public let interpreter: Interpreter
    public var printer: TensorPrinter

    public init(seed: UInt64 = 0, precision: Int = 4) {
        interpreter = Interpreter(seed: seed)
        printer = TensorPrinter(precision: precision)
    }

    /// Runs a chunk of source; returns the text to show (results, then any error).
    public func run(_ source: String) -> String {
        let (outcomes, error) = interpreter.run(source)
        var lines = outcomes.compactMap { $0.value.flatMap(show) }
        if let error { lines.append(error.render(source: source)) }
        return lines.joined(separator: "\n")
    }

    /// How a value is shown; nil for values that show nothing (`None`).
    public func show(_ value: Value) -> String? {
        switch value {
        case let .tensor(t): return printer.format(t)
        case let .string(s): return ANSI.visible(s, keepingLines: true)
        case let .function(f): return Builtins.table[f].map { "\($0.signature)\n  \($0.doc)" } ?? f
        case .none: return nil
        }
    }
}

/// Gathers input lines until the brackets balance, as Python's REPL does.
public struct LineBuffer {
    public private(set) var lines: [String] = []

    public init() {}

    public var isEmpty: Bool { lines.isEmpty }
    public var text: String { lines.joined(separator: "\n") }

    public enum Result: Equatable {
        /// A complete chunk of source to run.
        case complete(String)
        /// A bracket is still open: read another line.
        case needMore
        /// An empty line while a bracket was open: the chunk is abandoned, with the error to show.
        case abandoned(String)
    }

    /// Adds a line and says whether the input is complete.
    ///
    /// Each line is scanned once: the brackets still open are carried from line to line
    /// (strings and comments end with their line), so a 100 000-line paste is linear.
    public mutating func add(_ line: String) -> Result {
        if !lines.isEmpty, line.allSatisfy(\.isWhitespace) {
            let source = text
            let open = stack
            reset()
            guard let (bracket, offset) = open.last else { return .complete(source) }
            let error = LanguageError(.syntax, "this '\(bracket)' is never closed (an empty line ends the input)",
                                      SourceSpan(offset, offset + 1), suggestion: "add '\(bracket == "(" ? ")" : "]")' where the expression ends")
            return .abandoned(error.render(source: source))
        }
        lines.append(line)
        stack = Scanner.openBrackets(line, after: stack, at: length)
        length += line.count + 1
        if stack.isEmpty {
            let source = text
            reset()
            return .complete(source)
        }
        return .needMore
    }

    public mutating func reset() {
        lines = []
        stack = []
        length = 0
    }

    /// The brackets open at the end of the lines so far, with their offsets in ``text``.
    private var stack: [(Character, Int)] = []
    /// The characters of the lines so far, newlines included.
    private var length = 0
}
