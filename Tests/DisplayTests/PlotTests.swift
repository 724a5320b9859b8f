import Display
import Foundation
import Tensors
import Testing

/// Braille plots: exact text for a small curve, and the positional-encoding waves read
/// back dot by dot to prove that each strip really draws its column.
@Suite struct PlotTests {
    @Test func aSmallCurveExactly() throws {
        var plot = Plot(style: .plain, width: 20)
        plot.height = 3
        let text = try plot.render(Tensor(shape: [5], data: [0, 1, 0, -1, 0]))
        // 16 characters = 32 dots across, 12 dots down; the points sit at x = 0, 8, 16, 23, 31
        // and y = 6, 0, 6, 11, 6 (row 1 holds the zero line), joined by straight lines.
        #expect(text == """
             1┤⠀⠀⡠⠒⠑⠤⡀⠀⠀⠀⠀⠀⠀⠀⠀⠀
             0┤⠔⠉⠀⠀⠀⠀⠈⠒⢄⡀⠀⠀⠀⠀⢀⡠
            -1┤⠀⠀⠀⠀⠀⠀⠀⠀⠀⠈⠢⢄⠤⠊⠁⠀
              └────────────────
               0       2      4
            """)
    }

    @Test func colourWrapsRunsOfDots() throws {
        var plot = Plot(style: ANSI(enabled: true), width: 20)
        plot.height = 1
        let lines = try plot.render(Tensor(shape: [2], data: [1, 1])).split(separator: "\n").map(String.init)
        // A constant is drawn across the middle of the canvas (dot row 2 of 4), labelled with
        // its value, in the first curve colour with one escape sequence for the whole run.
        #expect(lines[0] == "1┤\u{1B}[38;5;39m" + String(repeating: "⠤", count: 17) + "\u{1B}[0m")
    }

    @Test func positionalEncodingCurvesAreDrawnWhereTheyBelong() throws {
        // posenc(50, 16), computed here: column 2i = sin(pos / 10000^(2i/16)), 2i+1 its cosine.
        let n = 50, d = 16
        var data = [Double](repeating: 0, count: n * d)
        for pos in 0..<n {
            for i in 0..<(d / 2) {
                let angle = Double(pos) / pow(10000, Double(2 * i) / Double(d))
                data[pos * d + 2 * i] = sin(angle)
                data[pos * d + 2 * i + 1] = cos(angle)
            }
        }
        let p = Tensor(shape: [n, d], data: data, labels: [(0..<n).map { "pos \($0)" }, nil])
        let lines = try Plot(style: .plain, width: 80).render(p).split(separator: "\n").map(String.init)
        #expect(lines[0] == "16 columns as curves over 50 rows (--rows plots the rows)")
        let low = data.min()!, high = data.max()!
        let strips = Array(lines.dropFirst(2).prefix(2 * d))
        #expect(strips.count == 2 * d)
        for column in 0..<d {
            let rows = [strips[2 * column], strips[2 * column + 1]]
            #expect(rows[0].hasPrefix(String(repeating: " ", count: 6 - "col \(column)".count) + "col \(column)│"))
            let dots = decode(rows.map { String($0.split(separator: "│", maxSplits: 1)[1]) })
            let width = dots.width, height = 8
            func dotY(_ v: Double) -> Double { (high - v) / (high - low) * Double(height - 1) }
            // Every position's value is lit where it should be…
            for pos in 0..<n {
                let x = Int((Double(pos) * Double(width - 1) / Double(n - 1)).rounded())
                let y = Int(dotY(data[pos * d + column]).rounded())
                #expect(dots.lit.contains([x, y]), "column \(column), position \(pos): no dot at (\(x), \(y))")
            }
            // …and every lit dot lies on the line between two neighbouring positions.
            for dot in dots.lit {
                let t = Double(dot[0]) * Double(n - 1) / Double(width - 1)
                let a = min(n - 2, Int(t)), f = t - Double(a)
                let v = data[a * d + column] * (1 - f) + data[(a + 1) * d + column] * f
                let ya = dotY(data[a * d + column]), yb = dotY(data[(a + 1) * d + column])
                let near = abs(Double(dot[1]) - dotY(v)) <= 1.5
                    || (Double(dot[1]) >= min(ya, yb) - 1 && Double(dot[1]) <= max(ya, yb) + 1)
                #expect(near, "column \(column): stray dot at \(dot)")
            }
        }
        // The fast first column crosses zero about every π positions; the last is flat near 1.
        #expect(lines[2 + 2 * d].hasPrefix("      └"))
        #expect(lines[3 + 2 * d] == "       pos 0" + String(repeating: " ", count: 27) + "pos 24" + String(repeating: " ", count: 28) + "pos 49")
    }

    @Test func whatCannotBePlotted() {
        #expect(throws: Plot.Failure.self) { try Plot().render(Tensor(3)) }
        #expect(throws: Plot.Failure.self) { try Plot().render(Tensor(shape: [2, 2, 2], data: [Double](repeating: 0, count: 8))) }
        #expect(throws: Plot.Failure.self) { try Plot().render(Tensor(shape: [2], data: [.nan, .infinity])) }
        #expect(throws: Plot.Failure.self) { try Plot().render(Tensor(shape: [0], data: [])) }
    }

    @Test func rowsAsCurvesAndOverlays() throws {
        let t = Tensor(shape: [2, 3], data: [0, 1, 2, 2, 1, 0], labels: [["the", "cat"], nil])
        let overlay = try Plot(style: ANSI(enabled: true), width: 30).render(t, byRows: true)
        #expect(overlay.hasPrefix("2 rows as curves over 3 columns"))
        // Two curves in colour share one canvas, named in a legend.
        #expect(overlay.hasSuffix("\u{1B}[38;5;39m⣿\u{1B}[0m the  \u{1B}[38;5;208m⣿\u{1B}[0m cat"))
        let strips = try Plot(style: .plain, width: 30).render(t, byRows: true)
        #expect(strips.contains("the│") && strips.contains("cat│"))
    }

    /// The lit dots of Braille rows, as [x, y] pairs, and the width in dots.
    func decode(_ rows: [String]) -> (lit: Set<[Int]>, width: Int) {
        let bits: [(dx: Int, dy: Int, bit: UInt32)] = [(0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08),
                                                       (1, 1, 0x10), (1, 2, 0x20), (0, 3, 0x40), (1, 3, 0x80)]
        var lit = Set<[Int]>()
        var width = 0
        for (r, row) in rows.enumerated() {
            let scalars = Array(row.unicodeScalars)
            width = max(width, scalars.count * 2)
            for (c, u) in scalars.enumerated() {
                let v = u.value - 0x2800
                for b in bits where v & b.bit != 0 { lit.insert([c * 2 + b.dx, r * 4 + b.dy]) }
            }
        }
        return (lit, width)
    }
}
