import Language
import Tensors

/// The stable codes of the mistakes the grader can name (shown by `attn-tutor grade --json`).
public enum Mistake: String, Sendable, CaseIterable {
    case shape, transposed
    case missingScale = "missing-scale", wrongScale = "wrong-scale"
    case softmaxAxis = "softmax-axis", missingSoftmax = "missing-softmax", notNormalized = "not-normalized"
    case missingMask = "missing-mask", maskDirection = "mask-direction"
    case operandOrder = "operand-order", elementwise
    case peLayout = "pe-layout", hardCoded = "hard-coded"
    /// An index or slice shifted by one (`S[4]` for `S[3]`), or the right value read from a neighbouring row.
    case offByOne = "off-by-one"
    /// The weights divided by √d_k after softmax instead of the scores before it.
    case scaleAfterSoftmax = "scale-after-softmax"
    case softmaxTwice = "softmax-twice"
    /// Brackets missing: `1 / 10000 ** 2*i/4` for `1 / 10000 ** (2*i/4)`.
    case precedence
    /// The largest value where its position was asked for.
    case maxForArgmax = "max-for-argmax"
    /// A slice along the wrong axis: `Wq[4:8]` (rows) for `Wq[:, 4:8]` (columns).
    case sliceAxis = "slice-axis"
    /// Arguments in the wrong order: `posenc(4, 6)` for `posenc(6, 4)`.
    case argumentOrder = "argument-order"
    /// A NumPy spelling the language writes otherwise (`np.tanh`, `x.transpose(1, 0, 2)`).
    case notation
    /// Right only because two of the lesson's numbers happen to be equal.
    case coincidence
    /// A count (of weights, of steps) that is not a whole number.
    case notWhole = "not-whole"
    /// The right value, but from another row than the one asked for.
    case wrongRow = "wrong-row"
    /// One of the lesson author's own known wrong answers.
    case author
}

/// What the grader says about one answer.
public struct Verdict: Sendable {
    public var correct: Bool
    /// The mistake named, if one was recognised.
    public var mistake: Mistake?
    /// What to tell the learner (without the ✓/✗ mark).
    public var message: String
    /// The learner's value, when the answer could be evaluated.
    public var value: Value?
    /// The name the answer assigned (`S = Q @ K.T`), if any.
    public var assigned: String?

    /// The verdict of an answer whose evaluation Ctrl-C stopped: not graded.
    public static let interrupted = Verdict(correct: false, message: "interrupted — the answer was not graded; try it again (or a smaller one)")

    public init(correct: Bool, mistake: Mistake? = nil, message: String, value: Value? = nil, assigned: String? = nil) {
        self.correct = correct
        self.mistake = mistake
        self.message = message
        self.value = value
        self.assigned = assigned
    }
}
