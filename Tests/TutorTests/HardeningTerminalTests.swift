import Foundation
import Testing
@testable import Tutor

/// Ctrl-C where it used to be ignored or misread, in a real terminal (tmux): a long
/// `rnn_influence`, a slow answer being graded, and the history file after a session.
@Suite(.serialized) struct HardeningTerminalTests {
    let state: TemporaryDirectory

    init() throws { state = try TemporaryDirectory() }

    func start(_ arguments: String = "") throws -> TmuxSession {
        let binary = try #require(TmuxSession.binary, "the attn-tutor binary should be built next to the tests")
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lessons").path
        return try TmuxSession(TmuxSession.quote(binary) + (arguments.isEmpty ? "" : " " + arguments),
                               environment: ["HOME": state.path, "XDG_STATE_HOME": state.path + "/state",
                                             "XDG_DATA_HOME": state.path + "/data", "ATTN_TUTOR_LESSONS": lessons])
    }

    /// Presses Ctrl-C once the line has been read (the cursor left its row).
    func interrupt(_ tutor: TmuxSession, after line: String) throws {
        let typed = try tutor.waitFor(text: line)
        let row = typed.split(separator: "\n", omittingEmptySubsequences: false).lastIndex { $0.hasSuffix(line) } ?? 0
        try tutor.waitFor("the line to be read") { _ in ((try? tutor.cursor())?.y ?? 0) > row }
        usleep(300_000)
        try tutor.press("C-c")
    }

    @Test func ctrlCStopsRnnInfluence() throws {
        let tutor = try start()
        try tutor.waitForPrompt()
        // One token, d_h = 1500: a single backward step of 2·1500³ multiply-adds, polled per row.
        let line = "S = rnn_influence(randn(1,1), randn(1,1500), randn(1500,1500))"
        try tutor.enter(line)
        try interrupt(tutor, after: line)
        try tutor.waitFor(text: "interrupted — your variables are as they were before this input", timeout: 20)
        try tutor.waitForPrompt(count: 2)
        tutor.close()
    }

    @Test func ctrlCWhileGradingIsNotAKnownWrongAnswer() throws {
        let tutor = try start("lesson scores")
        try tutor.waitFor(text: "scores 1/")
        try tutor.enter(":goto 3")
        try tutor.waitFor(text: "scores 3/")
        let line = "(ones(3000,3000) @ ones(3000,3000) @ ones(3000,3000))[0:7,0:7]*Q[0,0]"
        try tutor.enter(line)
        try interrupt(tutor, after: line)
        let screen = try tutor.waitFor(text: "the answer was not graded", timeout: 60)
        let after = screen.components(separatedBy: line).last ?? ""
        #expect(!after.contains("That is"), "an interrupted answer got a known wrong answer's message: \(after)")
        #expect(!after.contains("its author"), "\(after)")
        tutor.close()
    }

    @Test func historyIsSavedAtomicallyInLibeditsFormat() throws {
        let tutor = try start()
        try tutor.waitForPrompt()
        try tutor.enter("z = 3")
        try tutor.waitForPrompt(count: 2)
        try tutor.enter("zz = z + 1")
        try tutor.waitForPrompt(count: 3)
        let path = state.path + "/state/attn-tutor/history"
        #expect((try? String(contentsOfFile: path, encoding: .utf8)) == "_HiStOrY_V2_\nz\\040=\\0403\nzz\\040=\\040z\\040+\\0401\n")
        // Up recalls the last input.
        try tutor.press("Up")
        try tutor.waitFor("the recalled line") { $0.split(separator: "\n").last == "attn> zz = z + 1" }
        tutor.close()
    }
}
