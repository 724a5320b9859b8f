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
        // The walker a learner meets, fed each step's own solution (or, for a student's page, told to skip).
        let walker = LessonWalker(lesson)
        for (i, step) in lesson.steps.enumerated() {
            page.cells.append(.heading(number: i + 1, title: step.title, anchor: step.id))
            let entered: LessonWalker.Entered
            do throws(Problem) { entered = try walker.enter(i) } catch {
                problems.append(error.description)
                page.cells.append(.note("This lesson has a problem here, so the page stops: \(error.description)", .problem))
                break
            }
            for case let .setup(code) in step.blocks { guardian?.follow(code) }
            page.cells += body(entered.pieces, lesson: lesson, step: i, precision: precision, guardian: guardian, problems: &problems)
            guardian?.scan(walker.workspace)
            guard let task = step.task else { continue }
            do throws(Problem) {
                let (cell, completion, answer) = try taskCell(task, walker: walker, precision: precision, guardian: guardian, problems: &problems)
                page.cells.append(.task(cell))
                answers[i] = answer
                for case let .setup(code) in step.after { guardian?.follow(code) }
                guard let completion else { continue }
                page.cells += body(completion.pieces, lesson: lesson, step: i, precision: precision, guardian: guardian,
                                   afterTask: (task, answer), problems: &problems)
                guardian?.scan(walker.workspace)
            } catch {
                problems.append(error.description)
                page.cells.append(.note("This step's task has a problem: \(error.description)", .problem))
            }
        }
        return Built(page: page, problems: problems, answers: answers)
    }

    /// What a walker's pieces show, as cells: prose, code with its values, pictures.
    static func body(_ pieces: [Piece], lesson: Lesson, step: Int, precision: Int, guardian: AnswerGuard?,
                     afterTask: (task: Task, answer: Tensor?)? = nil, problems: inout [String]) -> [Page.Cell] {
        var cells: [Page.Cell] = []
        for piece in pieces {
            if let problem = piece.problem(in: lesson) { problems.append(problem.description) }
            switch piece {
            case let .prose(text):
                let text = step == 0 ? dropTitle(text, lesson.title) : text
                if text.trimmingWhitespace.isEmpty { continue }
                if guardian != nil, let afterTask, gives(text, afterTask.task, answer: afterTask.answer) {
                    cells.append(.note("A paragraph is left out here: it gives the answer away.", .withheld))
                    continue
                }
                cells.append(.prose(guardian?.mask(text) ?? text))
            case let .cell(code, outcomes):
                guardian?.follow(code)
                let entries = outcomes.map { o -> Page.Entry in
                    let input = guardian?.mask(o.text) ?? o.text
                    if let guardian, let from = guardian.leak(statement: o.text, value: o.value) {
                        return Page.Entry(input: input, output: o.value == nil ? nil : .withheld(withheld(from)))
                    }
                    return Page.Entry(input: input, output: o.value.flatMap { output($0, precision: precision) })
                }
                if !entries.isEmpty { cells.append(.code(entries)) }
            case let .picture(picture, value):
                if let guardian, let from = guardian.leak(statement: picture.options.expression, value: try? value.get()) {
                    cells.append(.picture(command: guardian.mask(picture.text), .withheld(withheld(from))))
                    continue
                }
                cells.append(.picture(command: picture.text, PictureLine.figure(picture, value, precision: precision)))
            case let .refused(refusal):
                cells.append(.note("Not run: \(refusal.reason) (line \(refusal.line))", .problem))
            }
        }
        return cells
    }

    /// Why a value is not on a student's page.
    static func withheld(_ step: Int) -> String {
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
    static func gives(_ text: String, _ task: Task, answer: Tensor?) -> Bool {
        switch task {
        case let .exercise(e):
            return AnswerGuard.gives(text, solution: e.solution, answer: answer, choice: nil, tolerance: e.tolerance, workspace: nil)
        case let .question(q):
            return AnswerGuard.gives(text, solution: nil, answer: Double(q.answer).map { Tensor($0) }, choice: choiceText(q),
                                     tolerance: q.tolerance, workspace: nil)
        }
    }

    /// `b) across each row`: the right choice of a multiple-choice question.
    static func choiceText(_ q: Question) -> String? {
        q.choices.first { $0.letter == q.answer }.map { "\($0.letter)) \($0.text)" }
    }

    /// The task as the page shows it, and what finishing it brings. On a solved page the
    /// walker judges the solution as it would judge a learner's answer; on a student's page
    /// the task is skipped (the solution is filled in unseen) and its answer guarded from then on.
    static func taskCell(_ task: Task, walker: LessonWalker, precision: Int, guardian: AnswerGuard?, problems: inout [String])
        throws(Problem) -> (Page.TaskCell, LessonWalker.Completion?, Tensor?) {
        let lesson = walker.lesson, i = walker.index
        let position = "\(i + 1)/\(lesson.steps.count)"
        var cell: Page.TaskCell
        var answer: Tensor?
        switch task {
        case let .exercise(e):
            cell = Page.TaskCell(kind: .exercise, position: position, prompt: e.prompt, hints: e.hints)
            let check = try walker.check()
            answer = check.expected
            if let guardian {
                (cell.hints, cell.hintsHeldBack) = AnswerGuard.safeHints(e.hints, solution: e.solution, answer: check.expected, choice: nil,
                                                                         tolerance: e.tolerance, workspace: check.clean)
                cell.prompt = guardian.mask(cell.prompt)
                cell.hints = cell.hints.map(guardian.mask)
                guardian.asked(check.expected, tolerance: e.tolerance, step: i + 1, saved: e.save, solution: e.solution)
                return (cell, try walker.skip(), answer)
            }
        case let .question(q):
            cell = Page.TaskCell(kind: .question, position: position, prompt: q.prompt, choices: q.choices, hints: q.hints)
            if let guardian {
                let number = Double(q.answer)
                (cell.hints, cell.hintsHeldBack) = AnswerGuard.safeHints(q.hints, solution: nil, answer: number.map { Tensor($0) },
                                                                         choice: choiceText(q), tolerance: q.tolerance, workspace: nil)
                cell.prompt = guardian.mask(cell.prompt)
                cell.hints = cell.hints.map(guardian.mask)
                cell.choices = cell.choices.map { ($0.letter, guardian.mask($0.text)) }
                if let number { guardian.asked(Tensor(number), tolerance: q.tolerance, step: i + 1, saved: nil) }
                return (cell, try walker.skip(), nil)
            }
        }
        let typed: String
        switch task {
        case let .exercise(e): typed = e.solution
        case let .question(q): typed = q.answer
        }
        guard case let .judged(verdict, _, completed) = try walker.respond(typed, strict: true) else {
            problems.append("\(lesson.file): step \(i + 1): its own solution was not taken as an answer")
            return (cell, try walker.skip(), answer)
        }
        switch task {
        case let .exercise(e):
            cell.solution = Page.Solution(answer: e.solution, isCode: true, verdict: (verdict.correct, verdict.message),
                                          value: verdict.value.flatMap { output($0, precision: precision) })
            if !verdict.correct { problems.append("\(lesson.file):\(e.line): the solution '\(e.solution)' does not pass: \(verdict.message)") }
        case let .question(q):
            cell.solution = Page.Solution(answer: choiceText(q) ?? q.answer, isCode: false, verdict: (verdict.correct, verdict.message))
            if !verdict.correct { problems.append("\(lesson.file):\(q.line): the answer '\(q.answer)' does not pass: \(verdict.message)") }
        }
        // A solution that fails its own check still lets the page go on.
        if let completed { return (cell, completed, answer) }
        return (cell, try walker.skip(), answer)
    }
}
