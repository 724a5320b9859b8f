/// A lesson file's text as the parser reads it: line endings made `\n` (a file saved
/// with CRLF reads like any other) and every other control character written visibly as
/// `\x1b`, so that nothing in a lesson — title, prose, hint, code — can send a terminal
/// command when it is shown. Tabs stay.
public enum LessonText {
    public static func normalized(_ text: String) -> String {
        // Fast path: most files are plain LF text.
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 }) else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let u = scalars[i], v = u.value
            i += 1
            if u == "\r" {
                // CRLF and a lone CR both end a line.
                if i < scalars.count, scalars[i] == "\n" { i += 1 }
                out.append("\n")
            } else if u == "\n" || u == "\t" || !(v < 0x20 || (v >= 0x7F && v < 0xA0)) {
                out.append(u)
            } else {
                let hex = String(v, radix: 16)
                out.append(contentsOf: ("\\x" + (hex.count < 2 ? "0" : "") + hex).unicodeScalars)
            }
        }
        return String(out)
    }
}
