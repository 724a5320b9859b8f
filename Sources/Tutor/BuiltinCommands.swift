import Display
import Language
import Lessons
import Tensors

/// The REPL's own commands; lessons add theirs with ``CommandTable/register(_:)``.
extension Repl {
    static var builtinCommands: [ReplCommand] {
        [
            ReplCommand("help", aliases: ["h", "?"], usage: "[topic|NAME]",
                        summary: "this list; :help NAME explains a command, builtin or variable",
                        details: ["Topics: " + HelpTopics.names.joined(separator: ", ") + ".",
                                  "Examples: :help show   :help softmax   :help keys"],
                        completion: .helpTopics) { repl, args in
                repl.help(args)
                return .proceed
            },
            ReplCommand("vars", aliases: ["v"], summary: "your variables: name, shape and the statement that made each") { repl, _ in
                repl.listVariables()
                return .proceed
            },
            ReplCommand("show", usage: "X [--heat] [--heads] [--from TOKEN] [--precision N]",
                        summary: "show a value; --heat draws a matrix as a heatmap",
                        details: ["X is any expression: :show softmax(S) --heat",
                                  "--heat colours each cell: values in [0, 1] (attention weights) on a fixed 0–1 scale,",
                                  "  values of both signs on a blue–white–red scale centred on 0; without colour, shading ░▒▓█.",
                                  "--heads draws every head of layers × heads × tokens × tokens weights as a small square;",
                                  "  --from TOKEN lists, for that token, the key each head weights most.",
                                  "--precision N sets the decimals for this one display."],
                        completion: .expression) { repl, args in
                repl.picture(.show, args)
                return .proceed
            },
            ReplCommand("plot", usage: "X [--rows] [--overlay|--strips]",
                        summary: "braille line plot: one curve per column of X (per row with --rows)",
                        details: ["A vector is one curve. A matrix gives a curve per column, over its rows;",
                                  "a few curves share one plot in colour, more get a strip each on a shared scale.",
                                  "Example: :plot posenc(50, 16)   — each column is a wave, slower to the right."],
                        completion: .expression) { repl, args in
                repl.picture(.plot, args)
                return .proceed
            },
            ReplCommand("time", usage: "EXPR", summary: "time an expression: the best of several runs",
                        details: ["Runs EXPR (assignments too) at least 3 times, for up to about half a second, and",
                                  "reports the fastest run. Ctrl-C stops it."],
                        completion: .expression) { repl, args in
                repl.time(args)
                return .proceed
            },
            ReplCommand("precision", usage: "[N]", summary: "decimals shown per number (now and for the rest of the session)") { repl, args in
                repl.setPrecision(args)
                return .proceed
            },
            Repl.exportCommand,
            ReplCommand("quit", aliases: ["q", "exit"], summary: "leave (Ctrl-D does the same); your history is kept") { _, _ in
                .quit
            },
        ]
    }

    func help(_ args: String) {
        let topic = args.trimmedString.drop { $0 == ":" }
        guard !topic.isEmpty else { write(helpOverview()); return }
        let name = String(topic)
        if let c = commands.find(name) {
            var lines = [style.bold(c.synopsis) + "   " + c.summary]
            if !c.aliases.isEmpty { lines.append("  also " + c.aliases.map { ":" + $0 }.joined(separator: ", ")) }
            lines += c.details.map { "  " + $0 }
            write(lines.joined(separator: "\n"))
        } else if let text = HelpTopics.text(name, style: style) {
            write(text)
        } else if let b = Builtins.table[name] {
            write(style.bold(b.signature) + "\n  " + b.doc)
        } else if let v = session.interpreter.variables[name] {
            let origin = session.interpreter.origins[name].map { ", from: \($0)" } ?? ""
            write("\(name) is \(v.kindName)\(origin)")
        } else {
            let all = commands.names + HelpTopics.names + Builtins.table.keys.sorted() + session.interpreter.order
            var message = "no help for '\(name)'"
            if let near = Nearest.word(to: name, in: all) { message += " — did you mean \(near)?" }
            write(message + "\n" + style.dim("  :help lists commands and topics; help() lists every builtin"))
        }
    }

    func helpOverview() -> String {
        let total = width() ?? 100
        // Long synopses (`:plot X [--rows] …`) get a line of their own rather than
        // pushing every summary to the right.
        let column = min(22, commands.commands.map { ANSI.width($0.synopsis) }.max() ?? 0)
        var lines = [style.bold("Commands")]
        for c in commands.commands {
            let summary = Prose.wrap(c.summary, first: "", rest: "", limit: max(20, total - column - 4))
            if ANSI.width(c.synopsis) > column {
                lines.append("  " + style.cyan(c.synopsis))
                lines += summary.map { String(repeating: " ", count: column + 4) + $0 }
            } else {
                lines.append("  " + style.cyan(ANSI.padRight(c.synopsis, column)) + "  " + summary[0])
                lines += summary.dropFirst().map { String(repeating: " ", count: column + 4) + $0 }
            }
        }
        lines.append("")
        lines.append(style.bold("Expressions") + "  anything else you type is evaluated, NumPy style:")
        lines.append("  X = randn(4, 8)    S = X @ X.T / √8    A = softmax(S)    A[0]    A.shape")
        lines.append("  A line with an open bracket continues on the next; an empty line ends it.")
        lines.append("")
        lines.append("Topics: " + HelpTopics.names.map { ":help " + $0 }.joined(separator: "   "))
        lines.append(style.dim("help() lists every builtin; :help softmax explains one"))
        return lines.joined(separator: "\n")
    }

    func listVariables() {
        let interpreter = session.interpreter
        guard !interpreter.order.isEmpty else {
            write("no variables yet — make one: X = randn(3, 4)")
            return
        }
        let rows = interpreter.order.map { name -> (String, String, String) in
            let value = interpreter.variables[name] ?? .none
            let shape: String
            switch value {
            case let .tensor(t): shape = Shape.text(t.shape)
            case .string: shape = "text"
            case .function: shape = "function"
            case .none: shape = "None"
            }
            return (name, shape, interpreter.origins[name] ?? "")
        }
        let nameWidth = max(4, rows.map { ANSI.width($0.0) }.max() ?? 0)
        let shapeWidth = max(5, rows.map { ANSI.width($0.1) }.max() ?? 0)
        let room = width().map { max(20, $0 - nameWidth - shapeWidth - 4) } ?? Int.max
        var lines = [style.dim(ANSI.padRight("name", nameWidth) + "  " + ANSI.padRight("shape", shapeWidth) + "  from")]
        for (name, shape, origin) in rows {
            let oneLine = origin.split(whereSeparator: \.isNewline).map { String($0).trimmedString }.joined(separator: " ")
            lines.append(style.bold(ANSI.padRight(name, nameWidth)) + "  " + ANSI.padRight(shape, shapeWidth) + "  "
                         + ANSI.truncate(oneLine, room))
        }
        write(lines.joined(separator: "\n"))
    }

    /// `:show`/`:plot ARGS`: the options parsed, the expression evaluated, the value drawn.
    func picture(_ kind: Picture.Kind, _ args: String) {
        let options: CommandOptions
        switch CommandOptions.parse(args, flags: kind.flags, valued: kind.valued) {
        case let .success(o): options = o
        case let .failure(failure): problem(failure.message); return
        }
        guard !options.expression.isEmpty else {
            write("usage: " + (commands.find(kind.rawValue)?.synopsis ?? ":\(kind.rawValue) X"))
            return
        }
        guard let value = value(of: options.expression) else { return }
        record?.drawing(value, precision: session.printer.precision)
        draw(kind, value, options)
    }

    /// Draws a value as `:show` or `:plot` does; a lesson's picture lines come here too.
    func draw(_ kind: Picture.Kind, _ value: Value, _ options: CommandOptions) {
        guard case let .tensor(t) = value else {
            if let text = session.show(value) { write(text) }
            return
        }
        switch kind {
        case .show:
            guard let precision = precisionOption(options) else { return }
            if options.flags.contains("heads") || options.values["from"] != nil {
                shown(headsView(t, from: options.values["from"]))
            } else if options.flags.contains("heat") {
                shown(Heatmap(style: style, width: width(), precision: precision ?? min(2, session.printer.precision)).render(t))
            } else {
                var printer = session.printer
                printer.width = width()
                if let precision { printer.precision = precision }
                shown(printer.format(t))
            }
        case .plot:
            let arrangement: Plot.Arrangement = options.flags.contains("overlay") ? .overlay : options.flags.contains("strips") ? .strips : .auto
            do throws(Plot.Failure) {
                shown(try Plot(style: style, width: width() ?? 80).render(t, byRows: options.flags.contains("rows"), arrangement: arrangement))
            } catch {
                problem(error.description)
            }
        }
    }

    /// `--precision N`, checked; nil (after saying why) when it is not a small whole number.
    func precisionOption(_ options: CommandOptions) -> Int?? {
        guard let text = options.values["precision"] else { return .some(nil) }
        guard let n = Int(text), (0...15).contains(n) else {
            problem("--precision takes a whole number from 0 to 15, not \(text)")
            return nil
        }
        return .some(n)
    }

    func time(_ args: String) {
        let source = args.trimmedString
        guard !source.isEmpty else { write("usage: :time EXPR, e.g. :time A @ B"); return }
        switch Timing.best(source, in: session) {
        case let .success((ns, runs)): write(Timing.describe(ns, runs: runs))
        case let .failure(error): report(error, in: source)
        }
    }

    func setPrecision(_ args: String) {
        let text = args.trimmedString
        guard !text.isEmpty else { write("precision: \(session.printer.precision) decimals"); return }
        guard let n = Int(text), (0...15).contains(n) else {
            problem(":precision takes a whole number from 0 to 15, e.g. :precision 2")
            return
        }
        session.printer.precision = n
        write("precision: \(n) decimals")
    }
}

extension Repl {
    /// `:show A --heads [--from TOKEN]`: many attention heads at once (see ``AttentionGrid``).
    func headsView(_ t: Tensor, from: String?) -> String {
        let grid = AttentionGrid(style: style, width: width())
        guard let from else { return grid.render(t) }
        let tokens = t.rank >= 2 ? t.labels[t.rank - 1] ?? [] : []
        guard let q = Int(from).flatMap({ $0 >= 0 && $0 < (t.shape.last ?? 0) ? $0 : nil }) ?? tokens.firstIndex(of: from) else {
            return style.red("--from \(from): not one of the tokens" + (tokens.isEmpty ? " (give a position instead)" : ": " + tokens.joined(separator: " ")))
        }
        return grid.whereHeadsLook(t, query: q)
    }
}
