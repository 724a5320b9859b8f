/// Reads statements from a pipe or file and writes a plain transcript: each input line
/// after a prompt, then its results. Errors are shown and the session goes on.
struct StdinTranscript {
    let session: Session

    func run() {
        var buffer = LineBuffer()
        while let line = readLine(strippingNewline: true) {
            print((buffer.isEmpty ? "attn> " : "  ... ") + line)
            switch buffer.add(line) {
            case .needMore: continue
            case let .abandoned(message): print(message)
            case let .complete(source):
                let output = session.run(source)
                if !output.isEmpty { print(output) }
            }
        }
        if !buffer.isEmpty, case let .abandoned(message) = buffer.add("") { print(message) }
    }
}
