import Display
import Language
import Lessons

/// How a step looks: a heading with its position, the prose, each shown code block with
/// its results, and the task. It renders what a ``LessonWalker`` returns.
struct StepView {
    let lesson: Lesson
    let index: Int
    let repl: Repl
    /// The task was done on an earlier visit (the learner came back to this step).
    var doneBefore = false

    var style: ANSI { repl.style }
    var step: Step { lesson.steps[index] }

    /// The step as entered: heading, `pieces` (what the blocks before the task show), the task.
    func render(_ pieces: [Piece], showContinue: Bool = true) -> String {
        var out = [style.bold("── \(step.title) ") + style.dim("· \(lesson.id) · step \(index + 1)/\(lesson.steps.count)")]
        out += body(pieces)
        if let task = step.task {
            out.append(taskLine(task) + (doneBefore ? "\n" + style.dim("    (done before — answer again, or Enter goes on)") : ""))
        }
        else if showContinue { out.append(style.dim(index + 1 < lesson.steps.count ? "Enter to go on." : "Enter to finish the lesson.")) }
        return out.joined(separator: "\n\n")
    }

    /// Prose, shown code and pictures in order, one string each.
    func body(_ pieces: [Piece]) -> [String] {
        var out: [String] = []
        for piece in pieces {
            switch piece {
            case let .prose(text):
                out.append(Prose.render(text, style: style, width: repl.width()))
            case let .cell(_, outcomes):
                if !outcomes.isEmpty { out.append(code(outcomes)) }
            case let .picture(picture, value):
                out.append(style.dim("attn> ") + picture.text + "\n" + self.picture(picture, value))
            case let .refused(refusal):
                out.append(style.yellow("(not run: \(refusal.reason) — line \(refusal.line))"))
            }
        }
        return out
    }

    /// A notebook cell: each statement after a prompt, then its value.
    func code(_ outcomes: [Interpreter.Outcome]) -> String {
        // A step can be shown before the learner has typed anything, so the printer may not know the terminal yet.
        repl.session.printer.width = repl.width()
        var lines: [String] = []
        for o in outcomes {
            lines.append(style.dim("attn> ") + o.text)
            if let v = o.value, let text = repl.session.show(v) { lines.append(text) }
        }
        return lines.joined(separator: "\n")
    }

    /// What a picture line draws, as the REPL's `:show`/`:plot` would.
    func picture(_ picture: Picture, _ value: Result<Value, LanguageError>) -> String {
        var captured: [String] = []
        let saved = repl.write
        repl.write = { captured.append($0) }
        defer { repl.write = saved }
        switch value {
        case let .failure(error): repl.report(error, in: picture.options.expression)
        case let .success(value): repl.draw(picture.kind, value, picture.options)
        }
        return captured.joined(separator: "\n")
    }

    func taskLine(_ task: Task) -> String {
        let mark = style.yellow("[\(index + 1)/\(lesson.steps.count)]")
        // Reflowed like prose, continuing under the first word.
        let limit = Prose.limit(repl.width())
        func prompt(_ text: String) -> String {
            let hang = String(repeating: " ", count: ANSI.width(mark) + 1)
            return Prose.wrap(Prose.inline(text, style), first: mark + " ", rest: hang, limit: limit).map { style.bold($0) }.joined(separator: "\n")
        }
        switch task {
        case let .exercise(e):
            return prompt(e.prompt)
        case let .question(q):
            var lines = [prompt(q.prompt)]
            for c in q.choices {
                lines += Prose.wrap(Prose.inline(c.text, style), first: "    \(c.letter)) ", rest: String(repeating: " ", count: 6 + c.letter.count), limit: limit)
            }
            lines.append(style.dim(q.choices.isEmpty ? "    answer with a number (an expression is fine)" : "    answer with a letter"))
            return lines.joined(separator: "\n")
        }
    }
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        var out = ""
        var rest = self[...]
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound] + replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}
