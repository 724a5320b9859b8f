import Display
import Language
import Tensors

/// A `:show`/`:plot` line of a lesson or a session, turned into what a page draws. The
/// options are the REPL's own (same parser, same names), so a line means the same in
/// the terminal and on paper.
enum PictureLine {
    /// The command's name (`show`), the expression it draws (nil when the line is not
    /// a picture or its options are wrong), and how its options read.
    static func parse(_ line: String) -> (command: String, options: Result<CommandOptions, CommandOptions.Problem>)? {
        let text = line.trimmingWhitespace.dropFirst()
        let name = String(text.prefix { !$0.isWhitespace })
        let arguments = String(text.dropFirst(name.count)).trimmingWhitespace
        switch name {
        case "show": return (name, CommandOptions.parse(arguments, flags: ["heat"], valued: ["precision"]))
        case "plot": return (name, CommandOptions.parse(arguments, flags: ["rows", "overlay", "strips"], valued: []))
        default: return nil
        }
    }

    /// The expression a picture line draws, if it is one with good options.
    static func expression(_ line: String) -> String? {
        guard let (_, options) = parse(line), case let .success(o) = options, !o.expression.isEmpty else { return nil }
        return o.expression
    }

    /// What `line` draws, evaluated in `interpreter` (which it may change, as typing it would:
    /// `:show randn(2, 2)` draws numbers). `precision` is the session's for tables.
    static func figure(_ line: String, in interpreter: Interpreter, precision: Int) -> Page.Figure {
        guard let (command, parsed) = parse(line) else {
            return .error("only :show and :plot lines are drawn on a page")
        }
        let options: CommandOptions
        switch parsed {
        case let .success(o): options = o
        case let .failure(problem): return .error(problem.message)
        }
        guard !options.expression.isEmpty else { return .error("usage: :\(command) X") }
        let (outcomes, error) = interpreter.run(options.expression)
        if let error { return .error(error.render(source: options.expression)) }
        guard outcomes.count == 1, let value = outcomes[0].value else { return .error("expected one expression, e.g. softmax(S)") }
        guard case let .tensor(t) = value else {
            return .text(Session(precision: precision).show(value) ?? "")
        }
        if command == "plot" {
            let arrangement: Plot.Arrangement = options.flags.contains("overlay") ? .overlay : options.flags.contains("strips") ? .strips : .auto
            do throws(Plot.Failure) {
                // Fails the same way the terminal's plot does (nothing to plot, too many axes).
                _ = try Plot.curves(t, byRows: options.flags.contains("rows"))
            } catch { return .error(error.description) }
            return .plot(t, byRows: options.flags.contains("rows"), arrangement: arrangement)
        }
        var shown: Int?
        if let text = options.values["precision"] {
            guard let n = Int(text), (0...15).contains(n) else { return .error("--precision takes a whole number from 0 to 15, not \(text)") }
            shown = n
        }
        return options.flags.contains("heat") ? .heatmap(t, precision: shown ?? min(2, precision)) : .table(t, precision: shown ?? precision)
    }
}
