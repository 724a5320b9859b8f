import ArgumentParser

#if canImport(Glibc)
import Glibc
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

    public init() {}

    public func run() throws {
        let session = Session(precision: precision)
        StdinTranscript(session: session).run()
    }
}
