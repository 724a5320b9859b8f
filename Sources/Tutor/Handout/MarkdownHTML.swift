import Display

/// Lesson prose (Markdown) as HTML: paragraphs, headings, lists, quotes, tables, code
/// blocks and spans, emphasis, links. Every piece of text is escaped, so raw HTML in a
/// lesson is shown as text, never run. Nothing is fetched: an image becomes its
/// description, and a link to another site is written out rather than linked.
enum MarkdownHTML {
    /// The HTML of a Markdown text.
    static func render(_ text: String) -> String {
        var parser = Blocks(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).trimmingTrailing })
        return parser.render()
    }

    /// One line or paragraph of inline Markdown (code spans, emphasis, links) as HTML.
    static func inline(_ text: String) -> String {
        Inline(Array(text)).render()
    }

    /// The block structure: one pass over the lines.
    struct Blocks {
        var lines: [String]
        var i = 0
        var out: [String] = []

        mutating func render() -> String {
            while i < lines.count { block() }
            return out.joined(separator: "\n")
        }

        mutating func block() {
            let line = lines[i]
            let trimmed = line.trimmingWhitespace
            if trimmed.isEmpty { i += 1; return }
            if let fence = Blocks.fence(line) { code(fence); return }
            if let (level, title) = Blocks.heading(trimmed) {
                // Steps are the page's sections (h2); headings inside their prose sit below them.
                let h = min(6, max(3, level))
                out.append("<h\(h)>\(MarkdownHTML.inline(title))</h\(h)>")
                i += 1
                return
            }
            if Blocks.isRule(trimmed) { out.append("<hr>"); i += 1; return }
            if trimmed.hasPrefix("|") { table(); return }
            if trimmed.hasPrefix(">") { quote(); return }
            if Blocks.listMarker(line) != nil { list(); return }
            if line.hasPrefix("    ") || line.hasPrefix("\t") { indented(); return }
            paragraph()
        }

        /// ```` ``` ```` or `~~~` with an optional info string: what closes it.
        static func fence(_ line: String) -> String? {
            let t = line.trimmingWhitespace
            for mark in ["```", "~~~"] where t.hasPrefix(mark) { return String(t.prefix { $0 == mark.first }) }
            return nil
        }

        static func heading(_ t: String) -> (Int, String)? {
            let hashes = t.prefix { $0 == "#" }.count
            guard (1...6).contains(hashes), t.dropFirst(hashes).first == " " else { return nil }
            var title = String(t.dropFirst(hashes)).trimmingWhitespace
            while title.hasSuffix("#") { title.removeLast() }
            return (hashes, title.trimmingWhitespace)
        }

        static func isRule(_ t: String) -> Bool {
            let chars = t.filter { $0 != " " }
            guard chars.count >= 3, let c = chars.first, "-*_".contains(c) else { return false }
            return chars.allSatisfy { $0 == c }
        }

        /// The marker of a list item (`- `, `* `, `+ `, `1. `) and whether it is ordered.
        static func listMarker(_ line: String) -> (indent: Int, marker: String, ordered: Bool)? {
            let indent = line.prefix { $0 == " " }.count
            let rest = line.dropFirst(indent)
            for m in ["- ", "* ", "+ "] where rest.hasPrefix(m) { return (indent, m, false) }
            let digits = rest.prefix(while: \.isNumber)
            if !digits.isEmpty, digits.count < 10, rest.dropFirst(digits.count).hasPrefix(". ") {
                return (indent, digits + ". ", true)
            }
            return nil
        }

        /// Whether a line starts a block of another kind (which ends a paragraph).
        func startsBlock(_ line: String) -> Bool {
            let t = line.trimmingWhitespace
            return t.isEmpty || Blocks.fence(line) != nil || Blocks.heading(t) != nil || t.hasPrefix(">")
                || (t.hasPrefix("|") && !line.hasPrefix("    ")) || Blocks.listMarker(line) != nil || Blocks.isRule(t)
        }

        mutating func code(_ fence: String) {
            let info = String(lines[i].trimmingWhitespace.dropFirst(fence.count)).trimmingWhitespace
            i += 1
            var body: [String] = []
            while i < lines.count, !lines[i].trimmingWhitespace.hasPrefix(fence) { body.append(lines[i]); i += 1 }
            i += 1
            let language = info.split(separator: " ").first.map { " data-lang=\"\(HTML.escape(String($0)))\"" } ?? ""
            out.append("<pre class=\"code\"\(language)><code>\(HTML.escape(body.joined(separator: "\n")))</code></pre>")
        }

        mutating func indented() {
            var body: [String] = []
            while i < lines.count, lines[i].hasPrefix("    ") || lines[i].hasPrefix("\t") || (lines[i].isEmpty && i + 1 < lines.count && lines[i + 1].hasPrefix("    ")) {
                let l = lines[i]
                body.append(l.hasPrefix("\t") ? String(l.dropFirst()) : String(l.dropFirst(min(4, l.count))))
                i += 1
            }
            out.append("<pre class=\"code\"><code>\(HTML.escape(body.joined(separator: "\n")))</code></pre>")
        }

        mutating func paragraph() {
            var text = [lines[i].trimmingWhitespace]
            i += 1
            while i < lines.count, !startsBlock(lines[i]) { text.append(lines[i].trimmingWhitespace); i += 1 }
            out.append("<p>\(MarkdownHTML.inline(text.joined(separator: "\n")))</p>")
        }

        mutating func quote() {
            var body: [String] = []
            while i < lines.count, lines[i].trimmingWhitespace.hasPrefix(">") {
                let t = lines[i].trimmingWhitespace.dropFirst()
                body.append(String(t.first == " " ? t.dropFirst() : t))
                i += 1
            }
            out.append("<blockquote>\n\(MarkdownHTML.render(body.joined(separator: "\n")))\n</blockquote>")
        }

        /// Items of one list; an item's further lines (indented, or running on) belong to it,
        /// and a more indented list inside it is rendered as a nested list.
        mutating func list() {
            guard let first = Blocks.listMarker(lines[i]) else { return }
            var items: [[String]] = []
            while i < lines.count {
                let line = lines[i]
                if let m = Blocks.listMarker(line), m.indent <= first.indent + 1, m.ordered == first.ordered {
                    items.append([String(line.dropFirst(m.indent + m.marker.count))])
                    i += 1
                    continue
                }
                if line.trimmingWhitespace.isEmpty {
                    // A blank line ends the list unless the next line is indented under the item.
                    if i + 1 < lines.count, lines[i + 1].hasPrefix(String(repeating: " ", count: first.indent + 2)) {
                        items[items.count - 1].append("")
                        i += 1
                        continue
                    }
                    break
                }
                let indent = line.prefix { $0 == " " }.count
                if indent > first.indent || !startsBlock(line) {
                    items[items.count - 1].append(String(line.dropFirst(min(indent, first.indent + first.marker.count))))
                    i += 1
                    continue
                }
                break
            }
            let tag = first.ordered ? "ol" : "ul"
            let start = first.ordered ? Int(first.marker.dropLast(2)).flatMap { $0 == 1 ? nil : " start=\"\($0)\"" } ?? "" : ""
            var html = "<\(tag)\(start)>"
            for item in items {
                let nested = item.dropFirst().contains { Blocks.listMarker($0) != nil || Blocks.fence($0) != nil || $0.isEmpty }
                if nested {
                    html += "<li>" + MarkdownHTML.render(item.joined(separator: "\n")) + "</li>"
                } else {
                    html += "<li>" + MarkdownHTML.inline(item.map(\.trimmingWhitespace).joined(separator: "\n")) + "</li>"
                }
            }
            out.append(html + "</\(tag)>")
        }

        /// A pipe table with a `|---|` line under its header; without one, the lines as they are.
        mutating func table() {
            var rows: [String] = []
            while i < lines.count, lines[i].trimmingWhitespace.hasPrefix("|") { rows.append(lines[i].trimmingWhitespace); i += 1 }
            guard rows.count >= 2, let aligns = Blocks.alignments(rows[1]) else {
                out.append("<pre class=\"code\"><code>\(HTML.escape(rows.joined(separator: "\n")))</code></pre>")
                return
            }
            func cells(_ row: String) -> [String] {
                var r = Substring(row)
                if r.hasPrefix("|") { r = r.dropFirst() }
                if r.hasSuffix("|") && !r.hasSuffix("\\|") { r = r.dropLast() }
                // A `\|` is a bar inside a cell.
                var cells: [String] = [], current = "", previous: Character = " "
                for c in r {
                    if c == "|" && previous != "\\" { cells.append(current); current = "" } else { current.append(c) }
                    previous = c
                }
                cells.append(current)
                return cells.map { $0.trimmingWhitespace.replacingAll("\\|", with: "|") }
            }
            func style(_ k: Int) -> String { k < aligns.count ? aligns[k].map { " style=\"text-align:\($0)\"" } ?? "" : "" }
            var html = "<table class=\"prose\"><thead><tr>"
            html += cells(rows[0]).enumerated().map { "<th\(style($0))>\(MarkdownHTML.inline($1))</th>" }.joined()
            html += "</tr></thead><tbody>"
            for row in rows.dropFirst(2) {
                html += "<tr>" + cells(row).enumerated().map { "<td\(style($0))>\(MarkdownHTML.inline($1))</td>" }.joined() + "</tr>"
            }
            out.append(html + "</tbody></table>")
        }

        /// `| :-- | :-: | --: |` → left, center, right (nil: as the browser likes); nil if not such a line.
        static func alignments(_ row: String) -> [String?]? {
            let parts = row.split(separator: "|").map { String($0).trimmingWhitespace }.filter { !$0.isEmpty }
            guard !parts.isEmpty, parts.allSatisfy({ p in p.contains("-") && p.allSatisfy { "-:".contains($0) } }) else { return nil }
            return parts.map { p in
                p.hasPrefix(":") && p.hasSuffix(":") ? "center" : p.hasSuffix(":") ? "right" : p.hasPrefix(":") ? "left" : nil
            }
        }
    }

    /// Inline Markdown, scanned once with the delimiters matched as it goes.
    struct Inline {
        let chars: [Character]
        init(_ chars: [Character]) { self.chars = chars }

        func render() -> String { render(0, chars.count) }

        func render(_ start: Int, _ end: Int) -> String {
            var out = ""
            var k = start
            while k < end {
                let c = chars[k]
                if c == "\\", k + 1 < end, chars[k + 1].isPunctuation || chars[k + 1].isSymbol {
                    out += HTML.escape(String(chars[k + 1])); k += 2; continue
                }
                if c == "`", let (html, next) = codeSpan(k, end) { out += html; k = next; continue }
                if c == "!", k + 1 < end, chars[k + 1] == "[", let (label, url, next) = link(k + 1, end) {
                    out += "<span class=\"image\">[image: \(render(label.lowerBound, label.upperBound))\(url.isEmpty ? "" : " — " + HTML.escape(url))]</span>"
                    k = next
                    continue
                }
                if c == "[", let (label, url, next) = link(k, end) {
                    let text = render(label.lowerBound, label.upperBound)
                    if Inline.isLocal(url) { out += "<a href=\"\(HTML.escape(url))\">\(text)</a>" } else {
                        // Another site: written out, so that printing keeps it and nothing is fetched.
                        out += text + " <span class=\"url\">(\(HTML.escape(url)))</span>"
                    }
                    k = next
                    continue
                }
                if c == "*" || c == "_", let (html, next) = emphasis(k, end) { out += html; k = next; continue }
                if c == "\n" { out += "\n"; k += 1; continue }
                out += HTML.escape(String(c))
                k += 1
            }
            return out
        }

        /// A link to a place in this page or beside it: no scheme (`https:`, `javascript:`…).
        static func isLocal(_ url: String) -> Bool {
            let beforeSlash = url.prefix { $0 != "/" && $0 != "#" && $0 != "?" }
            return !beforeSlash.contains(":") && !url.hasPrefix("//")
        }

        /// `` `code` `` (any number of backticks, matched by as many).
        func codeSpan(_ k: Int, _ end: Int) -> (String, Int)? {
            var n = 0
            while k + n < end, chars[k + n] == "`" { n += 1 }
            var j = k + n
            while j < end {
                if chars[j] == "`" {
                    var m = 0
                    while j + m < end, chars[j + m] == "`" { m += 1 }
                    if m == n {
                        var body = String(chars[(k + n)..<j])
                        if body.hasPrefix(" ") && body.hasSuffix(" ") && body.count > 1 { body = String(body.dropFirst().dropLast()) }
                        return ("<code>\(HTML.escape(body))</code>", j + m)
                    }
                    j += m
                } else { j += 1 }
            }
            return nil
        }

        /// `[label](url)`: the label's range, the url, and where the link ends.
        func link(_ k: Int, _ end: Int) -> (Range<Int>, String, Int)? {
            var depth = 0, j = k
            while j < end {
                if chars[j] == "[" { depth += 1 }
                if chars[j] == "]" { depth -= 1; if depth == 0 { break } }
                j += 1
            }
            guard j + 1 < end, chars[j + 1] == "(" else { return nil }
            guard let close = (j + 2..<end).first(where: { chars[$0] == ")" }) else { return nil }
            let url = String(chars[(j + 2)..<close]).trimmingWhitespace
            let target = url.split(separator: " ").first.map(String.init) ?? ""
            return ((k + 1)..<j, target, close + 1)
        }

        /// `**strong**`, `__strong__`, `*em*`, `_em_` (an `_` inside a word, as in `d_k`, is a letter).
        func emphasis(_ k: Int, _ end: Int) -> (String, Int)? {
            let c = chars[k]
            let double = k + 1 < end && chars[k + 1] == c
            let n = double ? 2 : 1
            guard k + n < end, !chars[k + n].isWhitespace else { return nil }
            if c == "_", k > 0, chars[k - 1].isLetter || chars[k - 1].isNumber { return nil }
            var j = k + n + 1
            while j + n <= end {
                if chars[j] == "`", let (_, next) = codeSpan(j, end) { j = next; continue }
                let matches = (0..<n).allSatisfy { chars[j + $0] == c } && (j + n >= end || chars[j + n] != c || n == 2)
                if matches, !chars[j - 1].isWhitespace {
                    if c == "_", j + n < end, chars[j + n].isLetter || chars[j + n].isNumber { j += 1; continue }
                    let tag = double ? "strong" : "em"
                    return ("<\(tag)>\(render(k + n, j))</\(tag)>", j + n)
                }
                j += 1
            }
            return nil
        }
    }
}

extension String {
    /// Without trailing whitespace (and a Windows line end's carriage return).
    var trimmingTrailing: String {
        var s = Substring(self)
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
