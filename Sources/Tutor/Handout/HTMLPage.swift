import Display
import Tensors

/// Writes a ``Page`` as one self-contained HTML file: inline CSS, inline SVG pictures,
/// nothing fetched, readable without scripts (one optional line opens folded parts
/// before printing in browsers whose CSS cannot). Every string is escaped.
struct HTMLPage {
    var page: Page

    func render() -> String {
        var out: [String] = [
            "<!DOCTYPE html>",
            "<html lang=\"en\">",
            "<head>",
            "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"generator\" content=\"attn-tutor\">",
            "<title>\(HTML.escape(page.title)) — attn-tutor</title>",
            "<style>\n\(PageStyle.css)\n</style>",
            "<script>addEventListener(\"beforeprint\", function () { document.querySelectorAll(\"details\").forEach(function (d) { d.open = true; }); });</script>",
            "</head>",
            "<body>",
            "<main>",
            "<header>",
            "<h1>\(MarkdownHTML.inline(page.title))</h1>",
            "<p class=\"meta\">\(HTML.escape(page.subtitle))</p>",
            "</header>",
        ]
        var inSection = false
        for cell in page.cells {
            if case let .heading(number, title, anchor) = cell {
                if inSection { out.append("</section>") }
                inSection = true
                let num = number.map { "<span class=\"num\">\($0)</span>" } ?? ""
                out.append("<section class=\"step\" id=\"\(HTMLPage.anchor(anchor))\">")
                out.append("<h2>\(num)\(MarkdownHTML.inline(title))</h2>")
                continue
            }
            out.append(render(cell))
        }
        if inSection { out.append("</section>") }
        out += ["<footer>Written by attn-tutor. Hints and solutions are folded: click to open them; printing unfolds them.</footer>",
                "</main>", "</body>", "</html>", ""]
        return out.joined(separator: "\n")
    }

    /// An id safe in an attribute and a URL fragment: letters, digits, `-` and `_`.
    static func anchor(_ id: String) -> String {
        "step-" + String(id.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "-" })
    }

    func render(_ cell: Page.Cell) -> String {
        switch cell {
        case .heading: return ""
        case let .prose(text): return MarkdownHTML.render(text)
        case let .code(entries):
            return "<div class=\"cell\">\n" + entries.map(entry).joined(separator: "\n") + "\n</div>"
        case let .picture(command, figure):
            return "<figure class=\"picture\">\n" + input(command) + "\n" + render(figure, command: command) + "\n</figure>"
        case let .task(task): return render(task)
        case let .verdict(correct, message): return verdict(correct, message)
        case let .note(text, kind):
            switch kind {
            case .info: return "<p class=\"note\">\(MarkdownHTML.inline(text))</p>"
            case .problem: return "<p class=\"note problem\">\(HTML.escape(text))</p>"
            case .withheld: return "<p class=\"withheld\">\(MarkdownHTML.inline(text))</p>"
            }
        }
    }

    /// A statement after its prompt; later lines of a multi-line statement after `...`.
    func input(_ source: String) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let body = lines.enumerated().map { k, line in
            "<span class=\"prompt\">\(k == 0 ? "attn&gt; " : "  ... ")</span>" + HTML.escape(String(line))
        }.joined(separator: "\n")
        return "<pre class=\"input\">\(body)</pre>"
    }

    func entry(_ e: Page.Entry) -> String {
        let typed = e.input.isEmpty ? [] : [input(e.input)]
        return (typed + (e.output.map { [render($0)] } ?? [])).joined(separator: "\n")
    }

    func render(_ output: Page.Output) -> String {
        switch output {
        case let .tensor(t, precision): return "<div class=\"output\">\(TensorTable(precision: precision).html(t))</div>"
        case let .text(s): return "<pre class=\"output\">\(HTML.escape(s))</pre>"
        case let .error(s): return "<pre class=\"output error\">\(HTML.escape(s))</pre>"
        case let .withheld(why): return "<p class=\"withheld\">\(MarkdownHTML.inline(why))</p>"
        }
    }

    func render(_ figure: Page.Figure, command: String) -> String {
        switch figure {
        case let .heatmap(t, precision):
            return SVGHeatmap(precision: precision).render(t, label: command)
        case let .plot(t, byRows, arrangement):
            do throws(Plot.Failure) {
                return try SVGPlot().render(t, byRows: byRows, arrangement: arrangement, label: command)
            } catch {
                return "<pre class=\"output error\">\(HTML.escape(error.description))</pre>"
            }
        case let .table(t, precision): return "<div class=\"output\">\(TensorTable(precision: precision).html(t))</div>"
        case let .text(s): return "<pre class=\"output\">\(HTML.escape(s))</pre>"
        case let .error(s): return "<pre class=\"output error\">\(HTML.escape(s))</pre>"
        case let .withheld(why): return SVGPlaceholder.render(why, label: command)
        }
    }

    func verdict(_ correct: Bool, _ message: String) -> String {
        "<p class=\"verdict \(correct ? "ok" : "bad")\">\(correct ? "✓" : "✗") \(HTML.escape(message))</p>"
    }

    /// The task in view; its hints and its solution each folded inside it.
    func render(_ task: Page.TaskCell) -> String {
        let kind = task.kind == .exercise ? "exercise" : "question"
        let mark = (task.kind == .exercise ? "Exercise " : "Question ") + task.position
        var out = ["<details class=\"task \(kind)\" open>",
                   "<summary><span class=\"mark\">\(HTML.escape(mark))</span>\(MarkdownHTML.inline(task.prompt))</summary>"]
        if !task.choices.isEmpty {
            out.append("<ol class=\"choices\">" + task.choices.map {
                "<li><b>\(HTML.escape($0.letter))</b>) \(MarkdownHTML.inline($0.text))</li>"
            }.joined() + "</ol>")
        }
        if !task.hints.isEmpty {
            let items = task.hints.map { "<li>\(MarkdownHTML.inline($0))</li>" }.joined()
            out.append("<details class=\"hints\"><summary>Hint\(task.hints.count == 1 ? "" : "s") (\(task.hints.count))</summary><ol>\(items)</ol></details>")
        }
        if task.hintsHeldBack > 0 {
            let n = task.hintsHeldBack
            out.append("<p class=\"note\">\(n == 1 ? "One hint is" : "\(n) hints are") left out here: \(n == 1 ? "it gives" : "they give") the answer away.</p>")
        }
        if let s = task.solution {
            out.append("<details class=\"solution\"><summary>\(s.isCode ? "Solution" : "Answer")</summary>")
            out.append(s.isCode ? input(s.answer) : "<p class=\"answer\">\(MarkdownHTML.inline(s.answer))</p>")
            if let v = s.verdict { out.append(verdict(v.correct, v.message)) }
            if let value = s.value { out.append(render(value)) }
            out.append("</details>")
        }
        out.append("</details>")
        return out.joined(separator: "\n")
    }
}
