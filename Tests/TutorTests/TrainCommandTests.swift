import Foundation
import Testing
import TestSupport
@testable import Tutor
import Language
import Tensors

/// `attn-tutor train` through the built binary, and `:train` / `train()` in a workspace.
@Suite struct TrainCommandTests {
    func binary() throws -> String {
        try #require(TmuxSession.binary, "the attn-tutor binary should be built next to the tests")
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    func matrix(_ value: Any?) throws -> [[Double]] {
        try #require(value as? [[Double]], "attention should be a list of rows of numbers")
    }

    @Test func reverseJSONHasTheDocumentedShapeAndTheAntiDiagonal() throws {
        let (status, output, errors) = try TmuxSession.run(try binary(), ["train", "reverse", "--steps", "60", "--seed", "9", "--json"])
        #expect(status == 0, "\(errors)")
        let object = try json(output)
        #expect(Set(object.keys) == ["task", "steps", "loss", "accuracy", "attention", "seconds"])
        #expect(object["task"] as? String == "reverse")
        #expect(object["steps"] as? Int == 60)
        let accuracy = try #require(object["accuracy"] as? Double)
        #expect(accuracy >= 0.99 && accuracy <= 1)
        let loss = try #require(object["loss"] as? Double)
        #expect(loss > 0 && loss < 0.5)
        #expect((object["seconds"] as? Double).map { $0 >= 0 } == true)
        let a = try matrix(object["attention"])
        #expect(a.count == 8 && a.allSatisfy { $0.count == 8 })
        for (i, row) in a.enumerated() {
            #expect(abs(row.reduce(0, +) - 1) < 1e-9, "row \(i) sums to \(row.reduce(0, +))")
            #expect(row.indices.max { row[$0] < row[$1] } == 7 - i, "query \(i): \(row)")
        }
    }

    @Test func previousTokenJSONHasTheSubDiagonalAndNothingAboveIt() throws {
        let (status, output, _) = try TmuxSession.run(try binary(), ["train", "previous-token", "--steps", "60", "--length", "6", "--json"])
        #expect(status == 0)
        let a = try matrix(try json(output)["attention"])
        #expect(a.count == 6)
        for (i, row) in a.enumerated() {
            #expect(row[(i + 1)...].allSatisfy { $0 == 0 }, "query \(i) sees the future: \(row)")
            if i > 0 { #expect(row.indices.max { row[$0] < row[$1] } == i - 1, "query \(i): \(row)") }
        }
    }

    @Test func gradientCheckJSON() throws {
        let (status, output, _) = try TmuxSession.run(try binary(), ["train", "--gradcheck", "--json"])
        #expect(status == 0)
        let object = try json(output)
        #expect(Set(object.keys) == ["checked", "max_relative_error"])
        #expect((object["checked"] as? Int).map { $0 >= 25 } == true)
        let worst = try #require(object["max_relative_error"] as? Double)
        #expect(worst >= 0 && worst <= 1e-6)
        let (_, text, _) = try TmuxSession.run(try binary(), ["train", "--gradcheck"])
        #expect(text.contains("✓ softmax with a causal mask"))
        #expect(!text.contains("✗"))
    }

    @Test(arguments: [
        (["train", "revers"], "did you mean reverse?"),
        (["train"], "name a task"),
        (["train", "reverse", "--length", "1"], "--length must be from 2 to 32"),
        (["train", "reverse", "--steps", "-3"], "--steps must be from 0"),
        (["train", "reverse", "--seed", "-1"], "--seed must be 0 or more"),
        (["train", "reverse", "--positions", "rotary"], "--positions must be learned, sinusoidal or none"),
        (["train", "reverse", "--gradcheck"], "--gradcheck takes no task"),
    ])
    func badOptionsSayWhatIsAllowed(_ arguments: [String], _ message: String) throws {
        let (status, output, errors) = try TmuxSession.run(try binary(), arguments)
        #expect(status != 0)
        #expect(errors.contains(message), "stderr: \(errors)")
        #expect(output.isEmpty)
    }

    @Test func plainOutputOnAPipe() throws {
        let (status, output, _) = try TmuxSession.run(try binary(), ["train", "reverse", "--steps", "80", "--color", "never"])
        #expect(status == 0)
        #expect(output.contains("step 0/80"))
        #expect(output.contains("step 80/80"))
        #expect(output.contains("rows = queries"))
        #expect(output.contains("✓ each query's strongest key is its mirror position"))
        #expect(!output.contains("\u{1B}"), "no escape codes on a pipe without colour")
    }

    /// `:train` leaves the weights in the workspace; the attention recomputed from them
    /// in the language is the anti-diagonal.
    @Test func replTrainBindsTheWeights() throws {
        var written: [String] = []
        let repl = Repl(session: Session(), write: { written.append($0) })
        repl.feed(":train reverse --steps 50 --seed 2")
        let text = written.joined(separator: "\n")
        #expect(text.contains("✓ each query's strongest key is its mirror position"), "\(text)")
        #expect(text.contains("variables: E 10×32, P 8×32, W_Q 32×32, W_K 32×32, W_V 32×32, W_U 32×10, b_U 10"))
        let out = repl.session.run("X = E[x] + P\nA = softmax((X @ W_Q) @ (X @ W_K).T / sqrt(d_k))\nargmax(A, axis=-1)")
        #expect(out.contains("[ 7 6 5 4 3 2 1 0 ]"), "\(out)")
        #expect(repl.session.interpreter.origins["W_Q"] == ":train reverse --steps 50 --seed 2")
    }

    @Test(arguments: [
        (":train revers", "did you mean reverse?"),
        (":train", "name a task"),
        (":train reverse --steps many", "--steps takes a whole number, not many"),
        (":train reverse --length 99", "--length must be from 2 to 32"),
        (":train reverse --rate 3", "unknown option --rate"),
    ])
    func replTrainRefusesBadInput(_ line: String, _ message: String) {
        var written: [String] = []
        let repl = Repl(session: Session(), write: { written.append($0) })
        _ = repl.session.run("W_Q = 5")
        repl.feed(line)
        #expect(written.joined(separator: "\n").contains(message), "\(written)")
        #expect(repl.session.run("W_Q") == "5", "the workspace is untouched")
    }

    @Test func trainBuiltinInTheLanguage() {
        let session = Session()
        let out = session.run("train(\"previous-token\", steps=50, length=5)")
        #expect(out.contains("trained previous-token (T = 5, learned positions) for 50 steps"), "\(out)")
        #expect(out.contains("causal_mask(5)"))
        let a = session.run("X = E[x] + P\nargmax(softmax((X @ W_Q) @ (X @ W_K).T / sqrt(d_k) + causal_mask(5)), axis=-1)")
        #expect(a.contains("[ 0 0 1 2 3 ]"), "\(a)")
        // Without positions, P is zeros: the model sees only which tokens there are.
        _ = session.run("train(\"reverse\", steps=20, positions=\"none\")")
        #expect(session.run("sum(abs(P))") == "0")
        #expect(session.run("train(\"revrse\")").contains("did you mean \"reverse\"?"))
        #expect(session.run("train(\"sort\")").contains("the tasks are \"reverse\" and \"previous-token\""))
        #expect(session.run("train(\"reverse\", length=40)").contains("length must be from 2 to 32"))
        #expect(session.run("train(3)").contains("must be a string"))
        #expect(session.run("train(\"reverse\", positions=\"rope\")").contains("positions must be"))
    }
}
