import Display
import Language
import Lessons
import Tensors

/// A lesson as a page: every step's prose, its code cells with their results, its
/// pictures, and its task with the hints and the solution folded — or, for a student,
/// the same page with every answer held back (see ``AnswerGuard``).
///
/// The workspace of each step is rebuilt from the lesson, as the tutor does, so the page
/// shows the numbers a learner meets.
enum LessonPage {
    struct Built {
        var page: Page
        /// Problems met (a block that fails, a solution that does not pass): the page says
        /// where, and `run` exits with an error.
        var problems: [String]
        /// Each exercise's expected value, by step index.
        var answers: [Int: Tensor] = [:]
    }

    static func build(_ lesson: Lesson, student: Bool, precision: Int = 4) -> Built {
        let version = student ? "student version (no solutions)" : "solved: every step with its solution"
        let count = lesson.steps.count
        var page = Page(title: lesson.title,
                        subtitle: "attn-tutor lesson \(lesson.id) · \(count) step\(count == 1 ? "" : "s") · \(version)")
        if student {
            page.cells.append(.note("Work through it in the tutor: `attn-tutor lesson \(lesson.id)` checks every answer.", .info))
        }
        var problems: [String] = []
        var answers: [Int: Tensor] = [:]
        let guardian = student ? AnswerGuard() : nil
        for (i, step) in lesson.steps.enumerated() {
            page.cells.append(.heading(number: i + 1, title: step.title, anchor: step.id))
            let prepared: (interpreter: Interpreter, shown: [(Code, [Interpreter.Outcome])])
            do { prepared = try Workspace.prepare(lesson, step: i) } catch {
                problems.append(error.description)
                page.cells.append(.note("This lesson has a problem here, so the page stops: \(error.description)", .problem))
                break
            }
            page.cells += body(step.blocks, shown: prepared.shown, lesson: lesson, step: i, workspace: prepared.interpreter,
                               precision: precision, guardian: guardian)
            guard let task = step.task else { continue }
            let (cell, problem, answer) = taskCell(task, lesson: lesson, step: i, workspace: prepared.interpreter, precision: precision,
                                                   guardian: guardian)
            page.cells.append(.task(cell))
            answers[i] = answer
            if let problem { problems.append(problem) }
            guard !step.after.isEmpty else { continue }
            do {
                try Workspace.save(step, of: lesson, in: prepared.interpreter)
                let shown = try Workspace.conclude(step, of: lesson, in: prepared.interpreter)
                page.cells += body(step.after, shown: shown, lesson: lesson, step: i, workspace: prepared.interpreter,
                                   precision: precision, guardian: guardian, afterTask: task)
            } catch {
                problems.append(error.description)
                page.cells.append(.note("This step has a problem after its task: \(error.description)", .problem))
            }
        }
        return Built(page: page, problems: problems, answers: answers)
    }

    /// Prose and shown code in order; setup code only teaches the guard what it assigns.
    static func body(_ blocks: [Block], shown: [(Code, [Interpreter.Outcome])], lesson: Lesson, step: Int, workspace: Interpreter,
                     precision: Int, guardian: AnswerGuard?, afterTask: Task? = nil) -> [Page.Cell] {
        var cells: [Page.Cell] = []
        var shownBlocks = shown[...]
        // Pictures are drawn in a copy of the workspace after the blocks ran, as the tutor draws them.
        let viewer = Interpreter()
        viewer.adoptAll(from: workspace)
        viewer.random = workspace.random
        for block in blocks {
            switch block {
            case let .prose(text):
                let text = step == 0 ? dropTitle(text, lesson.title) : text
                if text.trimmingWhitespace.isEmpty { continue }
                if guardian != nil, let afterTask, gives(text, afterTask, lesson: lesson, step: step, workspace: workspace) {
                    cells.append(.note("A paragraph is left out here: it gives the answer away.", .withheld))
                    continue
                }
                cells.append(.prose(guardian?.mask(text) ?? text))
            case let .setup(code):
                guardian?.follow(code)
            case .show:
                guard let (code, outcomes) = shownBlocks.popFirst() else { continue }
                guardian?.follow(code)
                let entries = outcomes.map { o -> Page.Entry in
                    let input = guardian?.mask(o.text) ?? o.text
                    if let guardian, let from = guardian.leak(statement: o.text, value: o.value) {
                        return Page.Entry(input: input, output: o.value == nil ? nil : .withheld(withheld(from, guardian)))
                    }
                    return Page.Entry(input: input, output: o.value.flatMap { output($0, precision: precision) })
                }
                if !entries.isEmpty { cells.append(.code(entries)) }
                for line in code.commands {
                    if let guardian, let expression = PictureLine.expression(line) {
                        let value = try? viewer.evaluate(Parser.parseExpression(expression), source: expression)
                        if let from = guardian.leak(statement: expression, value: value) {
                            cells.append(.picture(command: guardian.mask(line), .withheld(withheld(from, guardian))))
                            continue
                        }
                    }
                    cells.append(.picture(command: line, PictureLine.figure(line, in: viewer, precision: precision)))
                }
            }
        }
        guardian?.scan(workspace)
        return cells
    }

    /// Why a value is not on a student's page.
    static func withheld(_ step: Int, _ guardian: AnswerGuard) -> String {
        "Held back: it would give away the answer to step \(step). The tutor shows it once you have answered."
    }

    /// The first step's prose may repeat the title as a `# ` heading; the page has it already.
    static func dropTitle(_ text: String, _ title: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let k = lines.firstIndex(where: { !$0.trimmingWhitespace.isEmpty }), lines[k].trimmingWhitespace == "# " + title {
            lines.remove(at: k)
        }
        return lines.joined(separator: "\n")
    }

    /// A tensor as a table; text as text; nothing for `None`.
    static func output(_ value: Value, precision: Int) -> Page.Output? {
        switch value {
        case let .tensor(t): return .tensor(t, precision: precision)
        case .none: return nil
        default: return Session(precision: precision).show(value).map(Page.Output.text)
        }
    }

    /// Whether prose written after a task gives its answer away.
    static func gives(_ text: String, _ task: Task, lesson: Lesson, step: Int, workspace: Interpreter) -> Bool {
        switch task {
        case let .exercise(e):
            let check = try? Check.forStep(lesson, step: step)
            return AnswerGuard.gives(text, solution: e.solution, answer: check?.expected, choice: nil, tolerance: e.tolerance,
                                     workspace: check?.clean)
        case let .question(q):
            return AnswerGuard.gives(text, solution: nil, answer: Double(q.answer).map { Tensor($0) }, choice: choiceText(q),
                                     tolerance: q.tolerance, workspace: nil)
        }
    }

    /// `b) across each row`: the right choice of a multiple-choice question.
    static func choiceText(_ q: Question) -> String? {
        q.choices.first { $0.letter == q.answer }.map { "\($0.letter)) \($0.text)" }
    }

    /// The task as the page shows it; on a solved page with its solution graded as the
    /// tutor grades a learner's answer.
    static func taskCell(_ task: Task, lesson: Lesson, step i: Int, workspace: Interpreter, precision: Int,
                         guardian: AnswerGuard?) -> (Page.TaskCell, String?, Tensor?) {
        let position = "\(i + 1)/\(lesson.steps.count)"
        switch task {
        case let .exercise(e):
            var cell = Page.TaskCell(kind: .exercise, position: position, prompt: e.prompt, hints: e.hints)
            let check: Check
            do { check = try Check.forStep(lesson, step: i) } catch {
                cell.hints = guardian == nil ? e.hints : []
                cell.hintsHeldBack = guardian == nil ? 0 : e.hints.count
                return (cell, error.description, nil)
            }
            if let guardian {
                (cell.hints, cell.hintsHeldBack) = AnswerGuard.safeHints(e.hints, solution: e.solution, answer: check.expected, choice: nil,
                                                                         tolerance: e.tolerance, workspace: check.clean)
                cell.prompt = guardian.mask(cell.prompt)
                cell.hints = cell.hints.map(guardian.mask)
                guardian.asked(check.expected, tolerance: e.tolerance, step: i + 1, saved: e.save, solution: e.solution)
                return (cell, nil, check.expected)
            }
            let verdict = check.grade(e.solution, in: workspace)
            cell.solution = Page.Solution(answer: e.solution, isCode: true, verdict: (verdict.correct, verdict.message),
                                          value: verdict.value.flatMap { output($0, precision: precision) })
            return (cell, verdict.correct ? nil : "\(lesson.file):\(e.line): the solution '\(e.solution)' does not pass: \(verdict.message)",
                    check.expected)
        case let .question(q):
            var cell = Page.TaskCell(kind: .question, position: position, prompt: q.prompt, choices: q.choices, hints: q.hints)
            let number = Double(q.answer)
            if let guardian {
                (cell.hints, cell.hintsHeldBack) = AnswerGuard.safeHints(q.hints, solution: nil, answer: number.map { Tensor($0) },
                                                                         choice: choiceText(q), tolerance: q.tolerance, workspace: nil)
                cell.prompt = guardian.mask(cell.prompt)
                cell.hints = cell.hints.map(guardian.mask)
                cell.choices = cell.choices.map { ($0.letter, guardian.mask($0.text)) }
                if let number { guardian.asked(Tensor(number), tolerance: q.tolerance, step: i + 1, saved: nil) }
                return (cell, nil, nil)
            }
            let verdict = q.grade(q.answer, in: workspace)
            cell.solution = Page.Solution(answer: choiceText(q) ?? q.answer, isCode: false, verdict: (verdict.correct, verdict.message))
            return (cell, verdict.correct ? nil : "\(lesson.file):\(q.line): the answer '\(q.answer)' does not pass: \(verdict.message)", nil)
        }
    }
}
