/// ANSI styling that can be switched off as a whole: every helper returns its text
/// unchanged when colour is disabled, so callers never branch on it.
public struct ANSI: Sendable, Equatable {
    /// Whether escape codes are written at all.
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// No escape codes: for pipes, files, `NO_COLOR` and `--color never`.
    public static let plain = ANSI(enabled: false)

    public static let reset = "\u{1B}[0m"

    /// `text` wrapped in the SGR parameters `codes` (e.g. "1" bold, "38;5;42" a 256-colour foreground).
    public func wrap(_ text: String, _ codes: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(codes)m\(text)\(ANSI.reset)" : text
    }

    public func bold(_ s: String) -> String { wrap(s, "1") }
    public func dim(_ s: String) -> String { wrap(s, "2") }
    public func red(_ s: String) -> String { wrap(s, "31") }
    public func green(_ s: String) -> String { wrap(s, "32") }
    public func yellow(_ s: String) -> String { wrap(s, "33") }
    public func cyan(_ s: String) -> String { wrap(s, "36") }

    /// A 256-colour foreground.
    public func foreground(_ s: String, _ colour: UInt8) -> String { wrap(s, "38;5;\(colour)") }

    /// A 256-colour background with a 256-colour foreground for the text on it.
    public func cell(_ s: String, background: UInt8, foreground: UInt8) -> String {
        wrap(s, "38;5;\(foreground);48;5;\(background)")
    }

    /// `s` with every control character written visibly (`\x1b`, `\x07`, `\x9b`), so that
    /// text from a learner, a label or a lesson can never move the cursor, retitle the
    /// window, set the clipboard or hide what follows. With `keepingLines`, newlines and
    /// tabs stay (prose); otherwise they are escaped too (`\n`), which keeps a label on its row.
    public static func visible(_ s: String, keepingLines: Bool = false) -> String {
        guard s.unicodeScalars.contains(where: { isControl($0, keepingLines: keepingLines) }) else { return s }
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            guard isControl(u, keepingLines: keepingLines) else { out.append(u); continue }
            let hex = String(u.value, radix: 16)
            out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
        }
        return String(out)
    }

    /// C0 and C1 controls and DEL: the bytes that start or carry terminal commands.
    static func isControl(_ u: Unicode.Scalar, keepingLines: Bool) -> Bool {
        let v = u.value
        if keepingLines, u == "\n" || u == "\t" { return false }
        return v < 0x20 || (v >= 0x7F && v < 0xA0)
    }

    /// What is about to be written to the terminal, made safe: the escape sequences this
    /// program writes itself (SGR: `ESC [ 0/1/2/4/31/32/33/36/38;5;n/48;5;n m`) pass,
    /// every other control character is written visibly. The last line of defence; text
    /// from outside is also escaped where it is shown (``visible(_:keepingLines:)``).
    public static func sanitize(_ s: String) -> String {
        guard s.unicodeScalars.contains(where: { isControl($0, keepingLines: true) }) else { return s }
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let u = scalars[i]
            if u == "\u{1B}", let end = ownColourEnd(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            if isControl(u, keepingLines: true) {
                let hex = String(u.value, radix: 16)
                out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
            } else {
                out.append(u)
            }
            i += 1
        }
        return String(out)
    }

    /// The index of the `m` ending a colour sequence of ours that starts at `start`, if it is one.
    static func ownColourEnd(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < scalars.count, scalars[start + 1] == "[" else { return nil }
        var j = start + 2
        var parameters = ""
        while j < scalars.count, j - start < 40, scalars[j] == ";" || ("0"..."9").contains(scalars[j]) {
            parameters.unicodeScalars.append(scalars[j])
            j += 1
        }
        guard j < scalars.count, scalars[j] == "m" else { return nil }
        let parts = parameters.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 1, ["0", "1", "2", "4", "31", "32", "33", "36"].contains(parts[0]) { return j }
        // 38;5;n (foreground) optionally followed by 48;5;n (background).
        func colour(_ k: Int, _ lead: String) -> Bool {
            k + 2 < parts.count && parts[k] == lead && parts[k + 1] == "5" && (UInt8(parts[k + 2]) != nil)
        }
        if parts.count == 3, colour(0, "38") { return j }
        if parts.count == 6, colour(0, "38"), colour(3, "48") { return j }
        return nil
    }

    /// The columns `s` takes on a terminal: escape sequences take none, combining marks
    /// and zero-width characters take none, East Asian wide characters take two.
    public static func width(_ s: String) -> Int {
        var columns = 0
        var inEscape = false
        for u in s.unicodeScalars {
            if inEscape {
                // A CSI sequence ends with a byte in @…~; the '[' right after ESC does not end it.
                if u.value >= 0x40 && u.value <= 0x7E && u != "[" { inEscape = false }
                continue
            }
            if u == "\u{1B}" { inEscape = true; continue }
            columns += scalarWidth(u)
        }
        return columns
    }

    static func scalarWidth(_ u: Unicode.Scalar) -> Int {
        let v = u.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        switch u.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        // The common wide ranges: Hangul Jamo, CJK, Hangul syllables, compatibility forms, fullwidth forms, emoji.
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v) || (0x1F900...0x1F9FF).contains(v)
            || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// `s` cut to at most `columns` terminal columns, ending in `…` when cut. Plain text only.
    public static func truncate(_ s: String, _ columns: Int) -> String {
        guard width(s) > columns else { return s }
        guard columns > 0 else { return "" }
        var out = "", used = 0
        for ch in s {
            let w = width(String(ch))
            if used + w > columns - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// `s` padded with spaces on the left to `columns` (right-aligned).
    public static func padLeft(_ s: String, _ columns: Int) -> String {
        String(repeating: " ", count: max(0, columns - width(s))) + s
    }

    /// `s` padded with spaces on the right to `columns` (left-aligned).
    public static func padRight(_ s: String, _ columns: Int) -> String {
        s + String(repeating: " ", count: max(0, columns - width(s)))
    }

    /// `s` centred in `columns`, the extra space going to the right.
    public static func center(_ s: String, _ columns: Int) -> String {
        let spare = max(0, columns - width(s))
        return String(repeating: " ", count: spare / 2) + s + String(repeating: " ", count: spare - spare / 2)
    }
}
