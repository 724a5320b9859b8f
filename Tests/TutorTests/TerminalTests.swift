import Foundation
import Testing
@testable import Tutor

/// Real terminal sessions: the built binary under tmux, typed at like a learner —
/// prompt, evaluation, Tab, history, Ctrl-C, Ctrl-D, Ctrl-Z, UTF-8 and colour.
/// Serialized so that the heavy Ctrl-C test does not starve the others on a small machine.
@Suite(.serialized) struct TerminalTests {
    let state: TemporaryDirectory

    init() throws {
        state = try TemporaryDirectory()
    }

    /// The tutor in a fresh terminal whose home, history and progress live in `state`.
    /// With `reportingExit`, a shell runs it and prints `[exit status N]` when it ends
    /// (tmux itself is slow to notice a program's end on a loaded machine).
    func start(_ arguments: String = "", environment: [String: String] = [:], reportingExit: Bool = false) throws -> TmuxSession {
        let binary = try #require(TmuxSession.binary, "the attn-tutor binary should be built next to the tests")
        var command = TmuxSession.quote(binary) + (arguments.isEmpty ? "" : " " + arguments)
        if reportingExit { command = "sh -c " + TmuxSession.quote(command + "; echo \"[exit status $?]\"") }
        return try TmuxSession(command, environment: isolated.merging(environment) { $1 })
    }

    var isolated: [String: String] {
        ["HOME": state.path, "XDG_STATE_HOME": state.path + "/state", "XDG_DATA_HOME": state.path + "/data",
         "XDG_CONFIG_HOME": state.path + "/config"]
    }

    func lastLine(_ screen: String) -> String { screen.split(separator: "\n").last.map(String.init) ?? "" }

    @Test func promptWelcomeAndEvaluation() throws {
        let tutor = try start()
        let first = try tutor.waitForPrompt()
        #expect(first.contains("attn-tutor — learn attention by computing it."))
        #expect(first.contains(":help"))
        try tutor.enter("X = embed(\"the cat sat\", 4)")
        try tutor.waitForPrompt(count: 2)
        try tutor.enter("X @ X.T")
        let screen = try tutor.waitForPrompt(count: 3)
        // The same statements in-process give the text the terminal must show.
        let session = Session()
        _ = session.run("X = embed(\"the cat sat\", 4)")
        let expected = session.run("X @ X.T")
        #expect(expected.contains("the") && expected.contains("cat"))
        for line in expected.split(separator: "\n") {
            let trimmed = String(line.reversed().drop { $0 == " " }.reversed())
            #expect(screen.contains(trimmed), "missing line “\(trimmed)”")
        }
    }

    @Test func tabCompletesBuiltinsVariablesAndCommands() throws {
        let tutor = try start()
        try tutor.waitForPrompt()
        try tutor.enter("scores = eye(2)")
        try tutor.waitForPrompt(count: 2)
        try tutor.type("sof")
        try tutor.press("Tab")
        try tutor.waitFor("softmax( completed") { lastLine($0) == "attn> softmax(" }
        try tutor.type("scor")
        try tutor.press("Tab")
        try tutor.waitFor("scores completed") { lastLine($0) == "attn> softmax(scores" }
        try tutor.type(")")
        try tutor.press("Enter")
        let result = try tutor.waitForPrompt(count: 3)
        #expect(result.contains("[[0.7311 0.2689]"))
        try tutor.type(":sh")
        try tutor.press("Tab")
        try tutor.waitFor(":show completed") { lastLine($0) == "attn> :show" }
        try tutor.type("scores --heat")
        try tutor.press("Enter")
        let heat = try tutor.waitForPrompt(count: 4)
        #expect(heat.contains("█ ≥ 0.80"))
        // Two Tabs on an ambiguous start list the choices.
        try tutor.type("s")
        try tutor.press("Tab", "Tab")
        let listing = try tutor.waitFor("a list of choices") { $0.contains("seed") && $0.contains("sum") }
        #expect(listing.contains("scores") && listing.contains("sigmoid"))
    }

    @Test func historyWithUpArrowAndAcrossRestarts() throws {
        let first = try start(reportingExit: true)
        try first.waitForPrompt()
        try first.enter("a = 41")
        try first.waitForPrompt(count: 2)
        try first.enter("a + 1")
        #expect(try first.waitForPrompt(count: 3).contains("\n42\n"))
        try first.press("Up")
        try first.waitFor("the last input recalled") { lastLine($0) == "attn> a + 1" }
        try first.press("C-u")
        try first.press("C-d")
        let end: String
        do {
            end = try first.waitFor("the program to end") { $0.contains("[exit status") }
        } catch {
            Issue.record("Ctrl-D did not end the program:\n\(first.processReport())")
            throw error
        }
        #expect(end.contains("attn> ^D\n[exit status 0]"), "the screen:\n\(end)")
        #expect(FileManager.default.fileExists(atPath: state.path + "/state/attn-tutor/history"))
        first.close()

        let second = try start()
        try second.waitForPrompt()
        try second.press("Up")
        try second.waitFor("history from the last run") { lastLine($0) == "attn> a + 1" }
        try second.press("Up")
        try second.waitFor("the input before") { lastLine($0) == "attn> a = 41" }
        try second.press("Enter")
        try second.waitForPrompt(count: 2)
        try second.enter("a * 2")
        #expect(try second.waitForPrompt(count: 3).contains("\n82\n"))
    }

    @Test func ctrlCDropsTheLineBeingTyped() throws {
        let tutor = try start()
        try tutor.waitForPrompt()
        try tutor.type("half typed")
        try tutor.waitFor("the typed text") { lastLine($0) == "attn> half typed" }
        try tutor.press("C-c")
        try tutor.waitForPrompt(count: 2)
        try tutor.enter("1 + 1")
        let screen = try tutor.waitForPrompt(count: 3)
        #expect(screen.contains("attn> 1 + 1\n2"))
        #expect(!screen.contains("error"))
        // In a multi-line input Ctrl-C drops all of it.
        try tutor.enter("A = [1,")
        try tutor.waitFor("the continuation prompt") { lastLine($0) == "  ..." }
        try tutor.press("C-c")
        try tutor.waitForPrompt(count: 4)
        try tutor.enter("A")
        #expect(try tutor.waitForPrompt(count: 5).contains("name error: 'A' is not defined"))
    }

    @Test func ctrlCStopsALongComputationAndKeepsTheWorkspace() throws {
        let tutor = try start()
        try tutor.waitForPrompt()
        try tutor.enter("A = randn(3000, 3000)")
        try tutor.waitForPrompt(count: 2, timeout: 120)
        // Five 3000×3000 products: seconds of work. Ctrl-C goes once the line has been read
        // (libedit moved the cursor below it); earlier, it would only drop the typed line.
        try tutor.enter("A @ A @ A @ A @ A @ A")
        let typed = try tutor.waitFor(text: "attn> A @ A @ A @ A @ A @ A")
        let row = typed.split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0.hasPrefix("attn> A @ A") } ?? 0
        try tutor.waitFor("the line to be read") { _ in ((try? tutor.cursor())?.y ?? 0) > row }
        #expect(lastLine(try tutor.screen()) != "attn>", "the product should still be running")
        try tutor.press("C-c")
        try tutor.waitFor(text: "interrupted — your variables are as they were before this input", timeout: 60)
        try tutor.waitForPrompt(count: 3)
        try tutor.enter("A.shape")
        #expect(try tutor.waitForPrompt(count: 4).contains("[ 3000 3000 ]"))
    }

    @Test func utf8InputWithoutAUTF8Locale() throws {
        // LANG and LC_ALL unset: the C locale, where libedit would drop non-ASCII input
        // unless the tutor switches to UTF-8 itself.
        let tutor = try start(environment: ["LANG": "", "LC_ALL": "", "LC_CTYPE": ""])
        try tutor.waitForPrompt()
        try tutor.enter("K = [[1, 2], [3, 4]]")
        try tutor.waitForPrompt(count: 2)
        try tutor.enter("Kᵀ")
        let screen = try tutor.waitForPrompt(count: 3)
        #expect(screen.contains("attn> Kᵀ\nshape 2×2\n[[1 3]\n [2 4]]"))
    }

    @Test func heatmapInColourUnlessNoColor() throws {
        let coloured = try start(environment: ["NO_COLOR": ""])
        try coloured.waitForPrompt()
        try coloured.enter(":show eye(2) --heat")
        let screen = try coloured.waitFor("a coloured heatmap", escapes: true) { $0.contains("weights 0 to 1") }
        // 1 on the brightest viridis step (220), 0 on the darkest (53).
        #expect(screen.contains("48;5;220m"))
        #expect(screen.contains("48;5;53m"))
        coloured.close()

        let plain = try start(environment: ["NO_COLOR": "1"])
        try plain.waitForPrompt()
        try plain.enter(":show eye(2) --heat")
        let text = try plain.waitFor(text: "█ ≥ 0.80")
        #expect(text.contains("0 ██\n1    ██"))
        #expect(!(try plain.screen(escapes: true)).contains("48;5;"))
    }

    @Test func ctrlZAndFgRedrawAndCtrlDRestoresTheTerminal() throws {
        let binary = try #require(TmuxSession.binary)
        let shell = try TmuxSession("bash --norc --noprofile -i", environment: isolated.merging(["PS1": "$ "]) { $1 })
        try shell.waitFor("the shell prompt") { lastLine($0) == "$" }
        try shell.enter(TmuxSession.quote(binary))
        try shell.waitForPrompt()
        try shell.type("B = 7")
        try shell.press("C-z")
        try shell.waitFor(text: "Stopped")
        try shell.enter("fg")
        try shell.waitFor("the line redrawn") { lastLine($0) == "attn> B = 7" }
        try shell.press("Enter")
        try shell.enter("B + 1")
        try shell.waitFor("the result, and the line editor reading again") {
            $0.contains("attn> B + 1\n8\nattn>") && lastLine($0) == "attn>" && shell.isEditing()
        }
        try shell.press("C-d")
        try shell.waitFor("back in the shell") { lastLine($0) == "$" }
        // Line editing and echo are back on: libedit restored the terminal.
        try shell.enter("stty -a | tr ' ' '\\n' | grep -x -e icanon -e echo -e -icanon -e -echo | tr '\\n' ' '; echo")
        let screen = try shell.waitFor("stty's answer") { lastLine($0) == "$" && $0.contains("icanon") && !$0.hasSuffix("stty") }
        let lines = screen.split(separator: "\n").map(String.init)
        let answer = lines.firstIndex { $0.hasPrefix("$ stty -a") }.map { lines[$0 + 1] }
        #expect(answer == "icanon echo", "the screen:\n\(screen)")
    }
}
