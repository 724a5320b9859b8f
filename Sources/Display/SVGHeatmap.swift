import Tensors

/// A tensor drawn as an SVG heatmap for a page: the same scale and colours as the
/// terminal's ``Heatmap`` (xterm's palette, so a weight has the same colour in both),
/// the row and column names on both axes, the number in every cell, and a tooltip
/// (`<title>`) naming the cell's row, column and value.
///
/// A matrix is one grid; more axes give one grid per leading index. Long axes keep
/// their first and last entries with `…` between, as the terminal does.
public struct SVGHeatmap: Sendable {
    /// Decimals of the numbers written in the cells.
    public var precision: Int
    /// With more rows (or columns) than this, the middle ones are left out.
    public var maxRows = 60, maxCols = 40
    /// With more matrices than this, the middle ones are left out.
    public var maxMatrices = 8
    /// A file of its own (with the SVG namespace) rather than a picture inside HTML.
    public var standalone = false

    public init(precision: Int = 2) { self.precision = precision }

    static let cellHeight = 20.0, padding = 8.0, headerHeight = 18.0
    /// Names longer than this many columns are cut with `…`.
    static let maxNameWidth = 16

    /// The picture; `label` names it for screen readers and its tooltip (e.g. the command that made it).
    public func render(_ t: Tensor, label: String) -> String {
        let scale = HeatScale(t.data)
        let number = NumberFormat(for: t.data.filter(\.isFinite), precision: precision)
        let rows = t.rank >= 2 ? t.shape[t.rank - 2] : 1
        let cols = t.rank >= 1 ? t.shape[t.rank - 1] : 1
        let rowLabels = t.rank >= 2 ? t.labels[t.rank - 2] : nil
        let colLabels = t.rank >= 1 ? t.labels[t.rank - 1] : nil
        let names = (rows: (0..<rows).map { i in rowLabels.map { ANSI.truncate($0[i], Self.maxNameWidth) } ?? (t.rank >= 2 ? String(i) : "") },
                     cols: (0..<cols).map { j in colLabels.map { ANSI.truncate($0[j], Self.maxNameWidth) } ?? String(j) })
        let texts = t.data.map { number.string($0) }
        let cellWidth = max(30, ((texts.map(SVG.textWidth).max() ?? 0) + 10).rounded(.up))
        let rowNameWidth = ((names.rows.map(SVG.textWidth).max() ?? 0) + (names.rows.allSatisfy(\.isEmpty) ? 0 : 8)).rounded(.up)
        let colNameWidth = names.cols.map(SVG.textWidth).max() ?? 0
        let vertical = colNameWidth + 4 > cellWidth
        let namesHeight = vertical ? (colNameWidth + 8).rounded(.up) : Self.headerHeight
        let shownRows = Heatmap.elide(rows, keep: maxRows), shownCols = Heatmap.elide(cols, keep: maxCols)
        let leading = Array(t.shape.dropLast(min(2, t.rank)))
        let matrices = Heatmap.elide(leading.reduce(1, *), keep: maxMatrices)

        let gridLeft = Self.padding + rowNameWidth
        let gridWidth = Double(shownCols.count) * cellWidth
        var body: [String] = []
        var y = Self.padding
        for m in matrices {
            guard let m else {
                body.append(text("⋮", x: gridLeft, y: y + 12, anchor: "start", className: "gap"))
                y += Self.headerHeight
                continue
            }
            if !leading.isEmpty {
                body.append(text(Self.index(m, leading), x: Self.padding, y: y + 12, anchor: "start", className: "head"))
                y += Self.headerHeight
            }
            // Column names: centred over their cells, or written upwards when wider than a cell.
            for (k, j) in shownCols.enumerated() {
                let x = gridLeft + (Double(k) + 0.5) * cellWidth
                let name = j.map { names.cols[$0] } ?? "…"
                if vertical && j != nil {
                    let baseline = y + namesHeight - 4
                    body.append("<text class=\"col\" x=\"\(SVG.number(x + 4))\" y=\"\(SVG.number(baseline))\" "
                                + "transform=\"rotate(-90 \(SVG.number(x + 4)) \(SVG.number(baseline)))\">\(HTML.escape(name))</text>")
                } else {
                    body.append(text(name, x: x, y: y + namesHeight - 5, anchor: "middle", className: "col"))
                }
            }
            y += namesHeight
            for i in shownRows {
                guard let i else {
                    body.append(text("⋮", x: gridLeft - 4, y: y + 14, anchor: "end", className: "gap"))
                    y += Self.cellHeight
                    continue
                }
                body.append(text(names.rows[i], x: gridLeft - 6, y: y + 14, anchor: "end", className: "row"))
                for (k, j) in shownCols.enumerated() {
                    let x = gridLeft + Double(k) * cellWidth
                    guard let j else {
                        body.append(text("…", x: x + cellWidth / 2, y: y + 14, anchor: "middle", className: "gap"))
                        continue
                    }
                    let index = m * rows * cols + i * cols + j
                    let v = t.data[index]
                    let (fill, ink) = colours(v, scale)
                    let place = tooltip(m, leading, i, j, rowLabels: rowLabels, colLabels: colLabels, rank: t.rank)
                    body.append("<g><title>\(HTML.escape(place + ": " + NumberFormat.scalar(v, precision: max(precision, 4))))</title>"
                                + "<rect x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" width=\"\(SVG.number(cellWidth))\" "
                                + "height=\"\(SVG.number(Self.cellHeight))\" fill=\"\(fill)\"/>"
                                + text(texts[index], x: x + cellWidth / 2, y: y + 14, anchor: "middle", className: "v", fill: ink) + "</g>")
                }
                y += Self.cellHeight
            }
            y += Self.padding
        }
        let (legendLines, legendWidth) = legend(scale, number, top: y)
        body += legendLines
        y += 22 + (scale.hasNonFinite ? 18 : 0)
        let width = max(gridLeft + gridWidth + Self.padding, Self.padding * 2 + legendWidth)
        let name = label + " — heatmap, shape " + Shape.text(t.shape)
        return SVG.open(width: width.rounded(.up), height: y.rounded(.up), label: name, className: "heatmap", standalone: standalone)
            + "\n" + body.joined(separator: "\n") + "\n</svg>"
    }

    /// Background and text colours of a cell, from the terminal's palettes.
    func colours(_ v: Double, _ scale: HeatScale) -> (String, String) {
        guard v.isFinite else { return (XtermColour.hex(Heatmap.nonFiniteBackground), XtermColour.hex(Heatmap.nonFiniteText)) }
        let palette = scale.palette
        let step = palette.step(scale.position(v))
        return (XtermColour.hex(palette.colours[step]), XtermColour.hex(palette.text[step]))
    }

    /// What a cell's tooltip says about where it is: `row 1 “cat”, column 0 “the”`.
    func tooltip(_ m: Int, _ leading: [Int], _ i: Int, _ j: Int, rowLabels: [String]?, colLabels: [String]?, rank: Int) -> String {
        func named(_ axis: String, _ k: Int, _ labels: [String]?) -> String {
            axis + " \(k)" + (labels.map { " “\($0[k])”" } ?? "")
        }
        let prefix = leading.isEmpty ? "" : Self.index(m, leading) + " "
        if rank < 2 { return prefix + named("entry", j, colLabels) }
        return prefix + named("row", i, rowLabels) + ", " + named("column", j, colLabels)
    }

    /// `[0, 2, :, :]`: which matrix of a tensor with `leading` axes before the last two.
    static func index(_ m: Int, _ leading: [Int]) -> String {
        var index: [Int] = []
        var rest = m
        for size in leading.reversed() { index.insert(rest % size, at: 0); rest /= size }
        return "[" + index.map(String.init).joined(separator: ", ") + ", :, :]"
    }

    /// The colour bar with its ends and what it means, and the range of the values.
    func legend(_ scale: HeatScale, _ number: NumberFormat, top: Double) -> ([String], Double) {
        let palette = scale.palette
        let swatch = 16.0
        var parts: [String] = []
        func show(_ v: Double) -> String { v.isFinite ? number.string(v) : NumberFormat.scalar(v, precision: precision) }
        let ends = scale.kind == .probability ? ("0", "1") : (show(scale.low), show(scale.high))
        var x = Self.padding
        parts.append(text(ends.0, x: x, y: top + 12, anchor: "start", className: "legend"))
        x += SVG.textWidth(ends.0) + 4
        for (k, colour) in palette.colours.enumerated() {
            parts.append("<rect x=\"\(SVG.number(x + Double(k) * swatch))\" y=\"\(SVG.number(top + 2))\" width=\"\(SVG.number(swatch))\" "
                         + "height=\"12\" fill=\"\(XtermColour.hex(colour))\"/>")
        }
        x += Double(palette.colours.count) * swatch + 4
        parts.append(text(ends.1, x: x, y: top + 12, anchor: "start", className: "legend"))
        x += SVG.textWidth(ends.1) + 12
        let meaning: String
        switch scale.kind {
        case .probability: meaning = "weights 0 to 1"
        case .sequential: meaning = "low to high"
        case .diverging: meaning = "blue < 0 < red"
        }
        let range = "\(meaning)   min \(show(scale.min))  max \(show(scale.max))"
        parts.append(text(range, x: x, y: top + 12, anchor: "start", className: "legend"))
        var width = x + SVG.textWidth(range) - Self.padding
        if scale.hasNonFinite {
            let y = top + 20
            parts.append("<rect x=\"\(SVG.number(Self.padding))\" y=\"\(SVG.number(y))\" width=\"\(SVG.number(swatch))\" height=\"12\" "
                         + "fill=\"\(XtermColour.hex(Heatmap.nonFiniteBackground))\"/>")
            let note = "-inf, inf or nan (not on the scale; -inf is a masked position)"
            parts.append(text(note, x: Self.padding + swatch + 6, y: y + 10, anchor: "start", className: "legend"))
            width = max(width, swatch + 6 + SVG.textWidth(note))
        }
        return (parts, width)
    }

    func text(_ s: String, x: Double, y: Double, anchor: String, className: String, fill: String? = nil) -> String {
        "<text class=\"\(className)\" x=\"\(SVG.number(x))\" y=\"\(SVG.number(y))\" text-anchor=\"\(anchor)\""
            + (fill.map { " fill=\"\($0)\"" } ?? "") + ">\(HTML.escape(s))</text>"
    }
}
