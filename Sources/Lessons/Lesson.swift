/// A lesson as its author wrote it: metadata and a list of steps.
///
/// Lessons are Markdown files in `Lessons/`; `LessonParser` reads them. The syntax is
/// documented for authors in `Lessons/README.md`.
public struct Lesson: Sendable {
    /// Stable id, e.g. `scores`; progress is keyed by it.
    public var id: String
    public var title: String
    /// One line for the lesson menu.
    public var summary: String
    /// Position in the curriculum (lower first).
    public var order: Int
    /// The id of the lesson to take next, if any.
    public var next: String?
    public var steps: [Step]
    /// Where it was read from, for `file:line:` messages.
    public var file: String
    /// A hash of the file's text: progress made on another version resumes at the nearest step.
    public var contentHash: UInt64
    /// Where the lesson comes from, for progress: ``builtIn`` or the folder of its file.
    public var source: String = Lesson.builtIn
    /// When the lesson needs something this machine lacks (`requires: model`): what, and how
    /// many steps and exercises of its own were set aside for the one step that says so.
    public var unmet: Unmet?
    /// Exam mode (`solutions: off`, `skip: off` in the front matter): `:solution` and
    /// `:skip` refuse, and numeric questions say only right or wrong.
    public var allowsSolutions = true
    public var allowsSkip = true
    /// The line of each front-matter key, for messages about it (`next` → 5).
    public var lines: [String: Int] = [:]

    /// The source of the lessons installed with the tutor.
    public static let builtIn = "built-in"

    /// Exam mode: the learner must answer every task without being told the answer.
    public var isExam: Bool { !allowsSolutions || !allowsSkip }

    public var exerciseCount: Int { steps.filter { $0.task != nil }.count }
}

/// One step: prose, code blocks that run when the step is shown, and at most one task.
public struct Step: Sendable {
    /// Stable id, unique within the lesson (`{#id}` on the heading, or its slug).
    public var id: String
    public var title: String
    /// The step's content in order: prose and code.
    public var blocks: [Block]
    /// What the learner must do to go on, if anything.
    public var task: Task?
    /// Content written after the task: shown, and its code run, once the task is answered.
    public var after: [Block] = []
    /// The line of the heading, for messages.
    public var line: Int

    public init(id: String, title: String, blocks: [Block], task: Task?, line: Int) {
        self.id = id
        self.title = title
        self.blocks = blocks
        self.task = task
        self.line = line
    }

    /// Adds content in file order: before the task until there is one, after it from then on.
    mutating func add(_ block: Block) {
        if task == nil { blocks.append(block) } else { after.append(block) }
    }
}

public enum Block: Sendable {
    /// Markdown prose, shown as is (code fences of other languages included).
    case prose(String)
    /// `attn setup`: runs silently when the step is entered.
    case setup(Code)
    /// `attn`: runs when the step is entered and is shown with its results.
    case show(Code)
}

/// Source code from a lesson, with the line where it starts.
public struct Code: Sendable {
    public var source: String
    public var line: Int

    /// The code without its `:` lines (see ``pictures``) (blank lines keep the line numbers).
    public var statements: String {
        source.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.trimmed.hasPrefix(":") ? "" : String($0) }.joined(separator: "\n")
    }
}

/// What a step asks of the learner.
public enum Task: Sendable {
    case exercise(Exercise)
    case question(Question)

    public var id: String {
        switch self {
        case let .exercise(e): return e.id
        case let .question(q): return q.id
        }
    }

    public var hints: [String] {
        switch self {
        case let .exercise(e): return e.hints
        case let .question(q): return q.hints
        }
    }
}

/// An answer the author expects learners to give, with its own message.
public struct KnownWrong: Sendable {
    /// An expression (for an exercise) or a value / choice letter (for a question).
    public var answer: String
    public var message: String
    public var line: Int

    public init(answer: String, message: String, line: Int) {
        self.answer = answer
        self.message = message
        self.line = line
    }
}

/// "Type an expression whose value is …", checked by value.
public struct Exercise: Sendable {
    public var id: String
    /// The instruction, one or two sentences.
    public var prompt: String
    /// An expression whose value is the right answer, evaluated in the step's clean workspace.
    public var solution: String
    /// After a right answer (or `:skip`), the solution's value is stored under this name.
    public var save: String?
    public var hints: [String] = []
    public var wrong: [KnownWrong] = []
    /// Largest accepted difference, relative and absolute.
    public var tolerance: Double = 1e-6
    /// Names the answer must mention (e.g. `softmax`), so a learner practises the idea asked for.
    public var mustUse: [String] = []
    /// Re-evaluate the answer in a differently seeded workspace to catch pasted numbers.
    public var recheck: Bool = true
    /// Names for the axes of the expected value, e.g. ["tokens", "d_k"], used in messages.
    public var dims: [String]?
    /// Said after a right answer, e.g. "each row of A sums to 1".
    public var explain: String?
    /// A condition over `answer` and the workspace that makes an answer right, for tasks
    /// with many right answers: `allclose(sum(answer, axis=-1), 1)`.
    public var accept: String?
    /// Any answer of the solution's shape is right.
    public var shapeOnly = false
    public var line: Int
    /// The line of each field (its first occurrence), for messages about it.
    public var lines: [String: Int] = [:]
}

/// A numeric or multiple-choice question.
public struct Question: Sendable {
    public var id: String
    public var prompt: String
    /// Letter → text, for multiple choice; empty for a numeric question.
    public var choices: [(letter: String, text: String)] = []
    /// The right letter, or the right number as text.
    public var answer: String
    public var tolerance: Double = 0
    public var hints: [String] = []
    public var wrong: [KnownWrong] = []
    public var explain: String?
    /// Exam mode: a wrong number is only "not right", never "more" or "less" than it.
    public var exam = false
    public var line: Int
    /// The line of each field (its first occurrence), for messages about it.
    public var lines: [String: Int] = [:]
}

/// A lesson's requirement that is missing here, and what of the lesson waits for it.
public struct Unmet: Sendable, Equatable {
    public var requirement: String
    public var steps: Int, exercises: Int
}
