import Display
import Tensors

/// Writes a ``Page`` as Markdown that reads well on a code host: prose as the author
/// wrote it, code cells and their values in fences (the terminal's aligned tables),
/// hints and solutions folded in `<details>`, and each picture as an SVG file in a folder
/// beside the page (`lesson_files/`, as nbconvert does), linked by a relative path.
struct MarkdownPage {
    var page: Page
    /// The folder the pictures go in, relative to the page (`softmax_files`).
    var pictureFolder: String

    /// The page's text and the pictures to write: (file name inside the folder, SVG).
    func render() -> (text: String, pictures: [(name: String, svg: String)]) {
        var out = ["# " + page.title, "", "*" + page.subtitle + "*"]
        var pictures: [(String, String)] = []
        for cell in page.cells {
            out.append("")
            switch cell {
            case let .heading(number, title, _):
                out.append("## " + (number.map { "\($0). " } ?? "") + title)
            case let .prose(text):
                out.append(text.trimmingTrailing)
            case let .code(entries):
                out.append(fenced(entries.map(entry).joined(separator: "\n")))
            case let .picture(command, figure):
                out.append(fenced("attn> " + command))
                switch figure {
                case let .heatmap(t, precision):
                    let name = "picture-\(pictures.count + 1).svg"
                    var heatmap = SVGHeatmap(precision: precision)
                    heatmap.standalone = true
                    pictures.append((name, heatmap.render(t, label: command)))
                    out.append("")
                    out.append("![heatmap: \(MarkdownPage.escapeAlt(command))](\(pictureFolder)/\(name))")
                case let .plot(t, byRows, arrangement):
                    var plot = SVGPlot()
                    plot.standalone = true
                    let svg: String
                    do throws(Plot.Failure) { svg = try plot.render(t, byRows: byRows, arrangement: arrangement, label: command) } catch {
                        out.append(fenced(error.description))
                        continue
                    }
                    let name = "picture-\(pictures.count + 1).svg"
                    pictures.append((name, svg))
                    out.append("")
                    out.append("![plot: \(MarkdownPage.escapeAlt(command))](\(pictureFolder)/\(name))")
                case let .table(t, precision): out.append(fenced(TensorPrinter(precision: precision).format(t)))
                case let .text(s), let .error(s): out.append(fenced(s))
                case let .withheld(why):
                    let name = "picture-\(pictures.count + 1).svg"
                    pictures.append((name, SVGPlaceholder.render(why, label: command, standalone: true)))
                    out.append("")
                    out.append("![held back: \(MarkdownPage.escapeAlt(command))](\(pictureFolder)/\(name))")
                }
            case let .task(task):
                out.append(render(task))
            case let .verdict(correct, message):
                out.append(fenced((correct ? "✓ " : "✗ ") + message))
            case let .note(text, _):
                out.append("> *\(text)*")
            }
        }
        out.append("")
        return (out.joined(separator: "\n"), pictures)
    }

    func entry(_ e: Page.Entry) -> String {
        let input = e.input.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { ($0 == 0 ? "attn> " : "  ... ") + $1 }.joined(separator: "\n")
        guard let output = e.output else { return input }
        return e.input.isEmpty ? text(output) : input + "\n" + text(output)
    }

    func text(_ output: Page.Output) -> String {
        switch output {
        case let .tensor(t, precision): return TensorPrinter(precision: precision).format(t)
        case let .text(s), let .error(s): return s
        case let .withheld(why): return "(" + why + ")"
        }
    }

    func render(_ task: Page.TaskCell) -> String {
        let mark = (task.kind == .exercise ? "Exercise " : "Question ") + task.position
        var lines = ["> **\(mark).** " + task.prompt.split(separator: "\n").joined(separator: " ")]
        if !task.choices.isEmpty {
            lines.append(">")
            for c in task.choices { lines.append("> **\(c.letter))** \(c.text)  ") }
        }
        if !task.hints.isEmpty {
            lines += ["", "<details><summary>Hint\(task.hints.count == 1 ? "" : "s") (\(task.hints.count))</summary>", ""]
            lines += task.hints.enumerated().map { "\($0 + 1). \($1)" }
            lines += ["", "</details>"]
        }
        if task.hintsHeldBack > 0 {
            lines += ["", "*\(task.hintsHeldBack == 1 ? "One hint is" : "\(task.hintsHeldBack) hints are") left out here: \(task.hintsHeldBack == 1 ? "it gives" : "they give") the answer away.*"]
        }
        if let s = task.solution {
            lines += ["", "<details><summary>\(s.isCode ? "Solution" : "Answer")</summary>", ""]
            var body = s.isCode ? ["attn> " + s.answer] : ["answer: " + s.answer]
            if let v = s.verdict { body.append((v.correct ? "✓ " : "✗ ") + v.message) }
            if let value = s.value { body.append(text(value)) }
            lines += [fenced(body.joined(separator: "\n")), "", "</details>"]
        }
        return lines.joined(separator: "\n")
    }

    /// A code fence longer than any run of backticks inside, so values cannot end it.
    func fenced(_ body: String) -> String {
        var longest = 0, run = 0
        for c in body { if c == "`" { run += 1; longest = max(longest, run) } else { run = 0 } }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return fence + "text\n" + body + "\n" + fence
    }

    /// Text safe inside `![…]`.
    static func escapeAlt(_ s: String) -> String {
        String(s.flatMap { "[]\\`*_<>".contains($0) ? ["\\", $0] : [$0] })
    }
}
