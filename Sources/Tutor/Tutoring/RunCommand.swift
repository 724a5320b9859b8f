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

    @OptionGroup var handout: HandoutOptions

    func run() throws {
        let lesson = try LessonLookup.find(self.lesson, courses: courses)
        if try handout.write(lesson, precision: display.precision) { return }
        let repl = Repl(session: Session(precision: display.precision), style: display.color.style, width: Terminal.columns)
        // The walker a learner would meet, fed each step's own solution.
        let walker = LessonWalker(lesson, workspace: repl.session.interpreter)
        var failed = false
        func problem(_ error: Problem) { repl.write(repl.style.red(error.description)); failed = true }
        repl.write(repl.style.bold("# \(lesson.title)") + repl.style.dim("  (\(lesson.id))"))
        for (i, step) in lesson.steps.enumerated() {
            let entered: LessonWalker.Entered
            do throws(Problem) { entered = try walker.enter(i) } catch { problem(error); break }
            repl.write("")
            repl.write(StepView(lesson: lesson, index: i, repl: repl).render(entered.pieces, showContinue: false))
            if entered.pieces.contains(where: { $0.problem(in: lesson) != nil }) { failed = true }
            guard let task = step.task else { continue }
            let typed: String
            switch task {
            case let .exercise(e):
                repl.write(repl.style.dim("attn> ") + e.solution)
                typed = e.solution
            case let .question(q):
                let shown = q.choices.first { $0.letter == q.answer }.map { "\(q.answer)) \($0.text)" } ?? q.answer
                repl.write(repl.style.dim("answer: ") + shown)
                typed = q.answer
            }
            do throws(Problem) {
                guard case let .judged(verdict, _, completed) = try walker.respond(typed, strict: true) else { continue }
                repl.write((verdict.correct ? repl.style.green("✓ ") : repl.style.red("✗ ")) + verdict.message)
                if case .exercise = task, let v = verdict.value, let text = repl.session.show(v) { repl.write(text) }
                failed = failed || !verdict.correct
                // A solution that fails its own check still lets the notebook go on.
                var completion = completed
                if completion == nil { completion = try walker.skip() }
                guard let completion, !completion.pieces.isEmpty else { continue }
                if completion.pieces.contains(where: { $0.problem(in: lesson) != nil }) { failed = true }
                repl.write("")
                repl.write(StepView(lesson: lesson, index: i, repl: repl).body(completion.pieces).joined(separator: "\n\n"))
            } catch { problem(error) }
        }
        // A block line that failed (a name error, an unknown command) fails the run too.
        if failed || repl.problems > 0 { throw ExitCode(1) }
    }
}

/// Finds a lesson by id in the catalog, or loads it from a file path.
enum LessonLookup {
    static func find(_ name: String, courses: CourseOptions = CourseOptions()) throws -> Lesson {
        if name.hasSuffix(".md") || name.contains("/") {
            let (lesson, problems) = try Catalog.open(file: name, in: try? courses.catalog())
            guard let lesson else { throw CommandFailure(problems.map(\.description).joined(separator: "\n")) }
            return lesson
        }
        let catalog = try courses.catalog()
        guard let lesson = catalog.lesson(name) else {
            let near = Nearest.word(to: name, in: catalog.ids)
            throw CommandFailure("there is no lesson '\(name)'" + (near.map { " — did you mean \($0)?" } ?? "")
                                  + "\nlessons: " + catalog.ids.joined(separator: ", "))
        }
        return lesson
    }
}
