import Display
import Language

/// The texts of `:help TOPIC`.
enum HelpTopics {
    static let names = ["language", "keys", "builtins", "display"]

    static func text(_ name: String, style: ANSI) -> String? {
        switch name {
        case "language": return language(style)
        case "keys": return keys(style)
        case "builtins": return builtins(style)
        case "display": return display(style)
        default: return nil
        }
    }

    static func language(_ s: ANSI) -> String {
        [
            s.bold("The expression language") + " (NumPy flavoured)",
            "  numbers, inf, nan, pi; strings \"the cat sat\"; tensors [[1, 2], [3, 4]]",
            "  + - * / ** elementwise with broadcasting;  @ matrix product;  < <= > >= == != give 0/1",
            "  X.T transpose, X.shape;  X[0], X[-1], X[:, 1:3], X[0, 2]",
            "  name = expr assigns;  a; b runs both;  # starts a comment",
            "  calls take keywords: softmax(S, axis=0)",
            "  paper spellings work too: Kᵀ (K.T), √d (sqrt(d)), a · b (a @ b)",
            "  an open bracket continues the input on the next line; an empty line ends it",
        ].joined(separator: "\n")
    }

    static func keys(_ s: ANSI) -> String {
        [
            s.bold("Keys at the prompt"),
            "  Tab          complete a command, variable or builtin (twice: list the choices)",
            "  ↑ / ↓        earlier / later inputs; history is kept between sessions",
            "  Ctrl-R       search earlier inputs as you type; Enter takes the one found",
            "  ← → Ctrl-A Ctrl-E   move in the line;  Ctrl-K / Ctrl-U delete to the end / start",
            "  Ctrl-C       drop the line you are typing, or stop a long computation (variables stay)",
            "  Ctrl-D       on an empty line: leave",
            "  Ctrl-Z       suspend; fg brings the tutor back",
        ].joined(separator: "\n")
    }

    static func builtins(_ s: ANSI) -> String {
        let width = Builtins.all.map { ANSI.width($0.signature) }.max() ?? 0
        return ([s.bold("Builtins") + "  (help(name) or :help name for one)"]
                + Builtins.all.map { "  " + s.cyan(ANSI.padRight($0.signature, width)) + "  " + $0.doc }).joined(separator: "\n")
    }

    static func display(_ s: ANSI) -> String {
        [
            s.bold("How tensors are shown"),
            "  Typing an expression prints it: labelled rows and columns when it has token labels.",
            "  Wide tensors keep their first and last columns, with … between; :show X in full detail,",
            "  :precision N sets the decimals.",
            "  :show X --heat   a heatmap: one coloured cell per value. Values in [0, 1] (attention",
            "                   weights) use a fixed 0–1 scale; signed values a blue–white–red scale",
            "                   centred on 0; -inf (masked) cells are grey. Without colour: ░▒▓█ shading.",
            "  :plot X          braille curves, one per column (or per row with --rows).",
            "  Colour follows NO_COLOR and --color auto|always|never.",
        ].joined(separator: "\n")
    }
}
