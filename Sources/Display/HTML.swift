/// Escaping for HTML and SVG: every string that goes into a page passes through here,
/// so a token such as `<script>` or a label with quotes is shown, never interpreted.
public enum HTML {
    /// `s` safe as element text and inside a quoted attribute value: `&`, `<`, `>`, `"`
    /// and `'` become entities. Control characters other than tab and newline are
    /// dropped (they are not allowed in XML, so one would break an inline SVG).
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || (0x7F..<0xA0).contains(u.value) || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }
}

/// The RGB values of the xterm 256-colour palette, so that pages use exactly the
/// colours the terminal shows.
public enum XtermColour {
    /// `#rrggbb` for colour `index`.
    public static func hex(_ index: UInt8) -> String {
        let (r, g, b) = rgb(index)
        return "#" + [r, g, b].map { v in
            let digits = Array("0123456789abcdef")
            return String([digits[Int(v) / 16], digits[Int(v) % 16]])
        }.joined()
    }

    /// The red, green and blue components of colour `index`.
    public static func rgb(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(index)
        switch i {
        case 0..<16: return system[i]
        case 16..<232:
            // The 6×6×6 cube: each axis steps 0, 95, 135, 175, 215, 255.
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            let k = i - 16
            return (levels[k / 36], levels[(k / 6) % 6], levels[k % 6])
        default:
            // 24 greys from 8 to 238.
            let v = UInt8(8 + 10 * (i - 232))
            return (v, v, v)
        }
    }

    /// xterm's defaults for the 16 system colours.
    static let system: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}

/// Small pieces shared by the SVG writers.
enum SVG {
    /// A coordinate with at most one decimal, without a trailing `.0`: the same input
    /// always gives the same text, so pictures can be compared byte for byte.
    static func number(_ v: Double) -> String {
        let tenths = (v * 10).rounded()
        guard tenths.isFinite, abs(tenths) < 1e12 else { return "0" }
        let n = Int(tenths)
        let sign = n < 0 ? "-" : ""
        let whole = abs(n) / 10, fraction = abs(n) % 10
        return sign + String(whole) + (fraction == 0 ? "" : "." + String(fraction))
    }

    /// Pixels taken by `text` in the pictures' monospace font (11 px: a column is 6.6 px wide;
    /// wide characters take two columns, as on a terminal).
    static func textWidth(_ text: String) -> Double { Double(ANSI.width(text)) * charWidth }

    static let charWidth = 6.6
    static let font = "font-family=\"ui-monospace, 'DejaVu Sans Mono', Menlo, Consolas, monospace\" font-size=\"11\""

    /// The opening tag of a picture `width`×`height` pixels, with its accessible name.
    /// A `standalone` file needs the SVG namespace; inside an HTML page it is implied.
    static func open(width: Double, height: Double, label: String, className: String, standalone: Bool) -> String {
        "<svg " + (standalone ? "xmlns=\"http://www.w3.org/2000/svg\" " : "") + "class=\"\(className)\" width=\"\(number(width))\" height=\"\(number(height))\" "
            + "viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-label=\"\(HTML.escape(label))\" \(font)>"
            + "<title>\(HTML.escape(label))</title>"
    }
}

/// A picture's place kept on a page when its content may not be shown (a student's
/// page holds back anything that gives an answer away): a framed note of the same kind
/// of picture, so the reader sees that something is drawn here.
public enum SVGPlaceholder {
    public static func render(_ note: String, label: String, standalone: Bool = false) -> String {
        let width = max(320, SVG.textWidth(note) + 32)
        return SVG.open(width: width.rounded(.up), height: 56, label: label + " — held back", className: "placeholder", standalone: standalone)
            + "\n<rect x=\"1\" y=\"1\" width=\"\(SVG.number(width.rounded(.up) - 2))\" height=\"54\" fill=\"#fff7dc\" stroke=\"#c9a227\" stroke-dasharray=\"5 4\"/>"
            + "\n<text class=\"note\" x=\"16\" y=\"32\" fill=\"#7a5d00\">\(HTML.escape(note))</text>\n</svg>"
    }
}
