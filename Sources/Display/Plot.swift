import Tensors

/// Line plots in Braille characters: a vector as one curve, a matrix as one curve per
/// column (or per row), e.g. the sine and cosine waves of positional encodings.
public struct Plot: Sendable {
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) { self.name = name; self.values = values }
    }

    /// How several curves share the screen.
    public enum Arrangement: Sendable, Equatable {
        /// One canvas for a few curves told apart by colour, small multiples otherwise.
        case auto
        /// All curves on one canvas.
        case overlay
        /// One short strip per curve, all on the same vertical scale, so that a flat curve looks flat.
        case strips
    }

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public var style: ANSI
    /// Terminal columns available for the whole plot.
    public var width: Int
    /// Character rows of a single canvas.
    public var height = 10
    /// Character rows of each strip; nil: 3 for up to 6 curves, else 2 (16 curves still fit a screen).
    public var stripHeight: Int?
    /// At most this many curves are drawn; the rest are named in a note.
    public var maxSeries = 24

    /// Curve colours, distinct on dark and light backgrounds.
    public static let colours: [UInt8] = [39, 208, 76, 170, 220, 203]

    public init(style: ANSI = .plain, width: Int = 80) {
        self.style = style
        self.width = width
    }

    /// The plot of a vector or matrix: the columns as curves over the rows, or with
    /// `byRows` the rows as curves over the columns.
    public func render(_ t: Tensor, byRows: Bool = false, arrangement: Arrangement = .auto) throws(Failure) -> String {
        // Labels (curve names, x-axis names) are the learner's text: control characters are escaped.
        var t = t
        if t.hasLabels { t.labels = t.labels.map { $0?.map { ANSI.visible($0) } } }
        let curves = try Plot.curves(t, byRows: byRows, limit: maxSeries)
        var series = curves.series
        let xLabels = curves.xLabels
        var lines = curves.note.map { [$0] } ?? []
        let total = curves.total
        if total > maxSeries { series = Array(series.prefix(maxSeries)) }
        let useOverlay: Bool
        switch arrangement {
        case .overlay: useOverlay = true
        case .strips: useOverlay = series.count == 1
        case .auto: useOverlay = series.count == 1 || (style.enabled && series.count <= 4)
        }
        lines += useOverlay ? overlay(series, xLabels: xLabels) : strips(series, xLabels: xLabels)
        if total > series.count {
            lines.append("(the first \(series.count) of \(total) curves; slice to see others, e.g. X[:, \(series.count):])")
        }
        return lines.joined(separator: "\n")
    }

    /// The curves of a vector (one) or a matrix (one per column, or per row with `byRows`),
    /// at most `limit` of them, the names of the points along the x axis, a line saying
    /// which way it was cut, and how many curves there are in all. Shared with the page's
    /// ``SVGPlot``, so both draw the same curves.
    public static func curves(_ t: Tensor, byRows: Bool, limit: Int)
        throws(Failure) -> (series: [Series], xLabels: [String]?, note: String?, total: Int) {
        guard t.count > 0 else { throw Failure(description: "nothing to plot: the tensor is empty") }
        guard t.data.contains(where: \.isFinite) else { throw Failure(description: "nothing to plot: every value is inf or nan") }
        switch t.rank {
        case 0:
            throw Failure(description: "a single number has no curve to plot")
        case 1:
            return ([Series(name: "", values: t.data)], t.labels[0], nil, 1)
        case 2:
            let (r, c) = (t.shape[0], t.shape[1])
            // Only the curves that will be drawn are built: a 1×5000000 matrix has 5M rows of one point.
            if byRows {
                let series = (0..<min(r, limit)).map { i in Series(name: t.labels[0]?[i] ?? "row \(i)", values: Array(t.data[(i * c)..<((i + 1) * c)])) }
                return (series, t.labels[1], "\(r) row\(r == 1 ? "" : "s") as curves over \(c) columns", r)
            }
            let series = (0..<min(c, limit)).map { j in Series(name: t.labels[1]?[j] ?? "col \(j)", values: (0..<r).map { t.data[$0 * c + j] }) }
            return (series, t.labels[0], "\(c) column\(c == 1 ? "" : "s") as curves over \(r) rows (--rows plots the rows)", c)
        default:
            throw Failure(description: "plot takes a vector or a matrix, not a \(Shape.text(t.shape)) tensor; pick a matrix, e.g. X[0]")
        }
    }

    /// The range of all finite values.
    func range(_ series: [Series]) -> (low: Double, high: Double) {
        var low = Double.infinity, high = -Double.infinity
        for s in series { for v in s.values where v.isFinite { low = min(low, v); high = max(high, v) } }
        return (low, high)
    }

    /// The dot row of a value on a canvas `dots` high (0 at the top).
    func dotY(_ v: Double, _ low: Double, _ high: Double, _ dots: Int) -> Int {
        guard high > low else { return dots / 2 }
        // In halves, so that a range such as -1e308…1e308 does not overflow to inf (and
        // Int(nan) trap); the clamp keeps a rounding slip on the canvas.
        let position = (high / 2 - v / 2) / (high / 2 - low / 2) * Double(dots - 1)
        guard position.isFinite else { return dots / 2 }
        return Swift.max(0, Swift.min(dots - 1, Int(position.rounded())))
    }

    /// The dot column of point `i` of `n` on a canvas `dots` wide.
    func dotX(_ i: Int, _ n: Int, _ dots: Int) -> Int {
        n <= 1 ? 0 : Int((Double(i) * Double(dots - 1) / Double(n - 1)).rounded())
    }

    /// Draws one curve, joining neighbouring finite points with straight lines.
    func draw(_ s: Series, on canvas: inout BrailleCanvas, _ low: Double, _ high: Double, colour: UInt8?) {
        var previous: (x: Int, y: Int)?
        for (i, v) in s.values.enumerated() {
            guard v.isFinite else { previous = nil; continue }
            let point = (x: dotX(i, s.values.count, canvas.dotWidth), y: dotY(v, low, high, canvas.dotHeight))
            if let previous { canvas.line(from: previous, to: point, colour: colour) } else { canvas.set(point.x, point.y, colour: colour) }
            previous = point
        }
    }

    /// Canvas width in characters for a gutter of `gutter` columns: at least 10, at most 160.
    func canvasColumns(gutter: Int) -> Int {
        min(160, max(10, width - gutter - 2))
    }

    func overlay(_ series: [Series], xLabels: [String]?) -> [String] {
        let (low, high) = range(series)
        let number = NumberFormat(for: [low, high], precision: 2)
        let top = number.string(high), bottom = number.string(low)
        let zeroRow = low < 0 && high > 0 ? dotY(0, low, high, height * 4) / 4 : nil
        let gutter = max(ANSI.width(top), ANSI.width(bottom), 1)
        var canvas = BrailleCanvas(columns: canvasColumns(gutter: gutter), rows: height)
        for (k, s) in series.enumerated() {
            draw(s, on: &canvas, low, high, colour: series.count > 1 ? Plot.colours[k % Plot.colours.count] : Plot.colours[0])
        }
        var lines: [String] = []
        for (r, row) in canvas.render(style: style).enumerated() {
            let label = r == 0 ? top : r == height - 1 ? bottom : r == zeroRow ? "0" : ""
            lines.append(ANSI.padLeft(label, gutter) + (label.isEmpty ? "│" : "┤") + row)
        }
        lines += xAxis(gutter: gutter, columns: canvas.columns, count: series.map(\.values.count).max() ?? 0, labels: xLabels)
        if series.count > 1 {
            lines.append(series.enumerated().map { k, s in
                style.foreground("⣿", Plot.colours[k % Plot.colours.count]) + " " + s.name
            }.joined(separator: "  "))
        }
        return lines
    }

    func strips(_ series: [Series], xLabels: [String]?) -> [String] {
        let (low, high) = range(series)
        let number = NumberFormat(for: [low, high], precision: 2)
        let names = series.map { ANSI.truncate($0.name, 12) }
        let gutter = max(names.map(ANSI.width).max() ?? 0, 1)
        let columns = canvasColumns(gutter: gutter)
        var lines = ["every strip runs from \(number.string(low)) (bottom) to \(number.string(high)) (top)"]
        let rows = stripHeight ?? (series.count <= 6 ? 3 : 2)
        for (k, s) in series.enumerated() {
            var canvas = BrailleCanvas(columns: columns, rows: rows)
            // Neighbouring strips alternate colours so the eye can tell where one ends.
            draw(s, on: &canvas, low, high, colour: Plot.colours[k % 2])
            for (r, row) in canvas.render(style: style).enumerated() {
                lines.append(ANSI.padLeft(r == 0 ? names[k] : "", gutter) + "│" + row)
            }
        }
        lines += xAxis(gutter: gutter, columns: columns, count: series.map(\.values.count).max() ?? 0, labels: xLabels)
        return lines
    }

    /// The axis line and the names of the first, middle and last points beneath it.
    func xAxis(gutter: Int, columns: Int, count: Int, labels: [String]?) -> [String] {
        let axis = String(repeating: " ", count: gutter) + "└" + String(repeating: "─", count: columns)
        guard count > 0 else { return [axis] }
        func name(_ i: Int) -> String { labels?[i] ?? String(i) }
        var ticks = [Character](repeating: " ", count: gutter + 1 + columns + 8)
        var placed: [Range<Int>] = []
        func place(_ i: Int, align: Int) {
            // A name wider than the whole axis is cut to fit it.
            let text = Array(Array(ANSI.truncate(name(i), ticks.count)).prefix(ticks.count))
            let x = gutter + 1 + dotX(i, count, columns * 2) / 2
            let wanted = align < 0 ? x : align > 0 ? x - text.count + 1 : x - text.count / 2
            let start = max(0, min(ticks.count - text.count, wanted))
            let span = start..<(start + text.count)
            // Keep at least two blanks between names so they read as separate.
            guard placed.allSatisfy({ span.upperBound + 2 <= $0.lowerBound || $0.upperBound + 2 <= span.lowerBound }) else { return }
            for (k, ch) in text.enumerated() { ticks[start + k] = ch }
            placed.append(span)
        }
        place(0, align: -1)
        if count > 1 { place(count - 1, align: 1) }
        if count > 2 { place((count - 1) / 2, align: 0) }
        var text = String(ticks)
        while text.last == " " { text.removeLast() }
        return [axis, text]
    }
}
