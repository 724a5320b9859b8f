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
        switch task {
        case let .exercise(e):
            return mark + " " + style.bold(e.prompt)
        case let .question(q):
            var lines = [mark + " " + style.bold(q.prompt)]
            for c in q.choices { lines.append("    \(c.letter)) \(c.text)") }
            lines.append(style.dim(q.choices.isEmpty ? "    answer with a number (an expression is fine)" : "    answer with a letter"))
            return lines.joined(separator: "\n")
        }
    }
}

/// Lesson prose for the terminal: Markdown stays readable as it is, with emphasis and
/// code spans styled, and paragraphs wrapped to the terminal.
enum Prose {
    static func render(_ text: String, style: ANSI, width: Int?) -> String {
        let limit = Prose.limit(width)
        var out: [String] = []
        // A paragraph or list item: its marker (`- `, `1. `, indentation) and its text so far.
        var paragraph: (marker: String, text: String)?
        func flush() {
            guard let p = paragraph else { return }
            let hang = String(repeating: " ", count: p.marker.count)
            out += wrap(p.text, first: p.marker, rest: hang, limit: limit).map { inline($0, style) }
            paragraph = nil
        }
        var inFence = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("```") { flush(); inFence.toggle(); continue }
            if inFence { out.append("    " + line); continue }
            if line.allSatisfy(\.isWhitespace) { flush(); out.append(""); continue }
            if line.hasPrefix("#") { flush(); out.append(style.bold(String(line.drop { $0 == "#" || $0 == " " }))); continue }
            if line.hasPrefix("|") { flush(); out.append(line); continue }
            let m = marker(line)
            let body = String(line.dropFirst(m.count))
            if !m.allSatisfy({ $0 == " " }) || paragraph == nil {
                flush()
                paragraph = (m, body)
            } else {
                paragraph!.text += " " + body
            }
        }
        flush()
        return out.joined(separator: "\n")
    }

    /// The column to wrap at: the terminal's width, but never wider than comfortable reading.
    static func limit(_ width: Int?) -> Int { min(max(40, (width ?? 88) - 2), 88) }

    static func wrap(_ text: String, first: String, rest: String, limit: Int) -> [String] {
        var lines: [String] = []
        var current = first
        var empty = true
        for word in text.split(separator: " ") {
            let candidate = empty ? current + word : current + " " + word
            if !empty, ANSI.width(candidate) > limit {
                lines.append(current)
                current = rest + word
            } else {
                current = candidate
            }
            empty = false
        }
        lines.append(current)
        return lines
    }

    /// A list or quote marker at the start of a line (`- `, `* `, `> `, `1. `), with its indentation.
    static func marker(_ line: String) -> String {
        let indent = line.prefix { $0 == " " }
        let rest = line.dropFirst(indent.count)
        for m in ["- ", "* ", "> "] where rest.hasPrefix(m) { return String(indent) + m }
        let digits = rest.prefix { $0.isNumber }
        if !digits.isEmpty, rest.dropFirst(digits.count).hasPrefix(". ") { return String(indent) + digits + ". " }
        return String(indent)
    }

    /// `**bold**` and `code` spans.
    static func inline(_ line: String, _ style: ANSI) -> String {
        guard style.enabled else { return line.replacingAll("**", with: "") }
        var out = "", bold = false, code = false
        var chars = line[...]
        while let c = chars.first {
            if chars.hasPrefix("**") { out += bold ? "\u{1B}[22m" : "\u{1B}[1m"; bold.toggle(); chars = chars.dropFirst(2); continue }
            if c == "`" { out += code ? "\u{1B}[39m" : "\u{1B}[36m"; code.toggle(); chars = chars.dropFirst(); continue }
            out.append(c)
            chars = chars.dropFirst()
        }
        if bold || code { out += "\u{1B}[0m" }
        return out
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
