import Display
import Tensors

/// A lesson or a learner's session as a page: a title and a list of cells, in reading
/// order. ``LessonPage`` and ``SessionRecord`` make pages; ``HTMLPage`` and
/// ``MarkdownPage`` write them. Nothing here knows about terminals.
struct Page {
    var title: String
    /// One line under the title: what the page is (`lesson softmax · solved`).
    var subtitle: String
    var cells: [Cell] = []

    enum Cell {
        /// A step's heading; `anchor` is its id in the page.
        case heading(number: Int?, title: String, anchor: String)
        /// Markdown prose, as the author wrote it.
        case prose(String)
        /// Statements, each with what it showed.
        case code([Entry])
        /// A `:show`/`:plot` line and what it draws.
        case picture(command: String, Figure)
        /// An exercise or question: the task shown, hints and solution folded.
        case task(TaskCell)
        /// The grader's word on something the learner typed (session pages).
        case verdict(correct: Bool, message: String)
        /// A remark that is not lesson content: a problem met, something held back.
        case note(String, NoteKind)
    }

    enum NoteKind { case info, problem, withheld }

    /// A statement and what it showed (an empty input: more of what the one before showed).
    struct Entry {
        var input: String
        var output: Output?
    }

    /// What a statement showed.
    enum Output {
        case tensor(Tensor, precision: Int)
        case text(String)
        case error(String)
        /// Not shown because it would give an answer away (student pages), with why.
        case withheld(String)
    }

    /// What a picture line draws.
    enum Figure {
        case heatmap(Tensor, precision: Int)
        case plot(Tensor, byRows: Bool, arrangement: Plot.Arrangement)
        /// `:show X` without `--heat`: the value as a table.
        case table(Tensor, precision: Int)
        /// A value that is not a tensor (`:show "text"`).
        case text(String)
        /// What the line said instead of drawing (a bad option, an error in the expression).
        case error(String)
        case withheld(String)
    }

    /// An exercise or question, as a page shows it.
    struct TaskCell {
        enum Kind { case exercise, question }
        var kind: Kind
        /// `3/7`: the step it belongs to.
        var position: String
        var prompt: String
        var choices: [(letter: String, text: String)] = []
        var hints: [String] = []
        /// How many hints were left out because they give the answer away (student pages).
        var hintsHeldBack = 0
        /// Nil on student pages.
        var solution: Solution?
    }

    /// The answer to a task, as the solved page shows it.
    struct Solution {
        /// The solution expression, or the right choice / number.
        var answer: String
        /// Whether `answer` is code (an exercise) rather than an answer to a question.
        var isCode: Bool
        var verdict: (correct: Bool, message: String)?
        /// The solution's value.
        var value: Output?
    }
}
