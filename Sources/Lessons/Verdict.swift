import Language
import Tensors

/// The stable codes of the mistakes the grader can name (DESIGN.md, "Feedback on wrong answers").
public enum Mistake: String, Sendable, CaseIterable {
    case shape, transposed
    case missingScale = "missing-scale", wrongScale = "wrong-scale"
    case softmaxAxis = "softmax-axis", missingSoftmax = "missing-softmax", notNormalized = "not-normalized"
    case missingMask = "missing-mask", maskDirection = "mask-direction"
    case operandOrder = "operand-order", elementwise
    case peLayout = "pe-layout", hardCoded = "hard-coded"
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
