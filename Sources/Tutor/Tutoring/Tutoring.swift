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

    private(set) var lesson: Lesson?
    private(set) var index = 0
    /// How many hints of this step were shown.
    var hintsShown = 0
    /// Whether the current step's task was answered (or skipped).
    var answered = false
    /// Variables the lesson put in the workspace (the learner's others survive moving between steps).
    var lessonNames: Set<String> = []
    /// The check of the current exercise, made when first needed.
    var currentCheck: Check?
    /// Changes not yet on disk (the last save failed); they go with the next one.
    var unsaved: [(inout Progress) -> Void] = []
    /// The last note about saving, so that a read-only folder is mentioned once, not after every step.
    var lastNote: String?
    /// When the learner last did something at the current step (for time spent).
    var activeAt = Progress.now()

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

    var step: Step? { lesson.map { $0.steps[index] } }

    /// A task waits for an answer.
    var pending: Bool { step?.task != nil && !answered }

    var style: ANSI { repl.style }

    // MARK: - Moving between steps

    /// Starts `lesson` at step `index` (its saved position when nil).
    func start(_ lesson: Lesson, at start: Int? = nil) {
        if self.lesson != nil { change { _ in } }  // the time so far belongs to the lesson being left
        self.lesson = lesson
        var at = start ?? progress.resumeIndex(lesson)
        if start == nil, progress.entry(lesson)?.finished == true, at == lesson.steps.count - 1 { at = 0 }
        index = max(0, min(at, lesson.steps.count - 1))
        activeAt = Progress.now()
        repl.write(style.bold(lesson.title) + style.dim("  (\(lesson.steps.count) steps, \(lesson.exerciseCount) exercises · :hint :skip :back :lessons)"))
        enter(at)
    }

    /// Shows step `i` and rebuilds its workspace. With `clean`, the learner's own variables go too.
    func enter(_ i: Int, clean: Bool = false) {
        guard let lesson else { return }
        let target = max(0, min(i, lesson.steps.count - 1))
        let prepared: (interpreter: Interpreter, shown: [(Code, [Interpreter.Outcome])])
        do { prepared = try Workspace.prepare(lesson, step: target) } catch {
            repl.write(style.red("this lesson has a problem at \(error.description) — its author can run `attn-tutor check`"))
            return
        }
        if index != target { change { _ in } }  // the time so far belongs to the step being left
        index = target
        hintsShown = 0
        activeAt = Progress.now()
        answered = progress.isDone(lesson, lesson.steps[target].id)
        currentCheck = nil
        adopt(prepared.interpreter, clean: clean)
        repl.context = "\(lesson.id) \(target + 1)/\(lesson.steps.count)"
        repl.write(StepView(lesson: lesson, index: target, repl: repl, answered: answered).render(shown: prepared.shown))
        change { $0.record(lesson, at: target) }
    }

    /// Makes the learner's workspace the lesson's at this step, keeping the learner's own
    /// variables unless `clean` or they clash with the lesson's.
    func adopt(_ workspace: Interpreter, clean: Bool) {
        let learner = repl.session.interpreter
        for name in learner.order where clean || lessonNames.contains(name) || workspace.variables[name] != nil {
            learner.remove(name)
        }
        for name in workspace.order {
            if let v = workspace.variables[name] { learner.set(name, v, origin: workspace.origins[name] ?? name) }
        }
        learner.random = workspace.random
        lessonNames = Set(workspace.order)
    }

    func next() {
        guard let lesson else { repl.write("no lesson is open — :lessons lists them"); return }
        if pending {
            repl.write(style.yellow("answer this step first — or :hint for help, :skip to move on without answering"))
            return
        }
        if index + 1 < lesson.steps.count { enter(index + 1); return }
        finish()
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
        self.lesson = nil
        repl.context = nil
    }

    /// Enter on an empty line: go on after prose or a finished task; with no lesson, resume one.
    func enterPressed() {
        if lesson == nil {
            if let resume = resumeCandidate, let l = load(resume.id) { start(l) }
            return
        }
        if pending {
            repl.write(style.dim(taskReminder))
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
        return "\(prompt)   (:hint for a hint, :skip to move on)"
    }

    /// Applies a change to the saved progress: under the store's lock it is re-read, the
    /// change applied and saved, so another tutor's saves in between are kept. The time
    /// since the learner's last action goes to the current step first.
    func change(_ body: @escaping (inout Progress) -> Void) {
        var changes = unsaved
        if let lesson, index < lesson.steps.count {
            let now = Progress.now(), spent = now - activeAt, stepId = lesson.steps[index].id
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

    // MARK: - Answers

    /// Grades what the learner typed when a task is waiting; returns false to let the REPL evaluate it.
    func answer(_ source: String) -> Bool {
        guard let lesson, let step, let task = step.task, !answered else { return false }
        let learner = repl.session.interpreter
        Interrupt.clear()
        let verdict: Verdict
        switch task {
        case let .question(q):
            guard Tutoring.isAnswer(source, to: q) else { return false }
            verdict = q.grade(source, in: learner)
        case let .exercise(e):
            guard let statements = try? Parser.parse(source), statements.count == 1 else { return false }
            if case let .assign(name, _) = statements[0].kind, name != e.save {
                // Exploring: `tmp = Q.shape` is not an answer unless it has the answer's value.
                repl.evaluate(source)
                guard case let .tensor(t)? = learner.variables[name], let check = exerciseCheck(lesson), check.close(t, check.expected) else { return true }
            }
            guard let check = exerciseCheck(lesson) else { return false }
            if case let .expression(e) = statements[0].kind, Tutoring.isInspection(e) {
                // Looking at a value (`X`, `Q.shape`, `help(softmax)`) is not an answer, unless it is the right one.
                guard let value = try? learner.evaluate(e, source: source), let t = value.tensor, check.close(t, check.expected) else {
                    return false
                }
            }
            verdict = check.grade(source, in: learner)
            if let name = verdict.assigned, let v = verdict.value { learner.set(name, v, origin: source.trimmingWhitespace) }
        }
        show(verdict)
        let stepId = step.id
        change { $0.attempt(lesson, stepId, correct: verdict.correct, mistake: verdict.mistake?.rawValue) }
        if verdict.correct {
            complete(step, of: lesson)
            repl.write(style.dim(index + 1 < lesson.steps.count ? "Enter to go on." : "Enter to finish the lesson."))
        }
        return true
    }

    /// Whether a line typed at a question answers it: a letter for multiple choice, an
    /// expression (not a look at a variable) for a number. Anything else just runs.
    static func isAnswer(_ source: String, to q: Question) -> Bool {
        let typed = source.trimmingWhitespace
        if !q.choices.isEmpty {
            let core = typed.filter { $0 != "(" && $0 != ")" && $0 != "." }
            return core.count <= 2 && core.first?.isLetter == true
        }
        guard let e = try? Parser.parseExpression(typed) else { return true }
        return !isInspection(e)
    }

    /// A bare name, a `.shape`, or a `help(…)` call: what a learner types to look around.
    static func isInspection(_ e: Expr) -> Bool {
        switch e.kind {
        case .name, .attribute(_, "shape"): return true
        case let .call(f, _): if case .name("help") = f.kind { return true }
        default: break
        }
        return false
    }

    func exerciseCheck(_ lesson: Lesson) -> Check? {
        if let currentCheck { return currentCheck }
        do { currentCheck = try Check.forStep(lesson, step: index) } catch {
            repl.write(style.red("this exercise has a problem: \(error.description)"))
        }
        return currentCheck
    }

    func show(_ verdict: Verdict) {
        if verdict.correct {
            repl.write(style.green("✓ " + wrapped(verdict.message)))
            if let v = verdict.value, let text = repl.session.show(v) { repl.write(indent(text)) }
        } else {
            let lines = verdict.message.split(separator: "\n", omittingEmptySubsequences: false)
            if lines.count > 1 { repl.write(style.red("✗") + "\n" + verdict.message) }
            else { repl.write(style.red("✗ ") + wrapped(verdict.message)) }
        }
    }

    /// Marks the step's task done, stores its solution under the `save` name, and shows
    /// what the author wrote after the task.
    func complete(_ step: Step, of lesson: Lesson, skipped: Bool = false) {
        answered = true
        if let name = saveSolution(step, lesson) { lessonNames.insert(name) }
        let stepId = step.id
        change { skipped ? $0.skipped(lesson, stepId) : $0.solved(lesson, stepId) }
        guard !step.after.isEmpty else { return }
        let learner = repl.session.interpreter
        let before = Set(learner.order)
        do {
            let shown = try Workspace.conclude(step, of: lesson, in: learner)
            lessonNames.formUnion(learner.order.filter { !before.contains($0) })
            let text = StepView(lesson: lesson, index: index, repl: repl).renderAfter(shown: shown)
            if !text.isEmpty { repl.write(text) }
        } catch {
            repl.write(style.red("this step has a problem at \(error.description) — its author can run `attn-tutor check`"))
        }
    }

    /// Stores the clean solution's value (not the learner's, which may differ within the tolerance).
    func saveSolution(_ step: Step, _ lesson: Lesson) -> String? {
        guard case let .exercise(e)? = step.task, let name = e.save, let check = exerciseCheck(lesson) else { return nil }
        repl.session.interpreter.set(name, .tensor(check.expected), origin: "\(name) = \(e.solution)")
        return name
    }

    /// A one-line message wrapped to the terminal, continuing under its first word.
    func wrapped(_ message: String) -> String {
        Prose.wrap(message, first: "", rest: "  ", limit: Prose.limit(repl.width()) - 2).joined(separator: "\n")
    }

    func indent(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n")
    }
}
