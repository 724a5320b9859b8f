import Foundation
import Testing
import TestSupport

/// `train` and `:train` in a real terminal: the live view redraws in place, and Ctrl-C
/// stops training but keeps the weights.
@Suite(.serialized) struct TrainTerminalTests {
    let state: TemporaryDirectory

    init() throws {
        state = try TemporaryDirectory()
    }

    func start(_ arguments: String) throws -> TmuxSession {
        let binary = try #require(TmuxSession.binary, "the attn-tutor binary should be built next to the tests")
        // The shell survives the Ctrl-C meant for the tutor (a trap, unlike an ignored
        // signal, is not inherited) and reports how the tutor ended.
        let command = "sh -c " + TmuxSession.quote("trap : INT; " + TmuxSession.quote(binary) + " " + arguments + "; echo \"[exit status $?]\"")
        return try TmuxSession(command, environment: ["HOME": state.path, "XDG_STATE_HOME": state.path + "/state",
                                                      "XDG_DATA_HOME": state.path + "/data"], width: 100, height: 40)
    }

    @Test func liveViewRedrawsInPlaceUntilThePatternIsThere() throws {
        let tutor = try start("train reverse --steps 120")
        let during = try tutor.waitFor("a frame part way") { $0.contains("step ") && !$0.contains("step 0/") && !$0.contains("step 120/120") }
        #expect(during.contains("attention of the head on one example"))
        #expect(during.contains("loss") && during.contains("accuracy"))
        let end = try tutor.waitFor(text: "[exit status 0]", timeout: 120)
        #expect(end.contains("✓ each query's strongest key is its mirror position"))
        // Redrawn in place: one frame on the screen, not one per evaluation.
        #expect(end.components(separatedBy: "attention of the head").count == 2, "\(end)")
        #expect(end.contains("[████████████████████████████████████████] step 120/120"))
    }

    @Test func ctrlCStopsTrainingAndKeepsWhatWasLearned() throws {
        let tutor = try start("train reverse --steps 100000")
        try tutor.waitFor("training to run") { $0.contains("step ") && !$0.contains("step 0/") }
        try tutor.press("C-c")
        let end = try tutor.waitFor(text: "[exit status 0]", timeout: 60)
        #expect(end.contains("stopped by Ctrl-C after"), "\(end)")
    }

    /// The training frame scrolls earlier prompts off the screen, so prompts are not
    /// counted: the screen must show `text` with the prompt on the last line.
    @discardableResult
    func waitForPrompt(_ tutor: TmuxSession, showing text: String, timeout: Double = 60) throws -> String {
        try tutor.waitFor("the prompt after “\(text)”", timeout: timeout) { screen in
            screen.contains(text) && screen.split(separator: "\n").last == "attn>" && tutor.isEditing()
        }
    }

    @Test func replTrainThenComputeFromTheWeights() throws {
        let tutor = try start("")
        try tutor.waitForPrompt()
        try tutor.enter(":train previous-token --steps 100000")
        try tutor.waitFor("training to run") { $0.contains("step ") && !$0.contains("step 0/") }
        try tutor.press("C-c")
        let stopped = try waitForPrompt(tutor, showing: "variables: E 10×32")
        #expect(stopped.contains("stopped by Ctrl-C after"))
        try tutor.enter("W_Q.shape")
        try waitForPrompt(tutor, showing: "[ 32 32 ]")
        try tutor.enter("X = E[x] + P; A = softmax((X @ W_Q) @ (X @ W_K).T / sqrt(d_k) + causal_mask(8))")
        try waitForPrompt(tutor, showing: "causal_mask(8))\nattn>")
        try tutor.enter("allclose(sum(A, axis=-1), 1)")
        let screen = try waitForPrompt(tutor, showing: "attn> allclose(sum(A, axis=-1), 1)\n")
        let answer = screen.components(separatedBy: "attn> allclose(sum(A, axis=-1), 1)\n").last?.split(separator: "\n").first
        #expect(answer == "1" || answer == "True", "every row of the recomputed weights sums to 1")
        #expect(!screen.contains("\\x1b"), "no escape codes written visibly")
    }
}
