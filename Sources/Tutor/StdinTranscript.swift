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
            // A huge line is echoed by its start only.
            let echo = line.utf8.count > 4096 ? String(line.prefix(200)) + " … (\(line.utf8.count) bytes)" : line
            repl.write((repl.isContinuing ? repl.continuationPrompt : repl.prompt) + echo)
            let outcome = repl.feed(line).outcome
            fflush(stdout)
            if outcome == .quit { return }
        }
        repl.finishInput()
    }
}
