import Display
import Language
import Lessons
import Tensors

/// The stepper: walks a learner through a lesson inside the REPL. It registers the
/// lesson `:commands`, grades what the learner types at an exercise, shows the lesson
/// and step in the prompt, and saves progress after every step.
final class Tutoring {
    let repl: Repl
    /// The lessons, or why none could be found.
    let catalog: Result<Catalog, CatalogError>
    let store: ProgressStore
    var progress: Progress
    /// Enter on an empty line with no lesson open resumes one: on a terminal only. A
    /// script's blank line must not start a lesson and turn its later lines into answers.
    var enterResumes = true

    /// The walk through the open lesson, if one is open.
    private(set) var walker: LessonWalker?
    /// How many hints of this step were shown.
    var hintsShown = 0

    init(repl: Repl, catalog: Result<Catalog, CatalogError>, store: ProgressStore) {
        self.repl = repl
        self.catalog = catalog
        self.store = store
        let (saved, warning) = store.load()
        progress = saved
        if let warning { repl.write(repl.style.yellow("note: " + warning)) }
        for command in commands { repl.commands.register(command) }
        repl.inputHandler = { [unowned self] source in self.answer(source) }
        repl.emptyLineHandler = { [unowned self] in self.enterPressed() }
    }

    /// The lessons' front matter (cheap: lessons are parsed when opened).
    var entries: [Catalog.Entry] { (try? catalog.get())?.entries ?? [] }

    /// The lesson called `id`, parsed on first use.
    func load(_ id: String) -> Lesson? { (try? catalog.get())?.lesson(id) }

    var lesson: Lesson? { walker?.lesson }
    var index: Int { walker?.index ?? 0 }
    var step: Step? { walker?.step }

    var style: ANSI { repl.style }

    // MARK: - Moving between steps

    /// Starts `lesson` at step `index` (its saved position when nil). Answers are judged
    /// as the first time even in a finished lesson; progress keeps the first completion.
    func start(_ lesson: Lesson, at start: Int? = nil) {
        let saved = progress.lessons[lesson.id]
        var at = start ?? progress.resumeIndex(lesson)
        if start == nil, saved?.finished == true, at == lesson.steps.count - 1 { at = 0 }
        let previous = walker
        walker = LessonWalker(lesson, workspace: repl.session.interpreter, done: Set(saved?.done ?? []))
        repl.write(style.bold(lesson.title) + style.dim("  (\(lesson.steps.count) steps, \(lesson.exerciseCount) exercises · :hint :skip :back :lessons)"))
        if !enter(at) { walker = previous }
    }

    /// Shows step `i` with its rebuilt workspace. With `clean`, the learner's own variables go too.
    /// Returns false (after saying why) when the lesson's code fails there.
    @discardableResult
    func enter(_ i: Int, clean: Bool = false) -> Bool {
        guard let walker else { return false }
        do throws(Problem) {
            show(try walker.enter(i, clean: clean))
            return true
        } catch {
            authorProblem("this lesson has a problem at \(error.description) — its author can run `attn-tutor check`")
            return false
        }
    }

    func show(_ entered: LessonWalker.Entered) {
        guard let walker else { return }
        hintsShown = 0
        repl.context = "\(walker.lesson.id) \(entered.index + 1)/\(walker.lesson.steps.count)"
        repl.record?.entering(walker.lesson, entered, precision: repl.session.printer.precision)
        repl.write(StepView(lesson: walker.lesson, index: entered.index, repl: repl, doneBefore: entered.doneBefore).render(entered.pieces))
        progress.record(walker.lesson, at: entered.index)
        persist()
    }

    func next() {
        guard let walker else { repl.write("no lesson is open — :lessons lists them"); return }
        do throws(Problem) {
            switch try walker.next() {
            case .blocked:
                repl.write(style.yellow("answer this step first — or :hint for help, :skip to move on without answering"))
            case let .entered(entered):
                show(entered)
            case .finished:
                finish()
            }
        } catch {
            authorProblem("this lesson has a problem at \(error.description) — its author can run `attn-tutor check`")
        }
    }

    func finish() {
        guard let lesson else { return }
        progress.record(lesson, at: index, finished: true)
        persist()
        var text = style.green("✓ You finished \(lesson.title).")
        if let next = lesson.next, let following = entries.first(where: { $0.id == next }) {
            text += "  Next: " + style.cyan(":lesson \(following.id)") + style.dim(" — \(following.title)")
        }
        repl.write(text)
        walker = nil
        repl.context = nil
    }

    /// Enter on an empty line: go on after prose or a finished task; with no lesson, resume one.
    func enterPressed() {
        guard let walker else {
            if enterResumes, let resume = resumeCandidate, let l = load(resume.id) { start(l) }
            return
        }
        if !walker.canGoOn {
            repl.write(style.dim(taskReminder))
            return
        }
        next()
    }

    /// The lesson the learner was in last (if unfinished), else the first one not finished.
    var resumeCandidate: Catalog.Entry? {
        if let last = progress.last, let l = entries.first(where: { $0.id == last }), progress.lessons[last]?.finished != true { return l }
        return entries.first { progress.lessons[$0.id]?.finished != true }
    }

    var taskReminder: String {
        guard let step, let task = step.task else { return "" }
        let prompt: String
        switch task {
        case let .exercise(e): prompt = e.prompt
        case let .question(q): prompt = q.prompt
        }
        return "\(prompt)   (:hint for a hint, :skip to move on)"
    }

    /// A lesson's own failure, blamed on its author — unless it was Ctrl-C that stopped
    /// its setup or check, which is nobody's mistake.
    func authorProblem(_ message: String) {
        if Interrupt.isRequested {
            repl.write(style.yellow("interrupted — this step's code did not finish; Enter or :reset runs it again"))
        } else {
            repl.write(style.red(message))
        }
    }

    func persist() {
        if let problem = store.save(progress) { repl.write(style.yellow("note: progress not saved: \(problem)")) }
    }

    // MARK: - Answers

    /// Judges what the learner typed when a task is waiting; returns false to let the REPL evaluate it.
    func answer(_ source: String) -> Bool {
        guard let walker else { return false }
        Interrupt.clear()
        repl.session.printer.width = repl.width()
        let response: LessonWalker.Response
        do throws(Problem) { response = try walker.respond(source) } catch {
            authorProblem("this exercise has a problem: \(error.description)")
            return false
        }
        switch response {
        case .notAnAnswer:
            return false
        case let .look(value, note):
            if let text = repl.session.show(value) { repl.write(text) }
            repl.write(style.dim(note))
        case let .judged(verdict, before, completed):
            for o in before { if let v = o.value, let text = repl.session.show(v) { repl.write(text) } }
            show(verdict)
            if let completed { concluded(completed) }
        }
        return true
    }

    func show(_ verdict: Verdict) {
        repl.record?.judging(verdict, shown: verdict.correct && verdict.value.flatMap(repl.session.show) != nil,
                             precision: repl.session.printer.precision)
        if verdict.correct {
            repl.write(style.green("✓ " + wrapped(verdict.message)))
            if let v = verdict.value, let text = repl.session.show(v) { repl.write(indent(text)) }
        } else {
            let lines = verdict.message.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 1 { repl.write(style.red("✗") + "\n" + verdict.message) }
            else { repl.write(style.red("✗ ") + wrapped(verdict.message)) }
        }
    }

    /// After a right answer or a skip: progress (the first completion is kept), what the
    /// author wrote after the task, and what Enter does now.
    func concluded(_ completion: LessonWalker.Completion, skipped: Bool = false) {
        guard let walker else { return }
        progress.record(walker.lesson, at: walker.index, done: walker.step.id)
        persist()
        let text = StepView(lesson: walker.lesson, index: walker.index, repl: repl).body(completion.pieces).joined(separator: "\n\n")
        if !text.isEmpty { repl.write(text) }
        if !skipped { repl.write(style.dim(walker.isLastStep ? "Enter to finish the lesson." : "Enter to go on.")) }
    }

    /// A one-line message wrapped to the terminal, continuing under its first word.
    func wrapped(_ message: String) -> String {
        Prose.wrap(message, first: "", rest: "  ", limit: Prose.limit(repl.width()) - 2).joined(separator: "\n")
    }

    func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
