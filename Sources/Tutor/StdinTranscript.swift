/// Reads statements from a pipe or file and writes a plain transcript: each input line
/// after a prompt, then its results. Errors are shown and the session goes on; `:commands`
/// work as in the interactive REPL.
struct StdinTranscript {
    let repl: Repl

    func run() {
        while let line = readLine(strippingNewline: true) {
            repl.write((repl.isContinuing ? repl.continuationPrompt : repl.prompt) + line)
            if repl.feed(line).outcome == .quit { return }
        }
        repl.finishInput()
    }
}
