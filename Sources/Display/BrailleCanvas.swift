/// A grid of Braille characters used as a bitmap: each character holds 2×4 dots, so a
/// terminal cell gives four times the resolution of plain characters.
public struct BrailleCanvas: Sendable {
    /// Size in characters.
    public let columns: Int, rows: Int
    /// Size in dots.
    public var dotWidth: Int { columns * 2 }
    public var dotHeight: Int { rows * 4 }

    private var bits: [UInt8]
    /// The colour of the last series drawn into each character, if any.
    private var colours: [UInt8?]

    public init(columns: Int, rows: Int) {
        self.columns = max(1, columns)
        self.rows = max(1, rows)
        bits = [UInt8](repeating: 0, count: self.columns * self.rows)
        colours = [UInt8?](repeating: nil, count: self.columns * self.rows)
    }

    /// The bit of each dot within its character, indexed [y % 4][x % 2] (Unicode's Braille order).
    static let dotBits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    /// Lights the dot at (x, y), y counted down from the top; dots off the canvas are ignored.
    public mutating func set(_ x: Int, _ y: Int, colour: UInt8? = nil) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let i = (y / 4) * columns + x / 2
        bits[i] |= BrailleCanvas.dotBits[y % 4][x % 2]
        if let colour { colours[i] = colour }
    }

    /// Lights the dots of a straight line between two dots, ends included (Bresenham).
    public mutating func line(from a: (x: Int, y: Int), to b: (x: Int, y: Int), colour: UInt8? = nil) {
        var x = a.x, y = a.y
        let dx = abs(b.x - a.x), dy = -abs(b.y - a.y)
        let sx = a.x < b.x ? 1 : -1, sy = a.y < b.y ? 1 : -1
        var err = dx + dy
        while true {
            set(x, y, colour: colour)
            if x == b.x && y == b.y { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The canvas as text, one string per character row; blank cells are the empty
    /// Braille pattern so that columns stay aligned in every font.
    public func render(style: ANSI = .plain) -> [String] {
        (0..<rows).map { r in
            // Runs of one colour share one escape sequence.
            var line = "", run = "", runColour: UInt8? = nil
            for c in 0..<columns {
                let i = r * columns + c
                let colour = bits[i] == 0 ? nil : colours[i]
                if colour != runColour {
                    line += runColour.map { style.foreground(run, $0) } ?? run
                    (run, runColour) = ("", colour)
                }
                run.unicodeScalars.append(Unicode.Scalar(0x2800 + UInt32(bits[i]))!)
            }
            return line + (runColour.map { style.foreground(run, $0) } ?? run)
        }
    }
}
