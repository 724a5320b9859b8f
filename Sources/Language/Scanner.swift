/// Turns source text into tokens. Newlines inside brackets are spaces, so an
/// expression may run over several lines while a bracket is open.
public struct Scanner {
    private let chars: [Character]
    private var i = 0
    private var depth = 0
    /// Numbers scanned since the outermost bracket opened (a literal's element count).
    private var numbersInBrackets = 0

    /// Longer inputs are refused before they are scanned: every character costs 16 bytes
    /// here and a token more, so a 100 MB paste would take gigabytes.
    public static let maxSourceBytes = 8 << 20
    /// A literal (or any bracketed input) with more numbers than this is refused while it is
    /// scanned, before the rest of the line is tokenised. Bigger tensors come from
    /// `zeros`, `ones`, `arange` or `randn`.
    public static let maxLiteralNumbers = 1_000_000

    public init(_ source: String) { chars = Array(source) }

    /// All tokens, ending with `.end`.
    public static func scan(_ source: String) throws(LanguageError) -> [Token] {
        let bytes = source.utf8.count
        guard bytes <= maxSourceBytes else {
            throw LanguageError(.limit, "this input is \(bytes / 1_000_000) MB long; one input may be at most \(maxSourceBytes >> 20) MB",
                                suggestion: "make big tensors with zeros, ones, arange or randn rather than typing them")
        }
        var s = Scanner(source)
        var tokens: [Token] = []
        while true {
            let t = try s.next()
            tokens.append(t)
            if t.kind == .end { return tokens }
        }
    }

    /// The brackets still open at the end of `source`, innermost last, with their
    /// offsets — how the REPL knows to read another line.
    public static func openBrackets(_ source: String) -> [(Character, Int)] {
        openBrackets(source, after: [], at: 0)
    }

    /// ``openBrackets(_:)`` of `text` following lines whose open brackets were `stack`,
    /// `text` starting at offset `start`: what a line adds to the input before it.
    public static func openBrackets(_ text: String, after stack: [(Character, Int)], at start: Int) -> [(Character, Int)] {
        var stack = stack
        var quote: Character?
        var inComment = false
        for (k, c) in text.enumerated() {
            let offset = start + k
            if Scanner.isLineBreak(c) {
                // Strings and comments both end with their line (the scanner agrees).
                quote = nil
                inComment = false
                continue
            }
            if inComment { continue }
            if let q = quote { if c == q { quote = nil }; continue }
            switch c {
            case "\"", "'": quote = c
            case "(", "[": stack.append((c, offset))
            case ")", "]": if !stack.isEmpty { stack.removeLast() }
            case "#": inComment = true
            default: continue
            }
        }
        return stack
    }

    static let twoCharSymbols: Set<String> = ["**", "==", "!=", "<=", ">="]
    static let oneCharSymbols: Set<Character> = ["+", "-", "*", "/", "@", "(", ")", "[", "]", ",", ":", ";", "=", "<", ">", ".", "ᵀ", "√", "&", "|", "~"]

    mutating func next() throws(LanguageError) -> Token {
        while i < chars.count {
            let c = chars[i]
            if c == "#" {
                while i < chars.count, !Scanner.isLineBreak(chars[i]) { i += 1 }
            } else if Scanner.isLineBreak(c) {
                if depth == 0 { i += 1; return Token(kind: .newline, span: SourceSpan(i - 1, i)) }
                i += 1
            } else if c.isWhitespace {
                i += 1
            } else {
                break
            }
        }
        guard i < chars.count else { return Token(kind: .end, span: SourceSpan(chars.count, chars.count)) }
        let start = i
        let c = chars[i]

        if c.isNumber && c.isASCII || (c == "." && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
            if depth > 0 {
                numbersInBrackets += 1
                if numbersInBrackets > Scanner.maxLiteralNumbers {
                    throw LanguageError(.limit, "this literal has more than \(Scanner.maxLiteralNumbers) numbers, too many to type",
                                        SourceSpan(start, start + 1),
                                        suggestion: "make big tensors with zeros, ones, arange or randn")
                }
            }
            return try number(start)
        }
        if c == "\"" || c == "'" {
            i += 1
            var text = ""
            while i < chars.count, chars[i] != c, !Scanner.isLineBreak(chars[i]) { text.append(chars[i]); i += 1 }
            guard i < chars.count, chars[i] == c else {
                throw LanguageError(.syntax, "this string is never closed: add \(c) at its end", SourceSpan(start, start + 1))
            }
            i += 1
            return Token(kind: .string(text), span: SourceSpan(start, i))
        }
        if Scanner.isNameStart(c) {
            var text = ""
            while i < chars.count, Scanner.isNameChar(chars[i]) { text.append(chars[i]); i += 1 }
            return Token(kind: .name(text), span: SourceSpan(start, i))
        }
        if i + 1 < chars.count, Scanner.twoCharSymbols.contains(String([c, chars[i + 1]])) {
            i += 2
            return Token(kind: .symbol(String([c, chars[i - 1]])), span: SourceSpan(start, i))
        }
        if c == "·" || c == "⋅" {
            i += 1
            return Token(kind: .symbol("@"), span: SourceSpan(start, i))
        }
        if c == "×" {
            i += 1
            return Token(kind: .symbol("*"), span: SourceSpan(start, i))
        }
        if c == "−" {
            // The minus sign of typeset papers (U+2212), pasted from a PDF.
            i += 1
            return Token(kind: .symbol("-"), span: SourceSpan(start, i))
        }
        if c == "/", i + 1 < chars.count, chars[i + 1] == "/" {
            throw LanguageError(.syntax, "there is no // (floor division) here", SourceSpan(start, start + 2),
                                suggestion: "divide with a single /")
        }
        if Scanner.oneCharSymbols.contains(c) {
            i += 1
            if c == "(" || c == "[" { depth += 1 }
            if c == ")" || c == "]" { depth = max(0, depth - 1); if depth == 0 { numbersInBrackets = 0 } }
            return Token(kind: .symbol(String(c)), span: SourceSpan(start, i))
        }
        throw LanguageError(.syntax, "unexpected character \(Scanner.show(c))\(Scanner.hint(for: c))", SourceSpan(start, start + 1))
    }

    /// A character as a message shows it: quoted, or by code point when it would be invisible.
    static func show(_ c: Character) -> String {
        let visible = c.unicodeScalars.allSatisfy { s in
            switch s.properties.generalCategory {
            case .control, .format, .spaceSeparator, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate,
                 .nonspacingMark, .enclosingMark:
                return false
            default:
                return true
            }
        }
        if visible { return "'\(c)'" }
        let codes = c.unicodeScalars.map { scalar -> String in
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return codes.joined(separator: " ") + " (an invisible character; retype the line)"
    }

    /// What a learner probably meant by a character the language lacks.
    static func hint(for c: Character) -> String {
        switch c {
        case "^": return " (for powers write **)"
        case "{", "}": return " (tensors are written with square brackets: [[1, 2], [3, 4]])"
        case "%": return " (there is no % operator)"
        case "!": return " (for 'not equal' write !=)"
        case "“", "”", "‘", "’", "«", "»": return " (typographic quotes: write strings with plain \" quotes)"
        case "²", "³", "¹": return " (for powers write **, e.g. x ** 2)"
        case "÷": return " (for division write /)"
        case "…": return " (write : for a whole axis, e.g. A[:, 0])"
        case "`": return " (backquotes only mark code in messages; leave them out)"
        case "?": return " (there is no ?: here; where(condition, x, y) chooses elementwise)"
        case "$": return " (names are plain words, without $)"
        default: return ""
        }
    }

    mutating func number(_ start: Int) throws(LanguageError) -> Token {
        var text = ""
        func digits() { while i < chars.count, chars[i].isASCII, chars[i].isNumber || chars[i] == "_" { if chars[i] != "_" { text.append(chars[i]) }; i += 1 } }
        digits()
        if i < chars.count, chars[i] == ".", !(i + 1 < chars.count && (chars[i + 1] == "T" || chars[i + 1] == "s")) {
            text.append("."); i += 1
            digits()
        }
        if i < chars.count, chars[i] == "e" || chars[i] == "E" {
            var j = i + 1
            if j < chars.count, chars[j] == "+" || chars[j] == "-" { j += 1 }
            if j < chars.count, chars[j].isASCII, chars[j].isNumber {
                text.append("e")
                if chars[i + 1] == "-" { text.append("-") }
                i = j
                digits()
            }
        }
        guard let value = Double(text) else {
            throw LanguageError(.syntax, "'\(text)' is not a number", SourceSpan(start, i))
        }
        if i < chars.count, Scanner.isNameStart(chars[i]) {
            throw LanguageError(.syntax, "a name cannot start with a digit; put an operator between the number and the name (2 * x, not 2x)", SourceSpan(start, i + 1))
        }
        return Token(kind: .number(value), span: SourceSpan(start, i))
    }

    /// The end of a line: `\n`, or `\r\n` (one `Character` in Swift).
    static func isLineBreak(_ c: Character) -> Bool { c == "\n" || c == "\r\n" }

    static func isNameStart(_ c: Character) -> Bool {
        c == "_" || (c.isLetter && c != "ᵀ" && c != "√")
    }

    static func isNameChar(_ c: Character) -> Bool {
        // Subscript digits let learners write d₀ or W₁, as papers do.
        isNameStart(c) || (c.isASCII && c.isNumber) || "₀₁₂₃₄₅₆₇₈₉".contains(c)
    }
}
