import ArgumentParser
import Language
import Lessons

/// `attn-tutor run ID|FILE`: the lesson rendered non-interactively, like a notebook,
/// every step solved and every tensor printed.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Render a lesson as a notebook: every step solved, every tensor printed.")

    @ArgumentParser.Argument(help: "A lesson id, or the path of a lesson file.")
    var lesson: String

    @OptionGroup var display: DisplayOptions
    @OptionGroup var courses: CourseOptions

    func run() throws {
        let lesson = try LessonLookup.find(self.lesson, courses: courses)
        let repl = Repl(session: Session(precision: display.precision), style: display.color.style, width: Terminal.columns)
        var failed = false
        repl.write(repl.style.bold("# \(lesson.title)") + repl.style.dim("  (\(lesson.id))"))
        for (i, step) in lesson.steps.enumerated() {
            let prepared: (interpreter: Interpreter, shown: [(Code, [Interpreter.Outcome])])
            do { prepared = try Workspace.prepare(lesson, step: i) } catch {
                repl.write(repl.style.red(error.description)); failed = true; break
            }
            repl.session.interpreter.adoptAll(from: prepared.interpreter)
            repl.write("")
            repl.write(StepView(lesson: lesson, index: i, repl: repl).render(shown: prepared.shown, showContinue: false))
            guard let task = step.task else { continue }
            switch task {
            case let .exercise(e):
                repl.write(repl.style.dim("attn> ") + e.solution)
                do {
                    let check = try Check.forStep(lesson, step: i)
                    let verdict = check.grade(e.solution, in: prepared.interpreter)
                    repl.write((verdict.correct ? repl.style.green("✓ ") : repl.style.red("✗ ")) + verdict.message)
                    if let v = verdict.value, let text = repl.session.show(v) { repl.write(text) }
                    failed = failed || !verdict.correct
                } catch { repl.write(repl.style.red(error.description)); failed = true }
            case let .question(q):
                let shown = q.choices.first { $0.letter == q.answer }.map { "\(q.answer)) \($0.text)" } ?? q.answer
                repl.write(repl.style.dim("answer: ") + shown)
                let verdict = q.grade(q.answer, in: prepared.interpreter)
                repl.write((verdict.correct ? repl.style.green("✓ ") : repl.style.red("✗ ")) + verdict.message)
                failed = failed || !verdict.correct
            }
            guard !step.after.isEmpty else { continue }
            do {
                try Workspace.save(step, of: lesson, in: prepared.interpreter)
                let shown = try Workspace.conclude(step, of: lesson, in: prepared.interpreter)
                repl.session.interpreter.adoptAll(from: prepared.interpreter)
                repl.write("")
                repl.write(StepView(lesson: lesson, index: i, repl: repl).renderAfter(shown: shown))
            } catch { repl.write(repl.style.red(error.description)); failed = true }
        }
        if failed { throw ExitCode(1) }
    }
}

extension Interpreter {
    /// Copies every variable of `other` (for showing values with this interpreter's printer).
    func adoptAll(from other: Interpreter) {
        for name in other.order { if let v = other.variables[name] { set(name, v, origin: other.origins[name] ?? name) } }
    }
}

/// Finds a lesson by id in the catalog, or loads it from a file path.
enum LessonLookup {
    static func find(_ name: String, courses: CourseOptions = CourseOptions()) throws -> Lesson {
        if name.hasSuffix(".md") || name.contains("/") {
            let (lesson, problems) = try Catalog.open(file: name, in: try? courses.catalog())
            guard let lesson else { throw ValidationError(problems.map(\.description).joined(separator: "\n")) }
            return lesson
        }
        let catalog = try courses.catalog()
        guard let lesson = catalog.lesson(name) else {
            let near = Nearest.word(to: name, in: catalog.ids)
            throw ValidationError("there is no lesson '\(name)'" + (near.map { " — did you mean \($0)?" } ?? "")
                                  + "\nlessons: " + catalog.ids.joined(separator: ", "))
        }
        return lesson
    }
}
