import Display
import Language
import Lessons
import Tensors

/// The REPL without its terminal: gathers lines into complete inputs, runs `:commands`
/// and expressions, and writes what the learner sees. The libedit loop and the stdin
/// transcript both feed it lines, so the two behave alike.
///
/// Lessons plug in through ``commands`` (register more `:commands`), ``context`` (shown in
/// the prompt), ``inputHandler`` (see every expression first, e.g. to grade it) and
/// ``emptyLineHandler`` (Enter on an empty line, e.g. to go on to the next step).
public final class Repl {
    public enum Outcome: Equatable, Sendable { case proceed, quit }

    public let session: Session
    public var commands: CommandTable
    /// Colour for everything the REPL writes.
    public var style: ANSI
    /// The columns available, asked again for each output (the terminal may be resized); nil for no limit.
    public var width: () -> Int?
    /// Where output goes, one chunk of lines per call.
    public var write: (String) -> Void
    /// Shown in the prompt when set: `scores 3/7` gives `attn[scores 3/7]> `.
    public var context: String?
    /// Sees each complete non-command input first; returns true when it dealt with it
    /// (the REPL then does not evaluate it).
    public var inputHandler: ((String) -> Bool)?
    /// Called for Enter on an empty line (outside a multi-line input).
    public var emptyLineHandler: (() -> Void)?
    /// Asked when the interactive session ends (Ctrl-D, :quit): a last note to show, if any.
    public var farewell: (() -> String?)?
    /// The lines printed when the interactive REPL starts.
    public var welcome: [String]
    /// What the learner did, for `:export` (nil when not recorded).
    var record: SessionRecord?

    private var buffer = LineBuffer()
    /// How many errors the REPL has shown (language errors, unknown commands, bad options),
    /// so that a non-interactive run (`run FILE`) can fail when any of its lines did.
    public private(set) var problems = 0

    public init(session: Session, style: ANSI = .plain, width: @escaping () -> Int? = { nil },
                write: @escaping (String) -> Void = { print(ANSI.sanitize($0)) }) {
        self.session = session
        self.style = style
        self.width = width
        self.write = write
        self.commands = CommandTable()
        self.welcome = []
        self.welcome = defaultWelcome
        for c in Repl.builtinCommands { commands.register(c) }
    }

    public var prompt: String { context.map { "attn[\(ANSI.visible($0))]> " } ?? "attn> " }

    /// The prompt of the second and later lines of an input with an open bracket, as wide as ``prompt``.
    public var continuationPrompt: String {
        String(repeating: " ", count: max(0, ANSI.width(prompt) - 4)) + "... "
    }

    /// Whether an open bracket is waiting for more lines.
    public var isContinuing: Bool { !buffer.isEmpty }

    /// The result of feeding one line.
    public struct Fed: Equatable {
        public var outcome: Outcome
        /// The complete input this line finished, if any (what history should record).
        public var completed: String?
    }

    /// Takes one typed line: a `:command` (on a fresh line) runs at once; otherwise lines
    /// gather until their brackets close, and then run.
    @discardableResult
    public func feed(_ line: String) -> Fed {
        // A line past the input limit is refused before anything scans it (a 100 MB paste
        // would cost seconds and gigabytes before the scanner says no), and ends any
        // multi-line input it was part of.
        let bytes = line.utf8.count
        if bytes > Scanner.maxSourceBytes {
            buffer.reset()
            problem("this line is \(bytes / 1_000_000) MB long; one input may be at most \(Scanner.maxSourceBytes >> 20) MB "
                    + "(make big tensors with zeros, ones, arange or randn)")
            return Fed(outcome: .proceed, completed: nil)
        }
        if buffer.isEmpty, line.drop(while: \.isWhitespace).hasPrefix(":") {
            record?.typed(line)
            return Fed(outcome: command(line), completed: line)
        }
        switch buffer.add(line) {
        case .needMore: return Fed(outcome: .proceed, completed: nil)
        case let .abandoned(message):
            write(styledError(message))
            return Fed(outcome: .proceed, completed: nil)
        case let .complete(source):
            record?.typed(source)
            return Fed(outcome: handle(source), completed: source)
        }
    }

    /// Drops a half-typed multi-line input (Ctrl-C).
    public func cancelInput() { buffer.reset() }

    /// The end of input: an input left open is reported, not run.
    public func finishInput() {
        if !buffer.isEmpty, case let .abandoned(message) = buffer.add("") { write(styledError(message)) }
        buffer.reset()
    }

    /// Runs one complete input: a command, an empty line, or statements.
    public func handle(_ source: String) -> Outcome {
        let trimmed = source.trimmedString
        if trimmed.isEmpty {
            emptyLineHandler?()
            return .proceed
        }
        if trimmed.hasPrefix(":") { return command(trimmed) }
        // Python's way out works too, unless the learner named a variable so.
        if ["quit", "exit", "quit()", "exit()"].contains(trimmed),
           session.interpreter.variables[String(trimmed.prefix { $0 != "(" })] == nil {
            return .quit
        }
        if let inputHandler, inputHandler(source) { return .proceed }
        evaluate(source)
        return .proceed
    }

    /// Runs `:name args`.
    public func command(_ line: String) -> Outcome {
        let text = line.trimmedString.dropFirst()
        let name = String(text.prefix { !$0.isWhitespace })
        let arguments = String(text.dropFirst(name.count)).trimmedString
        guard !name.isEmpty else {
            write("type a command after the colon, e.g. :help")
            return .proceed
        }
        guard let command = commands.find(name) else {
            var message = "unknown command :\(ANSI.visible(name))"
            if let near = Nearest.word(to: name, in: commands.names) { message += " — did you mean :\(near)?" }
            problems += 1
            write(style.red(message) + "\n" + style.dim("  :help lists the commands"))
            return .proceed
        }
        return command.run(self, arguments)
    }

    /// Evaluates statements and shows each value (assignments show nothing), then any error.
    ///
    /// The Ctrl-C flag is cleared when the prompt is shown, not here: a Ctrl-C pressed
    /// just after Enter, before the evaluation has begun, must still stop it.
    public func evaluate(_ source: String) {
        session.printer.width = width()
        let (outcomes, error) = session.interpreter.run(source)
        for o in outcomes {
            if let v = o.value, let text = session.show(v) {
                if !Interrupt.isRequested { record?.showing(v, precision: session.printer.precision) }
                shown(text)
            }
        }
        if let error { report(error, in: source) }
    }

    /// Writes a rendered value, unless Ctrl-C cut its rendering short (printing and
    /// heatmaps of huge tensors stop early when the flag is raised): then says so instead.
    func shown(_ text: String) {
        if Interrupt.isRequested {
            write(style.yellow("  interrupted — the value was not shown; your variables are as they were"))
            return
        }
        write(text)
    }

    /// Evaluates one expression for a command (`:show X`): its value, or nil after reporting the error.
    public func value(of source: String) -> Value? {
        let (outcomes, error) = session.interpreter.run(source)
        if let error { report(error, in: source); return nil }
        guard outcomes.count == 1, let value = outcomes[0].value else {
            problem("expected one expression, e.g. softmax(S)")
            return nil
        }
        return value
    }

    /// Shows an error: the line with a caret, the message, the suggested fix.
    public func report(_ error: LanguageError, in source: String) {
        problems += 1
        // An interruption is not the learner's mistake: no caret under their code.
        if error.kind == .interrupted {
            write(style.yellow("  interrupted — your variables are as they were before this input"))
            return
        }
        // The source line is echoed above the caret: what the learner pasted may hold escapes.
        let text = ANSI.visible(error.render(source: source), keepingLines: true)
        guard style.enabled else { write(text); return }
        let suggestion = error.suggestion.map { "  " + $0 }
        write(text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let l = String(line)
            if l == suggestion { return style.yellow(l) }
            if l.hasPrefix("  \(error.kind.rawValue):") || (!l.isEmpty && l.allSatisfy { $0 == " " || $0 == "^" }) { return style.red(l) }
            return l
        }.joined(separator: "\n"))
    }

    /// An error message that is already rendered (an unclosed bracket).
    /// Writes a one-line error of a command (in red) and counts it.
    public func problem(_ message: String) {
        problems += 1
        write(style.red(message))
    }

    func styledError(_ text: String) -> String {
        problems += 1
        let text = ANSI.visible(text, keepingLines: true)
        guard style.enabled else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let l = String(line)
            return l.contains("error:") || (!l.isEmpty && l.allSatisfy { $0 == " " || $0 == "^" }) ? style.red(l) : l
        }.joined(separator: "\n")
    }

    /// Two lines that fit 80 columns: what this is, and something to type right away.
    var defaultWelcome: [String] {
        [
            style.bold("attn-tutor") + " — learn attention by computing it.   " + style.dim(":help for commands"),
            "Try  " + style.cyan("X = embed(\"the cat sat\", 4)") + "   then  " + style.cyan(":show softmax(X @ X.T / 2) --heat"),
        ]
    }
}
