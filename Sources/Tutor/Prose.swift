import Display

/// Lesson prose for the terminal: paragraphs and list items wrapped to the terminal,
/// inline Markdown (`**strong**`, `*em*`, `` `code` ``, `[text](url)`) rendered, and code
/// shown exactly as it is typed: an indented or fenced code block keeps its lines.
enum Prose {
    static func render(_ text: String, style: ANSI, width: Int?) -> String {
        let limit = Prose.limit(width)
        var out: [String] = []
        // A paragraph or list item: its marker (`- `, `1. `, indentation) and its text so far.
        var paragraph: (marker: String, text: String)?
        func flush() {
            guard let p = paragraph else { return }
            let hang = String(repeating: " ", count: p.marker.count)
            out += wrap(inline(p.text, style), first: p.marker, rest: hang, limit: limit)
            paragraph = nil
        }
        var inFence = false, inCode = false, previousBlank = true
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let blank = line.allSatisfy(\.isWhitespace)
            defer { previousBlank = blank }
            if line.hasPrefix("```") { flush(); inFence.toggle(); continue }
            if inFence { out.append("    " + style.cyan(line)); continue }
            // An indented code block (four spaces after a blank line, and the lines after it):
            // each line as typed, never joined to the next.
            if line.hasPrefix("    "), previousBlank || inCode {
                flush()
                inCode = true
                out.append("    " + style.cyan(String(line.dropFirst(4))))
                continue
            }
            if !blank { inCode = false }
            if blank { flush(); out.append(""); continue }
            if line.hasPrefix("#") { flush(); out.append(style.bold(String(line.drop { $0 == "#" || $0 == " " }))); continue }
            if line.hasPrefix("|") { flush(); out.append(inline(line, style)); continue }
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

    /// Words filled into lines of at most `limit` columns (styled words count by what they show).
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

    /// Inline Markdown rendered: `**strong**` bold, `*em*` underlined, `` `code` `` cyan,
    /// `[text](url)` as the text (with the address when it leads off the lessons). Each
    /// word is styled on its own, so a wrapped line never carries a style into the margin.
    /// Without colour, emphasis markers go and code keeps its backticks.
    static func inline(_ text: String, _ style: ANSI) -> String {
        var out = ""
        var chars = Substring(text)
        var previous: Character = " "
        func styled(_ s: Substring, _ apply: (String) -> String) -> String {
            s.split(separator: " ", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : apply(String($0)) }.joined(separator: " ")
        }
        while let c = chars.first {
            if c == "`", let end = chars.dropFirst().firstIndex(of: "`") {
                let code = chars[chars.index(after: chars.startIndex)..<end]
                out += style.enabled ? styled(code, style.cyan) : "`" + code + "`"
                chars = chars[chars.index(after: end)...]
                previous = "`"
                continue
            }
            if chars.hasPrefix("**"), let end = chars.dropFirst(2).firstRange(of: "**"), end.lowerBound > chars.index(chars.startIndex, offsetBy: 2) {
                let inner = chars[chars.index(chars.startIndex, offsetBy: 2)..<end.lowerBound]
                out += styled(Substring(inline(String(inner), style)), style.bold)
                chars = chars[end.upperBound...]
                previous = "*"
                continue
            }
            if c == "*", !previous.isLetter, !previous.isNumber, let next = chars.dropFirst().first, !next.isWhitespace, next != "*",
               let end = emphasisEnd(chars.dropFirst()) {
                let inner = chars[chars.index(after: chars.startIndex)..<end]
                out += styled(inner) { style.wrap($0, "4") }
                chars = chars[chars.index(after: end)...]
                previous = "*"
                continue
            }
            if c == "[", let close = chars.firstIndex(of: "]"), chars[close...].dropFirst().first == "(",
               let paren = chars[close...].firstIndex(of: ")") {
                let label = chars[chars.index(after: chars.startIndex)..<close]
                let url = chars[chars.index(close, offsetBy: 2)..<paren]
                out += inline(String(label), style)
                if url.contains("://") { out += " " + style.dim("(\(url))") }
                chars = chars[chars.index(after: paren)...]
                previous = ")"
                continue
            }
            out.append(c)
            previous = c
            chars = chars.dropFirst()
        }
        return out
    }

    /// The closing `*` of an emphasis: not after a space, not followed by a letter.
    static func emphasisEnd(_ s: Substring) -> Substring.Index? {
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "*", i > s.startIndex, !s[s.index(before: i)].isWhitespace {
                let after = s.index(after: i)
                if after == s.endIndex || !(s[after].isLetter || s[after].isNumber) { return i }
            }
            i = s.index(after: i)
        }
        return nil
    }
}
