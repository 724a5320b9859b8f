import Language
import Testing
@testable import Lessons

/// The grader meets NumPy's and PyTorch's spellings as the very tree of the language's own,
/// so it names the same mistakes in them and accepts the same right answers.
@Suite struct SpellingGradingTests {
    static let setup = "seed(1)\nQ = randn(4, 3)\nK = randn(4, 3)\nV = randn(4, 2)\nd_k = 3\nS = Q @ K.T / sqrt(d_k)"

    @Test(arguments: [
        ("S.softmax(dim=0)", Mistake.softmaxAxis),
        ("torch.softmax(S, dim=0)", .softmaxAxis),
        ("F.softmax(S, dim=0)", .softmaxAxis),
        ("np.exp(S) / np.exp(S).sum(axis=0, keepdims=True)", .softmaxAxis),
    ])
    func wrongSoftmaxAxisIsNamed(_ answer: String, _ mistake: Mistake) throws {
        let v = try grade(answer, expected: "softmax(S, axis=-1)", setup: Self.setup)
        #expect(!v.correct && v.mistake == mistake, "\(v.message)")
    }

    @Test(arguments: [
        "S.softmax(dim=-1)", "torch.softmax(S, -1)", "F.softmax(S, dim=1)", "np.exp(S) / np.exp(S).sum(axis=1, keepdims=True)",
        "np.exp(S) / np.sum(np.exp(S), axis=-1, keepdims=True)",
    ])
    func rightSoftmaxSpellingsAreRight(_ answer: String) throws {
        let v = try grade(answer, expected: "softmax(S, axis=-1)", setup: Self.setup)
        #expect(v.correct, "\(v.message)")
    }

    @Test(arguments: [
        "Q @ K.transpose(-2, -1) / np.sqrt(d_k)", "np.matmul(Q, K.T) / math.sqrt(d_k)", "torch.matmul(Q, K.transpose(0, 1)) / d_k ** 0.5",
        "np.einsum('id,jd->ij', Q, K) / np.sqrt(Q.shape[-1])", "Q.dot(K.T) / np.sqrt(d_k)", "Q @ K.t() / math.sqrt(K.size(-1))",
    ])
    func rightScoreSpellingsAreRight(_ answer: String) throws {
        let v = try grade(answer, expected: "Q @ K.T / sqrt(d_k)", setup: Self.setup)
        #expect(v.correct, "\(v.message)")
    }

    @Test func aMissingScaleIsNamedInPyTorchSpelling() throws {
        let v = try grade("Q @ K.transpose(-2, -1)", expected: "Q @ K.T / sqrt(d_k)", setup: Self.setup)
        #expect(v.mistake == .missingScale, "\(v.message)")
    }

    @Test func mustUseSeesThroughTheSpellings() throws {
        let check = try Check.freeForm(setup: Self.setup, expected: "softmax(Q @ K.T / sqrt(d_k))")
        var c = check
        c.mustUse = ["softmax", "@"]
        let learner = Interpreter()
        _ = learner.run(Self.setup)
        #expect(c.grade("torch.softmax(torch.matmul(Q, K.T) / math.sqrt(d_k), dim=-1)", in: learner).correct)
    }
}
