import Foundation
import Testing

/// Every input at an exercise gets a verdict, in a real terminal: an assignment to the
/// learner's own name, a line of several statements, and answers after `:restart`,
/// `:back` and re-opening a finished lesson.
@Suite(.serialized) struct AnswerTerminalTests {
    let state: TemporaryDirectory
    init() throws { state = try TemporaryDirectory() }

    func start() throws -> TmuxSession {
        let binary = try #require(TmuxSession.binary, "the attn-tutor binary should be built next to the tests")
        return try TmuxSession(TmuxSession.quote(binary) + " lesson every-directive",
                               environment: ["HOME": state.path, "XDG_DATA_HOME": state.path + "/data",
                                             "XDG_STATE_HOME": state.path + "/state", "ATTN_TUTOR_LESSONS": Fixture.directory],
                               height: 60)
    }

    /// Types `line` and waits until the reply to it (the screen below it) shows `mark`; that reply.
    @discardableResult
    func reply(_ tutor: TmuxSession, to line: String, expecting mark: String) throws -> String {
        try tutor.enter(line)
        let screen = try tutor.waitFor("“\(mark)” after “\(line)”") { screen in
            screen.components(separatedBy: "> " + line).last.map { $0.contains(mark) && $0.contains("attn[") } ?? false
        }
        return screen.components(separatedBy: "> " + line).last ?? ""
    }

    @Test func everyAnswerIsJudgedAgainAfterRestartAndBack() throws {
        let tutor = try start()
        try tutor.waitForPrompt("attn[every-directive 1/7]>")
        try tutor.enter("")
        try tutor.waitFor(text: "[2/7] Compute the queries")
        // A wrong value saved under the learner's own name: a ✗, not silence.
        try reply(tutor, to: "mine = X @ Wq * 2", expecting: "✗")
        // Several statements: judged by the last.
        try reply(tutor, to: "s = 1; X @ Wq * s", expecting: "✓")
        try tutor.enter(":restart")
        try tutor.waitForPrompt("attn[every-directive 1/7]>")
        try tutor.enter("")
        try tutor.waitFor(text: "(done before")
        try tutor.waitForPrompt("attn[every-directive 2/7]>")
        try reply(tutor, to: "X @ Wq.T @ Wq", expecting: "✗")
        try reply(tutor, to: "X @ Wq", expecting: "✓")
        try tutor.enter("")
        try tutor.waitForPrompt("attn[every-directive 3/7]>")
        try tutor.enter(":back")
        try tutor.waitForPrompt("attn[every-directive 2/7]>")
        try tutor.waitFor(text: "(done before — answer again, or Enter goes on)")
        try reply(tutor, to: "Q2 = X @ Wq", expecting: "✓")
        try tutor.enter(":vars")
        try tutor.waitFor(text: "Q2 = X @ Wq")
    }
}
