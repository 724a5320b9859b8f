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
    /// Changes not yet on disk (the last save failed); they go with the next one.
    var unsaved: [(inout Progress) -> Void] = []
    /// The last note about saving, so that a read-only folder is mentioned once, not after every step.
    var lastNote: String?
    /// When the learner last did something at the current step (for time spent).
    var activeAt = Progress.now()
    /// The variables of the lesson finished last: the next lesson clears them.
    var finishedNames: Set<String> = []

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
        repl.farewell = { [unowned self] in self.lostOnLeaving }
    }

    /// Leaving keeps the lesson's place, not the learner's own variables (the lesson's are
    /// rebuilt on resume): say which go, so a resume without them is no surprise.
    var lostOnLeaving: String? {
        guard let walker else { return nil }
        let own = repl.session.interpreter.variables.keys.filter { !walker.lessonNames.contains($0) }.sorted()
        guard !own.isEmpty else { return nil }
        let shown = own.count > 6 ? own.prefix(6).joined(separator: ", ") + ", …" : own.joined(separator: ", ")
        return "your own variables (\(shown)) are not kept; the lesson resumes at this step with its own rebuilt"
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
        let saved = progress.entry(lesson)
        var at = start ?? progress.resumeIndex(lesson)
        if start == nil, saved?.finished == true, at == lesson.steps.count - 1 { at = 0 }
        if walker != nil { change { _ in } }  // the time so far belongs to the lesson being left
        let previous = walker
        walker = LessonWalker(lesson, workspace: repl.session.interpreter, done: Set(saved?.done ?? []),
                              lessonNames: previous?.lessonNames ?? finishedNames)
        activeAt = Progress.now()
        repl.write(style.bold(lesson.title) + style.dim("  (\(lesson.steps.count) steps, \(lesson.exerciseCount) exercises · :hint\(lesson.allowsSkip ? " :skip" : "") :back :lessons\(lesson.isExam ? " · exam" : ""))"))
        if !enter(at) { walker = previous }
    }

    /// Shows step `i` with its rebuilt workspace. With `clean`, the learner's own variables go too.
    /// Returns false (after saying why) when the lesson's code fails there.
    @discardableResult
    func enter(_ i: Int, clean: Bool = false) -> Bool {
        guard let walker else { return false }
        let from = walker.index
        do throws(Problem) {
            let entered = try walker.enter(i, clean: clean)
            if entered.index != from { activeAt = Progress.now() }
            show(entered)
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
        let lesson = walker.lesson
        change { $0.record(lesson, at: entered.index) }
    }

    func next() {
        guard let walker else { repl.write("no lesson is open — :lessons lists them"); return }
        do throws(Problem) {
            switch try walker.next() {
            case .blocked:
                repl.write(style.yellow(wrapped("answer this step first — or :hint for help, :skip to move on without answering")))
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
        let at = index
        change { $0.record(lesson, at: at, finished: true) }
        var text = style.green("✓ You finished \(lesson.title).")
        if let next = lesson.next, let following = entries.first(where: { $0.id == next }) {
            text += "  Next: " + style.cyan(":lesson \(following.id)") + style.dim(" — \(following.title)")
        }
        repl.write(text)
        finishedNames = walker?.lessonNames ?? []
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
            repl.write(style.dim(wrapped(taskReminder)))
            return
        }
        next()
    }

    /// The lesson the learner was in last (if unfinished), else the first one not finished.
    var resumeCandidate: Catalog.Entry? {
        if let last = progress.last, let l = entries.first(where: { Progress.key(id: $0.id, source: $0.source) == last }),
           progress.entry(id: l.id, source: l.source)?.finished != true { return l }
        return entries.first { progress.entry(id: $0.id, source: $0.source)?.finished != true }
    }

    var taskReminder: String {
        guard let step, let task = step.task else { return "" }
        let prompt: String
        switch task {
        case let .exercise(e): prompt = e.prompt
        case let .question(q): prompt = q.prompt
        }
        return "\(prompt)   (:hint for a hint\(lesson?.allowsSkip == false ? "" : ", :skip to move on"))"
    }

    /// Applies a change to the saved progress: under the store's lock the file is re-read,
    /// the change applied and saved, so another tutor's saves in between are kept. The
    /// time since the learner's last action goes to the current step first.
    func change(_ body: @escaping (inout Progress) -> Void) {
        var changes = unsaved
        if let walker {
            let now = Progress.now(), spent = now - activeAt, lesson = walker.lesson, stepId = walker.step.id
            activeAt = now
            changes.append { $0.spend(spent, lesson, stepId) }
        }
        changes.append(body)
        let result = store.update { p in for c in changes { c(&p) } }
        progress = result.progress
        unsaved = result.saved ? [] : changes
        if let note = result.note, note != lastNote { repl.write(style.yellow("note: " + note)) }
        lastNote = result.note
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
            if let note = overwritten(by: source, in: walker) { repl.write(style.yellow(note)) }
        case let .judged(verdict, before, completed):
            for o in before { if let v = o.value, let text = repl.session.show(v) { repl.write(text) } }
            show(verdict)
            if !verdict.correct, let note = overwritten(by: source, in: walker) { repl.write(style.yellow(note)) }
            let lesson = walker.lesson, stepId = walker.step.id, mistake = verdict.mistake?.rawValue
            change { $0.attempt(lesson, stepId, correct: verdict.correct, mistake: mistake) }
            if let completed { concluded(completed) }
        }
        return true
    }

    /// A wrong answer that assigned to one of the lesson's own variables is kept, so later
    /// answers would build on the learner's value: say so, and how to get the lesson's back.
    func overwritten(by source: String, in walker: LessonWalker) -> String? {
        guard let statements = try? Parser.parse(source) else { return nil }
        var names: [String] = []
        for s in statements {
            if case let .assign(name, _) = s.kind, walker.lessonNames.contains(name), !names.contains(name) { names.append(name) }
        }
        guard !names.isEmpty else { return nil }
        let list = names.joined(separator: ", ")
        return "note: \(list) \(names.count == 1 ? "was" : "were") the lesson's; now \(names.count == 1 ? "it holds" : "they hold") your value — :reset gives the lesson's back"
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
        let lesson = walker.lesson, stepId = walker.step.id
        change { skipped ? $0.skipped(lesson, stepId) : $0.solved(lesson, stepId) }
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
