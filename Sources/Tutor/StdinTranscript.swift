#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Reads statements from a pipe or file and writes a plain transcript: each input line
/// after a prompt, then its results. Errors are shown and the session goes on; `:commands`
/// work as in the interactive REPL.
struct StdinTranscript {
    let repl: Repl

    func run() {
        // Show the output so far before waiting for input, so a program driving the tutor
        // through a pipe sees each answer (and a killed session loses nothing it printed).
        fflush(stdout)
        while let line = readLine(strippingNewline: true) {
            repl.write((repl.isContinuing ? repl.continuationPrompt : repl.prompt) + line)
            let outcome = repl.feed(line).outcome
            fflush(stdout)
            if outcome == .quit { return }
        }
        repl.finishInput()
    }
}
