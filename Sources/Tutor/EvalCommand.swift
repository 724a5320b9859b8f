import ArgumentParser
import Display
import Language
import Tensors

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `attn-tutor eval EXPR… [--json] [--time]`
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate expressions and print their results.",
        discussion: "Each EXPR may hold several statements separated by ';'. Variables carry over from one EXPR to the next.")

    @ArgumentParser.Argument(parsing: .allUnrecognized, help: "Expressions or statements, e.g. 'X = randn(4, 8)' 'softmax(X @ X.T)'.")
    var expressions: [String]

    @Flag(help: "Print one JSON object per result: {\"shape\":[…],\"data\":[…]}.")
    var json = false

    @Flag(help: "Time each expression: the best of several runs.")
    var time = false

    /// The same group as the top-level command's, so that `--precision` is honoured before
    /// and after `eval` alike (an option of its own was shadowed by the parent's).
    @OptionGroup var display: DisplayOptions

    func run() throws {
        let session = Session(precision: display.precision)
        // On a terminal, wide tensors are cut to its width; pipes and JSON get everything.
        if !json { session.printer.width = Terminal.columns() }
        var failed = false
        // `--` ends the options (`eval -- '-1'`); unparsed arguments still hold it.
        var sources = expressions
        if let end = sources.firstIndex(of: "--") { sources.remove(at: end) }
        for source in sources {
            if time {
                failed = !Timing.report(source, in: session) || failed
                continue
            }
            let (outcomes, error) = session.interpreter.run(source)
            for o in outcomes {
                guard let v = o.value, v != .none else { continue }
                if json { print(EvalCommand.json(v)) } else if let text = session.show(v) { print(ANSI.sanitize(text)) }
            }
            if let error {
                failed = true
                var stderr = StandardError()
                print(error.render(source: source), to: &stderr)
            }
        }
        if failed { throw ExitCode(1) }
    }

    static func json(_ v: Value) -> String {
        switch v {
        case let .tensor(t): return JSON.tensor(t)
        case let .string(s): return "{\"text\":\(JSON.string(s))}"
        case let .function(f): return "{\"function\":\(JSON.string(f))}"
        case .none: return "null"
        }
    }
}

/// Writes to standard error with `print(…, to:)`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { fputs(ANSI.sanitize(string), stderr) }
}
