import ArgumentParser

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The `attn-tutor` command: with no subcommand, the REPL (or a plain transcript when
/// standard input is not a terminal).
public struct AttnTutor: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "attn-tutor",
        abstract: "Learn the attention mechanism of transformers by computing it.",
        subcommands: [EvalCommand.self])

    @Option(help: "Decimals shown per number.")
    var precision = 4

    @Option(help: "Colour output: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    public init() {}

    public func run() throws {
        let session = Session(precision: precision)
        let repl = Repl(session: session, style: color.style, width: Terminal.columns)
        if Terminal.isTTY(STDIN_FILENO) {
            let editor = LineEditor(historyPath: LineEditor.defaultHistoryPath()) { [unowned repl] word, before in
                Completion.complete(word, after: before, in: repl)
            }
            Interactive(repl: repl, editor: editor).run()
        } else {
            StdinTranscript(repl: repl).run()
        }
    }
}
