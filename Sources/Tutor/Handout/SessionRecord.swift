import Display
import Language
import Lessons
import Tensors

/// What a learner did in one tutor session, kept so that `:export` can write it as a
/// page: what they typed, the values and errors it showed, the grader's verdicts, the
/// pictures they drew, and the lesson steps they met (with their pictures).
///
/// It listens at two places: everything the REPL writes (wrapped once, at attach), and
/// a few structured moments (a value shown, a picture drawn, a step entered) whose next
/// written chunk it keeps in structured form instead of as text.
final class SessionRecord {
    /// The page so far, without the code cell being filled.
    private(set) var cells: [Page.Cell] = []
    /// Entries of the code cell being filled: the latest inputs and what they showed.
    private var entries: [Page.Entry] = []
    /// What the next written chunk is, when the REPL said so just before writing it.
    private var claimed: Claim?
    /// Lessons met, for the page's subtitle.
    private(set) var lessons: [String] = []
    /// Inputs recorded (the page says how many).
    private(set) var inputs = 0
    /// The record keeps at most this many cells; older ones give way (a note says so).
    var limit = 3000
    private(set) var dropped = 0
    /// While an `:export` runs, nothing is recorded (the page does not list its own making).
    var paused = false
    /// The REPL counts the errors it reports; a chunk written as the count grows is an error.
    private weak var repl: Repl?
    private var problemsSeen = 0

    enum Claim {
        case value(Value, precision: Int)
        case picture(Value, precision: Int)
        case step(Lesson, LessonWalker.Entered, precision: Int)
        /// The grader's verdict, then (when `valueFollows`) the value it judged.
        case verdict(Verdict, valueFollows: Bool, precision: Int)
        /// The value of a verdict, already recorded with it: the chunk is not kept again.
        case verdictValue
    }

    /// Starts recording everything `repl` writes from now on.
    static func attach(to repl: Repl) {
        let record = SessionRecord()
        record.repl = repl
        record.problemsSeen = repl.problems
        repl.record = record
        let write = repl.write
        repl.write = { [weak record] text in
            record?.wrote(text)
            write(text)
        }
    }

    /// The learner typed a complete input (a statement or a `:command`).
    func typed(_ source: String) {
        guard !paused else { return }
        let trimmed = source.trimmingWhitespace
        guard !trimmed.isEmpty else { return }
        if trimmed == ":export" || trimmed.hasPrefix(":export ") { paused = true; return }
        inputs += 1
        entries.append(Page.Entry(input: source, output: nil))
    }

    /// The next chunk written is this value (shown after an input).
    func showing(_ value: Value, precision: Int) { if !paused { claimed = .value(value, precision: precision) } }

    /// The next chunk written is the picture of `value` the learner's last `:show`/`:plot` asked for.
    func drawing(_ value: Value, precision: Int) {
        if !paused { claimed = .picture(value, precision: precision) }
    }

    /// The next chunk written is this lesson step, as the tutor shows it on entering.
    func entering(_ lesson: Lesson, _ entered: LessonWalker.Entered, precision: Int) {
        if !paused { claimed = .step(lesson, entered, precision: precision) }
    }

    /// The next chunk written is the grader's verdict on the latest input; with `shown`,
    /// the chunk after it is the value judged.
    func judging(_ verdict: Verdict, shown: Bool, precision: Int) {
        if !paused { claimed = .verdict(verdict, valueFollows: shown, precision: precision) }
    }

    /// A chunk the REPL wrote: kept in the form claimed for it, else as text (a verdict
    /// — `✓ …`/`✗ …` — as a verdict).
    func wrote(_ raw: String) {
        guard !paused else { return }
        let claim = claimed
        claimed = nil
        let problems = repl?.problems ?? 0
        let isError = problems > problemsSeen
        problemsSeen = problems
        switch claim {
        case let .value(value, precision)?:
            if let output = LessonPage.output(value, precision: precision) { attach(output) }
        case let .picture(value, precision)?:
            let typed = entries.last?.input.trimmingWhitespace ?? ""
            guard case let .success(picture) = Picture.parse(typed, line: 0) else { attach(.text(SessionRecord.plain(raw))); return }
            flush()
            append(.picture(command: picture.text, PictureLine.figure(picture, .success(value), precision: precision)))
        case let .step(lesson, entered, precision)?:
            flush()
            if !lessons.contains(lesson.id) { lessons.append(lesson.id) }
            let step = lesson.steps[entered.index]
            append(.heading(number: entered.index + 1, title: "\(lesson.title): \(step.title)", anchor: "\(lesson.id)-\(step.id)-\(cells.count)"))
            var problems: [String] = []
            for cell in LessonPage.body(entered.pieces, lesson: lesson, step: entered.index, precision: precision, guardian: nil, problems: &problems) {
                append(cell)
            }
            if let task = step.task { append(.task(SessionRecord.taskCell(task, entered.index, lesson))) }
        case let .verdict(verdict, valueFollows, precision)?:
            flush(droppingCommands: false)
            append(.verdict(correct: verdict.correct, message: SessionRecord.plain(verdict.message)))
            if valueFollows, let value = verdict.value, let output = LessonPage.output(value, precision: precision) {
                entries.append(Page.Entry(input: "", output: output))
                claimed = .verdictValue
            }
        case .verdictValue?:
            return
        case nil:
            let text = SessionRecord.plain(raw)
            guard !text.trimmingWhitespace.isEmpty else { return }
            // A transcript (piped input) echoes each line after its prompt: that is the input, not output.
            if let repl, text.hasPrefix(SessionRecord.plain(repl.prompt)) || text.hasPrefix(SessionRecord.plain(repl.continuationPrompt)) { return }
            if let mark = text.first, mark == "✓" || mark == "✗" {
                flush(droppingCommands: false)
                append(.verdict(correct: mark == "✓", message: String(text.dropFirst()).trimmingWhitespace))
            } else {
                attach(isError ? .error(text) : .text(text))
            }
        }
    }

    /// Adds what an input showed to its entry (or a further entry after it).
    private func attach(_ output: Page.Output) {
        if let last = entries.indices.last, entries[last].output == nil {
            entries[last].output = output
        } else {
            entries.append(Page.Entry(input: "", output: output))
        }
    }

    /// Ends the code cell being filled. Commands that showed nothing just before (`:next`
    /// before a step, the `:show` above its own picture) are left out.
    private func flush(droppingCommands: Bool = true) {
        while droppingCommands, let last = entries.last, last.output == nil, last.input.trimmingWhitespace.hasPrefix(":") {
            entries.removeLast()
        }
        if !entries.isEmpty { append(.code(entries)) }
        entries = []
    }

    private func append(_ cell: Page.Cell) {
        cells.append(cell)
        if cells.count > limit {
            cells.removeFirst(cells.count - limit)
            dropped += 1
        }
    }

    /// The page of the session so far.
    func page(title: String = "My attn-tutor session") -> Page {
        var page = Page(title: title, subtitle: "")
        let lessonsText = lessons.isEmpty ? "no lesson" : "lesson\(lessons.count == 1 ? "" : "s") " + lessons.joined(separator: ", ")
        page.subtitle = "what you typed and what the tutor said · \(inputs) input\(inputs == 1 ? "" : "s") · \(lessonsText)"
        if dropped > 0 { page.cells.append(.note("The start of this session is left out: the record keeps its latest \(limit) parts.", .info)) }
        page.cells += cells
        if !entries.isEmpty { page.cells.append(.code(entries)) }
        return page
    }

    /// A task as met in the tutor: asked, without its solution.
    static func taskCell(_ task: Task, _ index: Int, _ lesson: Lesson) -> Page.TaskCell {
        let position = "\(index + 1)/\(lesson.steps.count)"
        switch task {
        case let .exercise(e): return Page.TaskCell(kind: .exercise, position: position, prompt: e.prompt)
        case let .question(q): return Page.TaskCell(kind: .question, position: position, prompt: q.prompt, choices: q.choices)
        }
    }

    /// Text as written to the terminal, without its colour codes.
    static func plain(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        var escape = false
        for u in s.unicodeScalars {
            if escape {
                if u.value >= 0x40 && u.value <= 0x7E && u != "[" { escape = false }
                continue
            }
            if u == "\u{1B}" { escape = true; continue }
            out.append(u)
        }
        return String(out)
    }
}
