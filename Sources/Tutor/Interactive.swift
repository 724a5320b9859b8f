import Lessons

/// The REPL on a terminal: libedit reads, ``Repl`` does the rest.
struct Interactive {
    let repl: Repl
    let editor: LineEditor

    func run() {
        if !repl.welcome.isEmpty { repl.write(repl.welcome.joined(separator: "\n")) }
        if let note = editor.historyNote { repl.write(repl.style.yellow("note: " + note)) }
        while true {
            switch editor.read(prompt: repl.isContinuing ? repl.continuationPrompt : repl.prompt) {
            case .interrupted:
                // libedit leaves the cursor after the dropped text; the next prompt starts a fresh line.
                repl.write("^C")
                repl.cancelInput()
            case .end:
                repl.write("")
                guard repl.isContinuing else { return sayFarewell() }
                // Ctrl-D in a multi-line input ends that input, not the session.
                repl.finishInput()
            case let .line(line):
                let fed = repl.feed(line)
                if let input = fed.completed, let note = editor.remember(Interactive.historyEntry(input)) {
                    repl.write(repl.style.yellow("note: " + note))
                }
                if fed.outcome == .quit { return sayFarewell() }
            }
        }
    }

    private func sayFarewell() {
        if let note = repl.farewell?() { repl.write(repl.style.yellow("note: " + note)) }
    }

    /// A multi-line input is recalled as one line (newlines inside brackets mean nothing),
    /// unless a `#` comment would then swallow the rest.
    static func historyEntry(_ input: String) -> String {
        guard input.contains("\n"), !input.contains("#") else { return input }
        return input.split(separator: "\n").map { String($0).trimmedString }.joined(separator: " ")
    }
}
