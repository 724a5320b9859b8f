import Tensors

/// Line plots as SVG for a page: the same curves as the terminal's ``Plot`` (a vector
/// is one curve; a matrix one curve per column, or per row), drawn with axes, ticks, a
/// legend and a tooltip on every curve (and on every point when there are few).
///
/// A few curves share one set of axes; many get a strip each on a shared scale, so a
/// flat curve looks flat — the terminal's arrangements, chosen the same way.
public struct SVGPlot: Sendable {
    /// The plotting area of one set of axes, in pixels.
    public var plotWidth = 520.0, plotHeight = 220.0
    /// The height of each strip when every curve gets its own.
    public var stripHeight = 36.0
    /// At most this many curves are drawn; the rest are named in a note.
    public var maxSeries = 24
    /// Curves share one set of axes up to this many (each has its own colour or dash).
    public var maxOverlay = 6
    /// A file of its own (with the SVG namespace) rather than a picture inside HTML.
    public var standalone = false

    public init() {}

    static let padding = 8.0, tick = 4.0, lineHeight = 16.0

    /// The picture; `label` names it for screen readers (e.g. the command that made it).
    public func render(_ t: Tensor, byRows: Bool = false, arrangement: Plot.Arrangement = .auto, label: String) throws(Plot.Failure) -> String {
        let curves = try Plot.curves(t, byRows: byRows, limit: maxSeries)
        let total = curves.total
        let series = curves.series
        let useOverlay: Bool
        switch arrangement {
        case .overlay: useOverlay = true
        case .strips: useOverlay = series.count == 1
        case .auto: useOverlay = series.count <= maxOverlay
        }
        var notes: [String] = curves.note.map { [$0] } ?? []
        if total > series.count {
            notes.append("the first \(series.count) of \(total) curves; slice to see others, e.g. X[:, \(series.count):]")
        }
        let count = series.map(\.values.count).max() ?? 0
        let (low, high) = Self.range(series)
        let axis = Axis(low: low, high: high)
        var parts: [String] = []
        var y = Self.padding
        for note in notes {
            parts.append(text(note, x: Self.padding, y: y + 11, anchor: "start", className: "note"))
            y += Self.lineHeight
        }
        let left: Double, width: Double
        if useOverlay {
            left = Self.padding + (axis.labels.map(SVG.textWidth).max() ?? 0) + Self.tick + 4
            parts += overlay(series, axis: axis, count: count, left: left, top: y + 6)
            y += 6 + plotHeight
        } else {
            let names = series.map { ANSI.truncate($0.name, 14) }
            left = Self.padding + (names.map(SVG.textWidth).max() ?? 0) + 8
            parts.append(text("every strip runs from \(axis.text(axis.low)) (bottom) to \(axis.text(axis.high)) (top)",
                              x: left, y: y + 11, anchor: "start", className: "note"))
            y += Self.lineHeight + 4
            parts += strips(series, names: names, axis: axis, count: count, left: left, top: y)
            y += Double(series.count) * (stripHeight + 4)
        }
        parts += xAxis(count: count, labels: curves.xLabels, left: left, top: y)
        y += Self.tick + 30
        width = left + plotWidth + Self.padding * 3
        if useOverlay, series.count > 1 {
            let (legendParts, height) = legend(series, left: left, top: y, width: width - left)
            parts += legendParts
            y += height
        }
        let name = label + " — line plot of \(series.count) curve\(series.count == 1 ? "" : "s"), shape " + Shape.text(t.shape)
        return SVG.open(width: width.rounded(.up), height: (y + Self.padding).rounded(.up), label: name, className: "plot", standalone: standalone)
            + "\n" + parts.joined(separator: "\n") + "\n</svg>"
    }

    /// The range of every finite value.
    static func range(_ series: [Plot.Series]) -> (Double, Double) {
        var low = Double.infinity, high = -Double.infinity
        for s in series { for v in s.values where v.isFinite { low = min(low, v); high = max(high, v) } }
        return (low, high)
    }

    /// A vertical scale with round ticks covering the values (as d3's `nice()` does).
    struct Axis {
        var ticks: [Double]
        var low: Double, high: Double
        var decimals: Int
        var labels: [String] { ticks.map(text) }

        init(low rawLow: Double, high rawHigh: Double) {
            var lo = rawLow, hi = rawHigh
            if hi <= lo { let pad = lo == 0 ? 1 : abs(lo) / 2; lo -= pad; hi += pad }
            let raw = (hi - lo) / 5
            // Ranges too wide or too narrow for round steps (±1e308, 1e-300) get their two ends.
            guard raw.isFinite, raw > 1e-200, raw < 1e200 else {
                (ticks, low, high, decimals) = ([lo, hi], lo, hi, 99)
                return
            }
            let magnitude = Self.power10(raw)
            let residual = raw / magnitude
            let step = (residual >= 5 ? 10 : residual >= 2 ? 5 : residual >= 1 ? 2 : 1) * magnitude
            let first = (lo / step).rounded(.down), last = (hi / step).rounded(.up)
            ticks = stride(from: first, through: last, by: 1).map { $0 * step }
            low = first * step
            high = last * step
            decimals = max(0, -Int((Self.log10(step)).rounded(.down)))
        }

        /// 10 to the power of the floor of log10(v).
        static func power10(_ v: Double) -> Double {
            var p = 1.0
            while p * 10 <= v { p *= 10 }
            while p > v { p /= 10 }
            return p
        }

        static func log10(_ v: Double) -> Double {
            var e = 0.0, p = 1.0
            while p * 10 <= v { p *= 10; e += 1 }
            while p > v { p /= 10; e -= 1 }
            return e
        }

        func text(_ v: Double) -> String {
            // Steps below a millionth, or numbers of many digits, read better in scientific notation.
            if decimals > 6 || Swift.max(Swift.abs(low), Swift.abs(high)) >= 1e7 { return NumberFormat.scalar(v, precision: 2) }
            let s = NumberFormat.printf("%.*f", decimals, v)
            return s.hasPrefix("-") && s.dropFirst().allSatisfy { $0 == "0" || $0 == "." } ? String(s.dropFirst()) : s
        }

        /// Where `v` sits, from 0 at the bottom to 1 at the top.
        func position(_ v: Double) -> Double { high > low ? (v - low) / (high - low) : 0.5 }
    }

    /// The horizontal position of point `i` of `n`.
    func x(_ i: Int, _ n: Int, left: Double) -> Double {
        left + (n <= 1 ? plotWidth / 2 : Double(i) * plotWidth / Double(n - 1))
    }

    /// Colour and dash of curve `k` of a shared set of axes: the terminal's six colours,
    /// then the same colours dashed.
    static func pen(_ k: Int) -> (colour: String, dash: String?) {
        let colour = XtermColour.hex(Plot.colours[k % Plot.colours.count])
        return (colour, k < Plot.colours.count ? nil : "6 3")
    }

    func overlay(_ series: [Plot.Series], axis: Axis, count: Int, left: Double, top: Double) -> [String] {
        var parts: [String] = []
        func y(_ v: Double) -> Double { top + (1 - axis.position(v)) * plotHeight }
        for (k, tickValue) in axis.ticks.enumerated() {
            let ty = y(tickValue)
            parts.append("<line class=\"grid\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(ty))\" x2=\"\(SVG.number(left + plotWidth))\" "
                         + "y2=\"\(SVG.number(ty))\" stroke=\"#e4e4e4\"/>")
            parts.append("<line x1=\"\(SVG.number(left - Self.tick))\" y1=\"\(SVG.number(ty))\" x2=\"\(SVG.number(left))\" y2=\"\(SVG.number(ty))\" stroke=\"#444\"/>")
            parts.append(text(axis.labels[k], x: left - Self.tick - 3, y: ty + 4, anchor: "end", className: "tick"))
        }
        if axis.low < 0 && axis.high > 0 {
            parts.append("<line class=\"zero\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(y(0)))\" x2=\"\(SVG.number(left + plotWidth))\" "
                         + "y2=\"\(SVG.number(y(0)))\" stroke=\"#888\" stroke-dasharray=\"3 3\"/>")
        }
        parts.append("<line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(top))\" x2=\"\(SVG.number(left))\" y2=\"\(SVG.number(top + plotHeight))\" stroke=\"#444\"/>")
        let markers = count <= 40
        for (k, s) in series.enumerated() {
            let pen = Self.pen(k)
            parts.append(curve(s, pen: pen, markers: markers, left: left, y: y))
        }
        return parts
    }

    func strips(_ series: [Plot.Series], names: [String], axis: Axis, count: Int, left: Double, top: Double) -> [String] {
        var parts: [String] = []
        let markers = count <= 40 && series.count <= 8
        for (k, s) in series.enumerated() {
            let stripTop = top + Double(k) * (stripHeight + 4)
            func y(_ v: Double) -> Double { stripTop + (1 - axis.position(v)) * stripHeight }
            parts.append("<rect x=\"\(SVG.number(left))\" y=\"\(SVG.number(stripTop))\" width=\"\(SVG.number(plotWidth))\" "
                         + "height=\"\(SVG.number(stripHeight))\" fill=\"#f6f6f6\"/>")
            if axis.low < 0 && axis.high > 0 {
                parts.append("<line class=\"zero\" x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(y(0)))\" x2=\"\(SVG.number(left + plotWidth))\" "
                             + "y2=\"\(SVG.number(y(0)))\" stroke=\"#bbb\" stroke-dasharray=\"3 3\"/>")
            }
            parts.append(text(names[k], x: left - 6, y: stripTop + stripHeight / 2 + 4, anchor: "end", className: "name"))
            // Neighbouring strips alternate colours, as on the terminal.
            parts.append(curve(s, pen: (XtermColour.hex(Plot.colours[k % 2]), nil), markers: markers, left: left, y: y))
        }
        return parts
    }

    /// One curve: straight lines between neighbouring finite points (a gap at inf or nan),
    /// a dot with a tooltip on each point when there are few.
    func curve(_ s: Plot.Series, pen: (colour: String, dash: String?), markers: Bool, left: Double, y: (Double) -> Double) -> String {
        var runs: [[(Double, Double)]] = [[]]
        for (i, v) in s.values.enumerated() {
            guard v.isFinite else { if !runs[runs.count - 1].isEmpty { runs.append([]) }; continue }
            runs[runs.count - 1].append((x(i, s.values.count, left: left), y(v)))
        }
        let title = s.name.isEmpty ? "" : "<title>\(HTML.escape(s.name))</title>"
        var out = "<g class=\"series\">" + title
        let dash = pen.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
        for run in runs where run.count > 1 {
            let points = run.map { "\(SVG.number($0.0)),\(SVG.number($0.1))" }.joined(separator: " ")
            out += "<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(pen.colour)\" stroke-width=\"1.6\"\(dash)/>"
        }
        for (i, v) in s.values.enumerated() where v.isFinite && (markers || isolated(i, s.values)) {
            let name = (s.name.isEmpty ? "" : s.name + ", ") + "point \(i): " + NumberFormat.scalar(v, precision: 4)
            out += "<circle cx=\"\(SVG.number(x(i, s.values.count, left: left)))\" cy=\"\(SVG.number(y(v)))\" r=\"2.5\" fill=\"\(pen.colour)\">"
                + "<title>\(HTML.escape(name))</title></circle>"
        }
        return out + "</g>"
    }

    /// A finite point with no finite neighbour would draw no line: it gets a dot.
    func isolated(_ i: Int, _ values: [Double]) -> Bool {
        (i == 0 || !values[i - 1].isFinite) && (i == values.count - 1 || !values[i + 1].isFinite)
    }

    /// The x axis: a line, ticks at round positions (every point when there are few), named
    /// by the tensor's labels where it has them.
    func xAxis(count: Int, labels: [String]?, left: Double, top: Double) -> [String] {
        var parts = ["<line x1=\"\(SVG.number(left))\" y1=\"\(SVG.number(top))\" x2=\"\(SVG.number(left + plotWidth))\" y2=\"\(SVG.number(top))\" stroke=\"#444\"/>"]
        guard count > 0 else { return parts }
        let names = (0..<count).map { i in labels.map { ANSI.truncate($0[i], 12) } ?? String(i) }
        let widest = names.map(SVG.textWidth).max() ?? 0
        let room = count <= 1 ? plotWidth : plotWidth / Double(count - 1)
        var every = 1
        for step in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000, 1_000_000] {
            every = step
            if Double(step) * room >= widest + 8 { break }
        }
        for i in stride(from: 0, to: count, by: every) {
            let tx = x(i, count, left: left)
            parts.append("<line x1=\"\(SVG.number(tx))\" y1=\"\(SVG.number(top))\" x2=\"\(SVG.number(tx))\" y2=\"\(SVG.number(top + Self.tick))\" stroke=\"#444\"/>")
            parts.append(text(names[i], x: tx, y: top + Self.tick + 12, anchor: "middle", className: "tick"))
        }
        return parts
    }

    /// Each curve's colour beside its name, in rows that fit the picture.
    func legend(_ series: [Plot.Series], left: Double, top: Double, width: Double) -> ([String], Double) {
        var parts: [String] = []
        var x = left, y = top
        for (k, s) in series.enumerated() {
            let name = ANSI.truncate(s.name, 20)
            let itemWidth = 22 + SVG.textWidth(name) + 14
            if x > left, x + itemWidth > left + width { x = left; y += Self.lineHeight }
            let pen = Self.pen(k)
            let dash = pen.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            parts.append("<line x1=\"\(SVG.number(x))\" y1=\"\(SVG.number(y + 7))\" x2=\"\(SVG.number(x + 18))\" y2=\"\(SVG.number(y + 7))\" "
                         + "stroke=\"\(pen.colour)\" stroke-width=\"2.5\"\(dash)/>")
            parts.append(text(name, x: x + 22, y: y + 11, anchor: "start", className: "legend"))
            x += itemWidth
        }
        return (parts, y - top + Self.lineHeight)
    }

    func text(_ s: String, x: Double, y: Double, anchor: String, className: String) -> String {
        "<text class=\"\(className)\" x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" text-anchor=\"\(anchor)\">\(HTML.escape(s))</text>"
    }
}
