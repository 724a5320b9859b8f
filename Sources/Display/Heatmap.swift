import Tensors

/// A tensor drawn as a heatmap, so that the pattern of an attention matrix is visible at
/// a glance: rows and columns labelled (by token when the tensor carries labels), one
/// coloured cell per value with the number on it, and a legend with the range.
///
/// - values in [0, 1] (weights, probabilities) use a sequential scale fixed at 0…1;
///   values of both signs use a diverging scale centred on zero; others run min…max;
/// - `-inf`/`nan` (a causal mask) are grey, apart from the scale;
/// - when the numbers do not fit ``width``, cells shrink to two columns with the column
///   names written vertically, and if even that is too wide the middle columns are elided;
/// - without colour, each cell is shaded with `░▒▓█` (and `+`/`-` for signed values).
public struct Heatmap: Sendable {
    public var style: ANSI
    /// The terminal columns available; nil means no limit.
    public var width: Int?
    /// Decimals of the numbers written in the cells.
    public var precision: Int
    /// Matrices with more rows show the first and last half of this many.
    public var maxRows = 100
    /// Tensors with more matrices (e.g. many heads) show the first and last few.
    public var maxMatrices = 8
    /// Matrices with more columns show the first and last half of this many, even without
    /// a width limit (a pipe): a 1×5000000 heatmap is not 100 MB of text.
    public var maxColumns = 100

    public init(style: ANSI = .plain, width: Int? = nil, precision: Int = 2) {
        self.style = style
        self.width = width
        self.precision = precision
    }

    /// Row/column names longer than this are cut with `…`.
    static let maxNameWidth = 12, maxColumnNameWidth = 8
    /// Terminal colours for values outside the scale.
    static let nonFiniteBackground: UInt8 = 238, nonFiniteText: UInt8 = 250

    public func render(_ t: Tensor) -> String {
        // Labels are the learner's text: escape control characters before cutting them to width
        // (a cut through an escape sequence would leave the terminal swallowing what follows).
        var t = t
        if t.hasLabels { t.labels = t.labels.map { $0?.map { ANSI.visible($0) } } }
        let scale = HeatScale(t.data)
        // NumberFormat skips inf and nan itself: no filtered copy of a 400 MB tensor.
        let number = NumberFormat(for: t.data, precision: precision)
        let rows: Int, cols: Int, rowLabels: [String]?, colLabels: [String]?
        switch t.rank {
        case 0: (rows, cols, rowLabels, colLabels) = (1, 1, nil, nil)
        case 1: (rows, cols, rowLabels, colLabels) = (1, t.shape[0], nil, t.labels[0])
        default:
            (rows, cols) = (t.shape[t.rank - 2], t.shape[t.rank - 1])
            (rowLabels, colLabels) = (t.labels[t.rank - 2], t.labels[t.rank - 1])
        }
        var lines = ["shape \(Shape.text(t.shape))"]
        let leading = Array(t.shape.dropLast(min(2, t.rank)))
        let matrices = leading.reduce(1, *)
        // Only the cells that can be shown are ever formatted or measured: at most
        // maxMatrices × maxRows × maxColumns of them, however big the tensor.
        let shownMatrices = Heatmap.elide(matrices, keep: maxMatrices)
        let shownRows = Heatmap.elide(rows, keep: maxRows)
        let candidates = Heatmap.elide(cols, keep: maxColumns)
        var numberWidth = 1
        for m in shownMatrices.compactMap({ $0 }) {
            for i in shownRows.compactMap({ $0 }) {
                for j in candidates.compactMap({ $0 }) {
                    numberWidth = max(numberWidth, ANSI.width(text(t.data[(m * rows + i) * cols + j], number)))
                }
            }
        }
        let layout = Layout(rows: rows, cols: cols, rowLabels: rowLabels, colLabels: colLabels, shownRows: shownRows,
                            candidates: candidates, numberWidth: numberWidth, width: width)
        for m in shownMatrices {
            guard let m else { lines.append("…"); continue }
            if !leading.isEmpty { lines.append(TensorPrinter.header(m, leading)) }
            lines += matrix(t.data, offset: m * rows * cols, layout, scale, number)
        }
        lines += legend(scale, number)
        return lines.joined(separator: "\n")
    }

    /// The indices to show out of `n`, with nil where some are left out.
    static func elide(_ n: Int, keep: Int) -> [Int?] {
        if n <= keep { return Array(0..<n) }
        let head = (keep + 1) / 2, tail = keep / 2
        return Array(0..<head) + [nil] + Array((n - tail)..<n)
    }


    func text(_ v: Double, _ number: NumberFormat) -> String {
        v.isFinite ? number.string(v) : v.isNaN ? "nan" : v > 0 ? "inf" : "-inf"
    }

    /// Where everything goes: shared by every matrix of the tensor.
    struct Layout {
        /// Names of the rows and columns, by index (only shown ones are asked for).
        var rowLabels: [String]?, colLabels: [String]?
        var nameWidth: Int
        /// Columns per cell, gaps included.
        var cellWidth: Int
        /// Two-column cells without numbers (column names are then written downwards).
        var compact: Bool
        /// Column names written downwards, one character per line, because they are wider than the cells.
        var verticalNames: Bool
        /// The columns shown, nil for the `…` column.
        var shownCols: [Int?]
        var rows: Int, cols: Int
        /// A single row of a vector with column labels has no name.
        var unnamedRow: Bool

        init(rows: Int, cols: Int, rowLabels: [String]?, colLabels: [String]?, shownRows: [Int?], candidates: [Int?],
             numberWidth: Int, width: Int?) {
            self.rows = rows
            self.cols = cols
            self.rowLabels = rowLabels
            self.colLabels = colLabels
            unnamedRow = rowLabels == nil && rows == 1 && colLabels != nil
            nameWidth = 0
            (cellWidth, compact, verticalNames, shownCols) = (0, false, false, [])
            nameWidth = shownRows.compactMap { $0 }.map { ANSI.width(rowName($0)) }.max() ?? 0
            let labelWidth = candidates.compactMap { $0 }.map { ANSI.width(colName($0)) }.max() ?? 1
            let available = width ?? Int.max
            let full = max(numberWidth, labelWidth) + 2, numbers = numberWidth + 2
            let count = candidates.count
            if nameWidth + 1 + count * full <= available {
                (cellWidth, compact, verticalNames, shownCols) = (full, false, false, candidates)
            } else if nameWidth + 1 + count * numbers <= available {
                // Long tokens need not cost the numbers: their names go downwards instead.
                (cellWidth, compact, verticalNames, shownCols) = (numbers, false, true, candidates)
            } else {
                (cellWidth, compact, verticalNames) = (2, true, true)
                let fit = max(3, (available - nameWidth - 1) / 2)
                shownCols = count <= fit ? candidates : Heatmap.elide(cols, keep: fit - 1)
            }
        }

        func rowName(_ i: Int) -> String {
            if unnamedRow { return "" }
            return ANSI.truncate(rowLabels?[i] ?? String(i), Heatmap.maxNameWidth)
        }

        func colName(_ j: Int) -> String {
            ANSI.truncate(colLabels?[j] ?? String(j), Heatmap.maxColumnNameWidth)
        }
    }

    func matrix(_ data: [Double], offset: Int, _ layout: Layout, _ scale: HeatScale, _ number: NumberFormat) -> [String] {
        let indent = String(repeating: " ", count: layout.nameWidth + 1)
        var lines: [String] = []
        if layout.verticalNames {
            let depth = layout.shownCols.compactMap { $0 }.map { ANSI.width(layout.colName($0)) }.max() ?? 1
            for level in 0..<depth {
                var line = indent
                for j in layout.shownCols {
                    guard let j else { line += ANSI.center(level == 0 ? "…" : "", layout.cellWidth); continue }
                    let chars = Array(layout.colName(j))
                    line += ANSI.center(level < chars.count ? String(chars[level]) : "", layout.cellWidth)
                }
                lines.append(trimmed(line))
            }
        } else {
            lines.append(trimmed(indent + layout.shownCols.map { ANSI.center($0.map(layout.colName) ?? "…", layout.cellWidth) }.joined()))
        }
        for i in Heatmap.elide(layout.rows, keep: maxRows) {
            guard let i else { lines.append(ANSI.padRight("⋮", layout.nameWidth)); continue }
            var line = ANSI.padRight(layout.rowName(i), layout.nameWidth) + " "
            for j in layout.shownCols {
                guard let j else { line += ANSI.center("…", layout.cellWidth); continue }
                let k = offset + i * layout.cols + j
                line += cell(data[k], text(data[k], number), layout, scale)
            }
            lines.append(style.enabled ? line : trimmed(line))
        }
        return lines
    }

    /// One cell: the number on its colour, or shading without colour.
    func cell(_ v: Double, _ text: String, _ layout: Layout, _ scale: HeatScale) -> String {
        let w = layout.cellWidth
        if style.enabled {
            let body = layout.compact ? "  " : " " + ANSI.padLeft(text, w - 2) + " "
            if !v.isFinite {
                return style.cell(layout.compact ? "··" : body, background: Heatmap.nonFiniteBackground, foreground: Heatmap.nonFiniteText)
            }
            let palette = scale.palette
            let step = palette.step(scale.position(v))
            return style.cell(body, background: palette.colours[step], foreground: palette.text[step])
        }
        let glyphs = layout.compact ? 2 : w - 1
        let gap = layout.compact ? "" : " "
        guard v.isFinite else { return ANSI.center("·", glyphs) + gap }
        if scale.kind == .diverging {
            let shade = Palette.shade(abs(v) / scale.high)
            let sign: Character = shade == " " ? " " : v < 0 ? "-" : "+"
            return String(sign) + String(repeating: shade, count: glyphs - 1) + gap
        }
        return String(repeating: Palette.shade(scale.position(v)), count: glyphs) + gap
    }

    /// Without colour, trailing blanks are noise (and differ between terminals).
    func trimmed(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }

    func legend(_ scale: HeatScale, _ number: NumberFormat) -> [String] {
        let range = "min \(text(scale.min, number))  max \(text(scale.max, number))"
        var lines: [String]
        if style.enabled {
            let bar = scale.palette.colours.indices.map { i in
                style.cell("  ", background: scale.palette.colours[i], foreground: scale.palette.text[i])
            }.joined()
            let ends = scale.kind == .probability ? ("0", "1") : (text(scale.low, number), text(scale.high, number))
            let meaning: String
            switch scale.kind {
            case .probability: meaning = "weights 0 to 1"
            case .sequential: meaning = "low to high"
            case .diverging: meaning = "blue < 0 < red"
            }
            lines = ["\(ends.0) \(bar) \(ends.1)   \(meaning)   \(range)"]
        } else {
            let steps = Palette.shades.count
            let magnitude = scale.kind == .diverging
            let from = magnitude ? 0 : scale.low, to = scale.high
            let thresholds = (1..<steps).map { from + (to - from) * Double($0) / Double(steps) }
            let format = NumberFormat(for: thresholds, precision: max(precision, 2))
            let parts = (1..<steps).map { "\(Palette.shades[$0]) ≥ \(format.string(thresholds[$0 - 1]))" }
            let below = "blank below \(format.string(thresholds[0]))"
            lines = [(magnitude ? "size |x|: " : "") + parts.joined(separator: "  ") + "  (\(below))"]
            if magnitude { lines.append("sign: + positive, - negative") }
            lines.append(range)
        }
        if scale.hasNonFinite {
            let mark = style.enabled ? style.cell("··", background: Heatmap.nonFiniteBackground, foreground: Heatmap.nonFiniteText) : "·"
            lines.append("\(mark) -inf, inf or nan (not on the scale; -inf is a masked position)")
        }
        return lines
    }
}
