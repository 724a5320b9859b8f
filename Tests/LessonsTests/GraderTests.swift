import Foundation
import Language
import Lessons
import Testing
import TestSupport

/// The standard attention setup (X, Wq, Wk, Wv, Q, K, V, d_k, S, A), the one the command-line tests use too.
let attentionSetup = Fixture.attentionSetup

/// Grades `answer` against `expected` in a fresh copy of the setup, as `grade --setup` does.
func grade(_ answer: String, expected: String, setup: String = attentionSetup) throws -> Verdict {
    let check = try Check.freeForm(setup: setup, expected: expected)
    let learner = Interpreter()
    #expect(learner.run(setup).error == nil)
    return check.grade(answer, in: learner)
}

struct Case: CustomTestStringConvertible, Sendable {
    var expected: String
    var answer: String
    var code: Mistake?
    var testDescription: String { "\(answer) for \(expected) → \(code?.rawValue ?? "correct")" }
}

@Suite struct GraderTests {
    static let mistakes: [Case] = [
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K.T", code: .missingScale),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K.T / d_k", code: .wrongScale),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K.T / sqrt(6)", code: .wrongScale),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K / sqrt(d_k)", code: .transposed),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "K @ Q.T / sqrt(d_k)", code: .operandOrder),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q * K / sqrt(d_k)", code: .elementwise),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "(Q @ K.T / sqrt(d_k)).T", code: .transposed),
        Case(expected: "softmax(S, axis=-1)", answer: "softmax(S, axis=0)", code: .softmaxAxis),
        Case(expected: "softmax(S, axis=-1)", answer: "S", code: .missingSoftmax),
        Case(expected: "softmax(S, axis=-1)", answer: "exp(S)", code: .notNormalized),
        Case(expected: "softmax(S, axis=-1)", answer: "softmax(Q @ K.T)", code: .missingScale),
        Case(expected: "softmax(S + causal_mask(4))", answer: "softmax(S)", code: .missingMask),
        Case(expected: "softmax(S + causal_mask(4))", answer: "softmax(S + causal_mask(4).T)", code: .maskDirection),
        Case(expected: "S + causal_mask(4)", answer: "S", code: .missingMask),
        Case(expected: "A @ V", answer: "V @ A", code: .operandOrder),
        Case(expected: "A @ V", answer: "A * V", code: .elementwise),
        Case(expected: "A @ V", answer: "V.T @ A.T", code: .operandOrder),
        Case(expected: "posenc(4, 4)", answer: "concat(posenc(4, 4)[:, [0, 2]], posenc(4, 4)[:, [1, 3]], axis=1)", code: .peLayout),
        Case(expected: "posenc(4, 4)", answer: "posenc(4, 4)[:, [1, 0, 3, 2]]", code: .peLayout),
        Case(expected: "Q @ K.T", answer: "Q @ Q.T", code: nil),
        // The common slips, each with its own code.
        Case(expected: "S[1]", answer: "S[2]", code: .offByOne),
        Case(expected: "Q[1] @ K[3]", answer: "Q[2] @ K[3]", code: .offByOne),
        Case(expected: "X[1:]", answer: "X[2:]", code: .offByOne),
        Case(expected: "Q[0] @ K[1]", answer: "Q[1] @ K[2]", code: .offByOne),
        Case(expected: "A[:, 2]", answer: "A[:, 3]", code: .offByOne),
        Case(expected: "softmax(Q @ K.T / sqrt(d_k))", answer: "softmax(Q @ K.T) / sqrt(d_k)", code: .scaleAfterSoftmax),
        Case(expected: "softmax(Q @ K.T / sqrt(d_k)) @ V", answer: "softmax(Q @ K.T) / sqrt(d_k) @ V", code: .scaleAfterSoftmax),
        Case(expected: "softmax(Q @ K.T / sqrt(d_k))", answer: "softmax(Q @ K.T) * d_k ** -0.5", code: .scaleAfterSoftmax),
        Case(expected: "softmax(S)", answer: "softmax(softmax(S))", code: .softmaxTwice),
        Case(expected: "softmax(S)", answer: "softmax(A)", code: .softmaxTwice),
        Case(expected: "softmax(S) @ V", answer: "S @ V", code: .missingSoftmax),
        Case(expected: "softmax(Q @ K.T / sqrt(d_k)) @ V", answer: "(Q @ K.T) @ V", code: .missingSoftmax),
        Case(expected: "argmax(S, axis=1)", answer: "max(S, axis=1)", code: .maxForArgmax),
        Case(expected: "argmax(S[0])", answer: "max(S[0])", code: .maxForArgmax),
        Case(expected: "X @ Wq[:, 0:1]", answer: "X @ Wq[0:1]", code: .sliceAxis),
        Case(expected: "posenc(6, 4)", answer: "posenc(4, 6)", code: .argumentOrder),
        Case(expected: "1 / 10000 ** (2 * d_k / 4)", answer: "1 / 10000 ** 2*d_k/4", code: .precedence),
        Case(expected: "(S[0] + S[1]) / 2", answer: "S[0] + S[1] / 2", code: .precedence),
        // Factors that mean something: the token count (4 rows of X) and √d_model.
        Case(expected: "ones(4, 4) / 4", answer: "ones(4, 4) / 16", code: .wrongScale),
        Case(expected: "X / sqrt(6)", answer: "X", code: .wrongScale),
    ]

    /// Answers close to a mistake that must not be called by its name.
    static let nearMisses: [Case] = [
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K.T / 3", code: .wrongScale),
        // A factor that means nothing here (not √d_k, d_k, √d_model or the token count) gets no scale story.
        Case(expected: "softmax(S)", answer: "softmax(3 * S)", code: nil),
        Case(expected: "S", answer: "(S + 1).T", code: nil),
        Case(expected: "posenc(4, 4)", answer: "posenc(4, 4) * 3", code: nil),
        Case(expected: "softmax(S + causal_mask(4))", answer: "softmax(S + causal_mask(4)) * 0.5", code: nil),
        Case(expected: "A @ V", answer: "A @ A", code: .shape),
        Case(expected: "A @ V", answer: "A @ V * 3", code: nil),
        Case(expected: "X[1] @ Wq", answer: "X[1] @ Wq * 0.125", code: nil),
        // Near misses of the new codes.
        Case(expected: "S[1]", answer: "S[3]", code: nil),
        Case(expected: "softmax(S) @ V", answer: "softmax(S) @ V * 3", code: nil),
        Case(expected: "softmax(S / sqrt(d_k))", answer: "softmax(S) / 3", code: nil),
        Case(expected: "argmax(S, axis=1)", answer: "min(S, axis=1)", code: nil),
        Case(expected: "softmax(S)", answer: "softmax(S * 3)", code: nil),
        Case(expected: "X @ Wq[:, 0:1]", answer: "X @ Wq[:, 0:1] * 3", code: nil),
        Case(expected: "softmax(S)", answer: "softmax(S.T)", code: nil),
        Case(expected: "S", answer: "S + 0.5", code: nil),
    ]

    @Test(arguments: nearMisses)
    func nearMissesAreNotMisnamed(_ c: Case) throws {
        let v = try grade(c.answer, expected: c.expected)
        #expect(!v.correct)
        #expect(v.mistake == c.code, "\(c.answer): got \(v.mistake?.rawValue ?? "none"): \(v.message)")
    }

    @Test(arguments: mistakes)
    func namesTheMistake(_ c: Case) throws {
        let v = try grade(c.answer, expected: c.expected)
        #expect(!v.correct, "\(c.answer) must not pass: \(v.message)")
        #expect(v.mistake == c.code, "\(c.answer): got \(v.mistake?.rawValue ?? "none"): \(v.message)")
    }

    static let equivalents: [Case] = [
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K.T / √d_k", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ Kᵀ / sqrt(2)", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "(Q / sqrt(d_k)) @ K.T", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ transpose(K) / d_k ** 0.5", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "dot(Q, K.T) / sqrt(d_k)", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q · Kᵀ / √d_k", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "S", code: nil),
        Case(expected: "softmax(S, axis=-1)", answer: "softmax(S, axis=1)", code: nil),
        Case(expected: "softmax(S, axis=-1)", answer: "exp(S) / sum(exp(S), axis=-1, keepdims=True)", code: nil),
        Case(expected: "softmax(S, axis=-1)", answer: "A", code: nil),
        Case(expected: "softmax(S + causal_mask(4))", answer: "softmax(where(tril(ones(4, 4)) == 1, S, -inf))", code: nil),
        Case(expected: "A @ V", answer: "softmax(Q @ K.T / sqrt(d_k)) @ V", code: nil),
        Case(expected: "A @ V", answer: "out = A @ V", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "(K @ Q.T).T / sqrt(d_k)", code: nil),
        // NumPy's spellings are the language's too.
        Case(expected: "transpose(reshape(Q, 2, 2, 2), [1, 0, 2])", answer: "reshape(Q, 2, 2, 2).transpose(1, 0, 2)", code: nil),
        Case(expected: "tanh(S)", answer: "np.tanh(S)", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K.T * d_k ** -0.5", code: nil),
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ (K.T / sqrt(d_k))", code: nil),
        Case(expected: "softmax(S) @ V", answer: "A @ V", code: nil),
        Case(expected: "softmax(S) @ V", answer: "t = 2; softmax(S * t / 2) @ V", code: nil),
    ]

    /// Right answers in another spelling than the must-use list's, or through the learner's own variables.
    static let mustUseEquivalents: [(mustUse: [String], expected: String, steps: [String], answer: String)] = [
        (["exp", "S"], "softmax(S)", ["ex = exp(S)"], "ex / sum(ex, axis=-1, keepdims=True)"),
        (["max", "S"], "softmax(S)", ["z = S - max(S, axis=-1, keepdims=True)"], "exp(z) / sum(exp(z), axis=-1, keepdims=True)"),
        (["X"], "softmax((X @ Wq) @ (X @ Wk).T)", ["Qw = X @ Wq; Kw = X @ Wk"], "softmax(Qw @ Kw.T)"),
        ([".T"], "Q @ K.T", [], "Q @ transpose(K)"),
        ([".T", "@"], "Q @ K.T", [], "(K @ Q.T).T"),
        (["sqrt"], "S", [], "Q @ K.T * d_k ** -0.5"),
        (["sqrt"], "S", [], "Q @ K.T / d_k ** 0.5"),
        (["@"], "Q[0] @ K[1]", [], "dot(Q[0], K[1])"),
        (["where|triu|tril"], "log(tril(ones(4, 4)))", [], "log(tril(ones(4, 4)))"),
        (["Q", "K"], "Q @ K.T", [], "(X @ Wq) @ (X @ Wk).T"),
    ]

    @Test(arguments: 0..<mustUseEquivalents.count)
    func mustUseFollowsProvenanceAndSpellings(_ i: Int) throws {
        let c = GraderTests.mustUseEquivalents[i]
        var check = try Check.freeForm(setup: attentionSetup, expected: c.expected)
        check.mustUse = c.mustUse
        let learner = Interpreter()
        _ = learner.run(attentionSetup)
        for line in c.steps { #expect(learner.run(line).error == nil) }
        let v = check.grade(c.answer, in: learner)
        #expect(v.correct, "\(c.answer) with must-use \(c.mustUse): \(v.message)")
        // Without the name at all it is still refused.
        let missing = check.grade("[" + check.expected.data.map { "\($0)" }.joined(separator: ", ") + "]", in: learner)
        if check.expected.rank <= 1 { #expect(!missing.correct) }
    }

    @Test func mustUseStillRefusesAnAnswerWithoutTheName() throws {
        var check = try Check.freeForm(setup: attentionSetup, expected: "softmax(S)")
        check.mustUse = ["exp"]
        let learner = Interpreter()
        _ = learner.run(attentionSetup)
        _ = learner.run("w = softmax(S)")
        let v = check.grade("w", in: learner)
        #expect(!v.correct && v.message.contains("exp"), "\(v.message)")
    }

    @Test func numbersTypedFromTheScreen() throws {
        let setup = "q = [3.09551, 1.30512]\nk = [0.50679, 0.33428]"
        var check = try Check.freeForm(setup: setup, expected: "q @ k")
        let learner = Interpreter()
        _ = learner.run(setup)
        // Asked for an expression: named, never a diff that prints one number twice.
        var v = check.grade("3.0955*0.5068 + 1.3051*0.3343", in: learner)
        #expect(!v.correct && v.mistake == .hardCoded, "\(v.message)")
        #expect(v.message.contains("rounded"), "\(v.message)")
        // Where the task invites hand work, judged at the digits typed.
        check.invitesHandWork = true
        v = check.grade("3.0955*0.5068 + 1.3051*0.3343", in: learner)
        #expect(v.correct, "\(v.message)")
        // Typed numbers too far off for their rounding are still wrong, and the diff tells the numbers apart.
        v = check.grade("3.1*0.51 + 1.3*0.33", in: learner)
        #expect(!v.correct)
        v = check.grade("3.0955*0.5068 + 1.3051*0.3343 + 0.01", in: learner)
        #expect(!v.correct)
        let numbers = v.message.split(separator: " ").filter { $0.first?.isNumber == true }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "),")) }
        #expect(Set(numbers).count == numbers.count, "the diff prints two different numbers: \(v.message)")
    }

    @Test func theDiffNeverPrintsTheSameNumberTwice() throws {
        let v = try grade("S + 0.00001", expected: "S")
        #expect(!v.correct)
        let numbers = v.message.split(separator: " ").filter { $0.first?.isNumber == true || $0.first == "-" }
        #expect(numbers.count >= 2 && numbers[numbers.count - 1] != numbers[numbers.count - 2], "\(v.message)")
    }

    @Test func aDiffWithInfinitiesShowsACellWhereTheyReallyDiffer() throws {
        // −∞ − −∞ is NaN: that cell must not be shown as "the largest difference".
        let v = try grade("where(triu(ones(4, 4), 1), -inf, 1)", expected: "causal_mask(4)")
        #expect(!v.correct)
        #expect(!v.message.contains("yours -inf, expected -inf"), "\(v.message)")
        #expect(v.message.contains("at [0, 0]: yours 1, expected 0"), "\(v.message)")
        let w = try grade("where(triu(ones(4, 4), 1), inf, 0)", expected: "causal_mask(4)")
        #expect(w.message.contains("yours inf, expected -inf"), "\(w.message)")
    }

    static let maskCases: [Case] = [
        Case(expected: "where(triu(ones(4, 4), 1), -inf, 0)", answer: "where(tril(ones(4, 4), 1), 0, -inf)", code: .offByOne),
        Case(expected: "where(triu(ones(4, 4), 1), -inf, 0)", answer: "where(triu(ones(4, 4), 2), -inf, 0)", code: .offByOne),
        Case(expected: "where(triu(ones(4, 4), 1), -inf, 0)", answer: "where(triu(ones(4, 4)), -inf, 0)", code: .offByOne),
        Case(expected: "where(triu(ones(4, 4), 1), -inf, 0)", answer: "triu(ones(4, 4), 1) * -1e9", code: .missingMask),
        Case(expected: "where(triu(ones(4, 4), 1), -inf, 0)", answer: "where(triu(ones(4, 4), 1), -inf, 0)", code: nil),
    ]

    @Test(arguments: maskCases) func masksOnTheWrongDiagonalAreNamed(_ c: Case) throws {
        let v = try grade(c.answer, expected: c.expected)
        #expect(v.correct == (c.code == nil), "\(v.message)")
        #expect(v.mistake == c.code, "\(v.message)")
        #expect(!v.message.contains("-inf, expected -inf"), "\(v.message)")
    }

    /// The code a "write …" / "Apply it once: …" message offers, as typed.
    static func offered(_ message: String) -> String? {
        for marker in ["write ", "Apply it once: ", "Write ", "as it is: "] {
            if let r = message.range(of: marker, options: .backwards) {
                var text = String(message[r.upperBound...])
                if let cut = text.range(of: " (the order") { text = String(text[..<cut.lowerBound]) }
                return text
            }
        }
        return nil
    }

    static let wholeFixes: [Case] = [
        Case(expected: "softmax(Q[1] @ K.T / sqrt(d_k)) @ V", answer: "softmax(Q[1] @ K.T) / sqrt(d_k) @ V", code: .scaleAfterSoftmax),
        Case(expected: "softmax(Q[1] @ K.T / sqrt(d_k)) @ V", answer: "softmax(softmax(Q[1] @ K.T / sqrt(d_k))) @ V", code: .softmaxTwice),
        Case(expected: "softmax(Q @ K.T / sqrt(d_k)) @ V", answer: "softmax(Q @ K.T) / sqrt(d_k) @ V", code: .scaleAfterSoftmax),
        Case(expected: "var(Q @ K.T / sqrt(d_k))", answer: "var(Q @ K.T / sqrt(6))", code: .wrongScale),
        Case(expected: "var(Q @ K.T / sqrt(d_k))", answer: "var(Q @ K / sqrt(d_k))", code: .transposed),
        Case(expected: "softmax(Q @ K.T / sqrt(d_k)) @ V", answer: "softmax(K @ Q.T / sqrt(d_k)) @ V", code: .operandOrder),
        Case(expected: "softmax(Q[1] @ K.T / sqrt(d_k)) @ V", answer: "softmax(Q[1] @ K.T * sqrt(d_k)) @ V", code: .wrongScale),
        // The first softmax is in a variable: A = softmax(S).
        Case(expected: "A @ V", answer: "softmax(A) @ V", code: .softmaxTwice),
        Case(expected: "A @ V", answer: "W = softmax(S); softmax(W) @ V", code: .softmaxTwice),
    ]

    /// A suggested fix is the whole corrected answer: typed as shown, it is right.
    @Test(arguments: wholeFixes) func aSuggestedFixIsTheWholeAnswer(_ c: Case) throws {
        let v = try grade(c.answer, expected: c.expected)
        #expect(v.mistake == c.code, "\(v.message)")
        let typed = try #require(GraderTests.offered(v.message), "\(v.message)")
        // Typed in the same workspace: after the answer's own earlier statements (`W = …;`).
        let earlier = c.answer.range(of: "; ", options: .backwards).map { String(c.answer[..<$0.upperBound]) } ?? ""
        let again = try grade(earlier + typed, expected: c.expected)
        #expect(again.correct, "\(v.message) → typed \(typed): \(again.message)")
    }

    /// The exercise asks for M: multiplying by it is named, and the fix offered uses M.
    @Test func aMaskMultipliedIsNamedAndTheFixUsesTheExercisesMask() throws {
        let setup = attentionSetup + "\nM = where(triu(ones(4, 4), 1), -inf, 0)"
        var check = try Check.freeForm(setup: setup, expected: "softmax(S + M)")
        check.mustUse = ["M"]
        let learner = Interpreter()
        #expect(learner.run(setup).error == nil)
        let v = check.grade("softmax(S * M)", in: learner)
        #expect(v.mistake == .missingMask, "\(v.message)")
        #expect(v.message.contains("multiplied"), "\(v.message)")
        #expect(!v.message.contains("causal_mask"), "\(v.message)")
        let typed = try #require(GraderTests.offered(v.message), "\(v.message)")
        #expect(check.grade(typed, in: learner).correct, "\(typed)")
        // No mask at all: the advice names the exercise's own mask, not causal_mask.
        let w = check.grade("softmax(S)", in: learner)
        #expect(!w.correct && !w.message.contains("causal_mask"), "\(w.message)")
    }

    /// The author refuses `S[3]` (read out of a whole S): every other spelling of that read is refused too.
    @Test func anAuthorsRightValuedWrongAnswerIsRefusedInEverySpelling() throws {
        let setup = "seed(1)\nX = randn(4, 3)\nS = X @ X.T"
        var check = try Check.freeForm(setup: setup, expected: "X[3] @ X.T")
        check.mustUse = ["X"]
        check.wrong = [KnownWrong(answer: "S[3]", message: "that reads the row out of a whole S", line: 1)]
        for answer in ["S[3]", "S[-1]", "(X @ X.T)[-1]", "(X @ X.T)[3]", "row = S[-1]", "r = S[3]; r"] {
            let learner = Interpreter()
            #expect(learner.run(setup).error == nil)
            let v = check.grade(answer, in: learner)
            #expect(!v.correct && v.message == "that reads the row out of a whole S", "\(answer): \(v.message)")
        }
        for answer in ["X[3] @ X.T", "X[-1] @ X.T", "x = X[3]; x @ X.T"] {
            let learner = Interpreter()
            #expect(learner.run(setup).error == nil)
            let v = check.grade(answer, in: learner)
            #expect(v.correct, "\(answer): \(v.message)")
        }
    }

    static let gpt3 = "n_layers = 96\nn_heads = 96\nd_model = 12288"

    @Test func aValueRightOnlyByTheLessonsNumbersFails() throws {
        #expect(try grade("d_model / n_layers", expected: "d_model / n_heads", setup: GraderTests.gpt3).mistake == .coincidence)
        #expect(try grade("n_layers * n_layers", expected: "n_layers * n_heads", setup: GraderTests.gpt3).mistake == .coincidence)
        // The right names, or the numbers typed in, pass.
        for right in ["d_model / n_heads", "12288 / 96", "d_model / 96", "12288 / n_heads"] {
            let v = try grade(right, expected: "d_model / n_heads", setup: GraderTests.gpt3)
            #expect(v.correct, "\(right): \(v.message)")
        }
    }

    @Test func anAuthorsNumberNamesThatValueHoweverItWasComputed() throws {
        var check = try Check.freeForm(setup: GraderTests.gpt3, expected: "n_layers * n_heads")
        check.wrong = [KnownWrong(answer: "192", message: "that adds layers and heads", line: 1)]
        let learner = Interpreter()
        _ = learner.run(GraderTests.gpt3)
        #expect(check.grade("n_layers + n_heads", in: learner).message == "that adds layers and heads")
        #expect(check.grade("192", in: learner).message == "that adds layers and heads")
    }

    @Test func anAuthorsExpressionIsNotGivenToAnotherComputationOfTheSameNumber() throws {
        // d_k = 2 = sqrt(4): the author's "/ d_k" message is not about "/ sqrt(4)".
        let setup = "seed(1)\nQ = randn(3, 2)\nK = randn(3, 2)\nd_k = 2"
        var check = try Check.freeForm(setup: setup, expected: "Q @ K.T / sqrt(d_k)")
        check.wrong = [KnownWrong(answer: "Q @ K.T / d_k", message: "not by d_k itself", line: 1)]
        check.attributionReplay = {
            let other = Interpreter()
            _ = other.run("seed(1)\nQ = randn(3, 2)\nK = randn(3, 2)\nd_k = 4")
            return (other, ["d_k": 2])
        }
        let learner = Interpreter()
        _ = learner.run(setup)
        #expect(check.grade("Q @ K.T / d_k", in: learner).message == "not by d_k itself")
        let v = check.grade("Q @ K.T / sqrt(4)", in: learner)
        #expect(v.message != "not by d_k itself" && v.mistake == .wrongScale, "\(v.message)")
    }

    @Test func aRightValueFromTheWrongRowFails() throws {
        let setup = "A0 = [[0.1, 0.8, 0.1], [0.2, 0.7, 0.1], [0.6, 0.3, 0.1], [0.1, 0.6, 0.3]]"
        #expect(try grade("argmax(A0[0])", expected: "argmax(A0[1])", setup: setup).mistake == .offByOne)
        #expect(try grade("argmax(A0[3])", expected: "argmax(A0[1])", setup: setup).mistake == .wrongRow)
        let learner = Interpreter()
        _ = learner.run(setup)
        _ = learner.run("r = A0[3]")
        #expect(try Check.freeForm(setup: setup, expected: "argmax(A0[1])").grade("argmax(r)", in: learner).mistake == .wrongRow)
        for right in ["argmax(A0[1])", "argmax(A0[-3])", "argmax(A0[1, :])"] {
            #expect(try grade(right, expected: "argmax(A0[1])", setup: setup).correct, "\(right)")
        }
    }

    @Test func aCountTakesWholeNumbersOnly() throws {
        #expect(try grade("1048576.5", expected: "4 * 512 ** 2", setup: "").mistake == .notWhole)
        #expect(try grade("1048576", expected: "4 * 512 ** 2", setup: "").correct)
        #expect(try grade("2 ** 20", expected: "4 * 512 ** 2", setup: "").correct)
        // A count is exact: its whole neighbours are wrong, however large it is; the message offers no candidates.
        #expect(try !grade("1048577", expected: "4 * 512 ** 2", setup: "").correct)
        #expect(try !grade("1048575", expected: "4 * 512 ** 2", setup: "").correct)
        #expect(try !grade("603979500", expected: "4 * 12288 ** 2", setup: "").correct)
        #expect(try grade("603979776", expected: "4 * 12288 ** 2", setup: "").correct)
        #expect(try !grade("1048576.5", expected: "4 * 512 ** 2", setup: "").message.contains("1048577"))
        // A wrong count is not answered with the count itself.
        let off = try grade("1048574", expected: "4 * 512 ** 2", setup: "")
        #expect(!off.correct && !off.message.contains("1048576") && off.message.contains("more"), "\(off.message)")
    }

    @Test func suggestionsAreShownOnlyWhenTheyGiveTheAnswer() throws {
        let setup = "seed(1)\nA0 = randn(2, 3)\nB0 = randn(2, 3)"
        // The language would suggest `A0 @ B0.T`, which runs but is not the answer.
        var v = try grade("A0 @ B0", expected: "A0 @ B0.T * 2", setup: setup)
        #expect(!v.correct && !v.message.contains("did you mean"), "\(v.message)")
        v = try grade("softmx(A0)", expected: "A0 + B0", setup: setup)
        #expect(!v.message.contains("did you mean softmax"), "\(v.message)")
        v = try grade("softmx(A0)", expected: "softmax(A0)", setup: setup)
        #expect(v.message.contains("did you mean softmax"), "\(v.message)")
    }

    @Test func freeFormInfersTheScaleFromTheExpectedExpression() throws {
        let setup = "seed(1)\nQ = randn(3, 4)\nK = randn(3, 4)\ndk = 4"
        let v = try grade("Q @ K.T", expected: "Q @ K.T / sqrt(dk)", setup: setup)
        #expect(v.mistake == .missingScale, "\(v.message)")
        #expect(v.message.contains("√4") || v.message.contains("dk"), "\(v.message)")
        let w = try grade("softmax(Q @ K.T)", expected: "softmax(Q @ K.T / sqrt(dk))", setup: setup)
        #expect(w.mistake == .missingScale, "\(w.message)")
    }

    @Test func uniformWeightsAreNotAboutTheSquareRoot() throws {
        let v = try grade("ones(4, 4) / 16", expected: "ones(4, 4) / 4")
        #expect(!v.message.contains("square root") && !v.message.contains("√"), "\(v.message)")
    }

    @Test(arguments: equivalents)
    func acceptsEveryEquivalentForm(_ c: Case) throws {
        let v = try grade(c.answer, expected: c.expected)
        #expect(v.correct, "\(c.answer) should pass: \(v.message)")
        #expect(v.mistake == nil)
    }

    @Test func withASymmetricMatrixTheSoftmaxAxisIsNamedNotATranspose() throws {
        // X Xᵀ is symmetric: softmax down the columns equals the transpose of softmax along the rows.
        let setup = "seed(2)\nX = randn(4, 3)\nd_k = 3\nS = X @ X.T / sqrt(d_k)"
        let v = try grade("softmax(S, axis=0) @ X", expected: "softmax(S) @ X", setup: setup)
        #expect(v.mistake == .softmaxAxis, "\(v.message)")
    }

    @Test func uniformAnswersAreNotScoresBeforeSoftmax() throws {
        let v = try grade("ones(4, 4) / 3", expected: "ones(4, 4) / 4")
        #expect(v.mistake != .missingSoftmax, "\(v.message)")
    }

    @Test func aWrongSingleNumberGetsNoScaleStory() throws {
        let v = try grade("0.005", expected: "0.9 ** 49", setup: "")
        #expect(!v.correct)
        #expect(v.mistake == nil, "\(v.message)")
    }

    @Test func anAuthorsWrongAnswerThatFailsStillGetsItsMessage() throws {
        var check = try Check.freeForm(setup: attentionSetup, expected: "S")
        check.wrong = [KnownWrong(answer: "Q @ K", message: "K needs its transpose", line: 1)]
        let learner = Interpreter()
        _ = learner.run(attentionSetup)
        let v = check.grade("Q@K", in: learner)
        #expect(v.mistake == .author)
        #expect(v.message == "K needs its transpose")
    }

    @Test func shapesAreNamedInWords() throws {
        let v = try grade("Q[1]", expected: "dot(Q[1], K[2])")
        #expect(v.mistake == .shape)
        #expect(v.message.contains("a single number") && v.message.contains("a vector of 2"), "\(v.message)")
    }

    @Test func pastedNumbersAreHardCoded() throws {
        let check = try Check.freeForm(setup: attentionSetup, expected: "Q @ K.T / sqrt(d_k)")
        let rows = (0..<4).map { i in "[" + (0..<4).map { j in "\(check.expected.data[i * 4 + j])" }.joined(separator: ", ") + "]" }
        let literal = "[" + rows.joined(separator: ", ") + "]"
        let learner = Interpreter()
        _ = learner.run(attentionSetup)
        let v = check.grade(literal, in: learner)
        #expect(!v.correct)
        #expect(v.mistake == .hardCoded, "\(v.message)")
        // A variable the learner made from the lesson's variables is not pasted numbers.
        _ = learner.run("mine = Q @ K.T")
        #expect(check.grade("mine / sqrt(d_k)", in: learner).correct)
    }

    @Test func withoutRandomnessTypedNumbersPass() throws {
        let v = try grade("[[1, 2], [3, 4]]", expected: "A0 + 1", setup: "A0 = [[0, 1], [2, 3]]")
        #expect(v.correct, "\(v.message)")
    }

    @Test func wrongShapeNamesBothShapes() throws {
        let v = try grade("Q", expected: "S")
        #expect(v.mistake == .shape)
        #expect(v.message.contains("4×4") && v.message.contains("4×2"), "\(v.message)")
    }

    @Test func syntaxErrorsAreShownNotDiagnosed() throws {
        let v = try grade("Q @ (K.T", expected: "S")
        #expect(!v.correct)
        #expect(v.mistake == nil)
        #expect(v.message.contains("never closed"), "\(v.message)")
    }
}
