import Language
import Lessons
import Testing

/// The standard attention setup of issue 5: X, Wq, Wk, Wv, Q, K, V, d_k, S = Q Kᵀ/√d_k.
let attentionSetup = """
seed(3)
X = randn(4, 6)
Wq = randn(6, 2); Wk = randn(6, 2); Wv = randn(6, 3)
Q = X @ Wq; K = X @ Wk; V = X @ Wv
d_k = 2
S = Q @ K.T / sqrt(d_k)
A = softmax(S)
"""

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
    ]

    /// Answers close to a mistake that must not be called by its name.
    static let nearMisses: [Case] = [
        Case(expected: "Q @ K.T / sqrt(d_k)", answer: "Q @ K.T / 3", code: .wrongScale),
        Case(expected: "softmax(S)", answer: "softmax(2 * S)", code: .wrongScale),
        Case(expected: "S", answer: "(S + 1).T", code: nil),
        Case(expected: "posenc(4, 4)", answer: "posenc(4, 4) * 2", code: .wrongScale),
        Case(expected: "softmax(S + causal_mask(4))", answer: "softmax(S + causal_mask(4)) * 0.5", code: .wrongScale),
        Case(expected: "A @ V", answer: "A @ A", code: .shape),
        Case(expected: "A @ V", answer: "A @ V * 2", code: .wrongScale),
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
    ]

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
