import Tensors

/// Writes tensors as aligned text, with their labels, the way a learner reads them.
///
/// - a scalar: the number;
/// - a vector: `[ 0.1200 -0.4000  0.8800 ]`, with its labels on the line above;
/// - a matrix: a `shape` line, then rows; with labels, a table with tokens down the
///   left and across the top; without, NumPy's nested brackets;
/// - more axes: one matrix per leading index, headed `[i, j]`;
/// - more than ``summaryThreshold`` elements: the first and last ``edgeItems`` along
///   each long axis, with `…` between;
/// - rows wider than ``width``: the first and last columns that fit, with `…` between.
public struct TensorPrinter: Sendable {
    public var precision: Int
    /// Summarise tensors with more elements than this.
    public var summaryThreshold = 1000
    public var edgeItems = 3
    /// The terminal columns a line may take; nil means no limit (pipes, files, JSON).
    public var width: Int?

    public init(precision: Int = 4, width: Int? = nil) {
        self.precision = precision
        self.width = width
    }

    public func format(_ t: Tensor) -> String {
        // Labels are the learner's text: escape control characters before measuring them.
        var t = t
        if t.hasLabels { t.labels = t.labels.map { $0?.map { ANSI.visible($0) } } }
        if t.isScalar { return NumberFormat.scalar(t.data[0], precision: precision) }
        let summarise = t.count > summaryThreshold
        let number = NumberFormat(for: t.data, precision: precision)
        if t.rank == 1 { return vector(t, number, summarise) }
        // Nothing to show, however many (empty) matrices there are: one line.
        if t.count == 0 { return "shape \(Shape.text(t.shape)) (empty)" }
        var lines = ["shape \(Shape.text(t.shape))"]
        let r = t.shape[t.rank - 2], c = t.shape[t.rank - 1]
        let leading = Array(t.shape.dropLast(2))
        let matrices = leading.reduce(1, *)
        // Long runs of matrices (or of empty ones) are cut to the first and last few, over all leading axes.
        let shown = positions(matrices, summarise || r * c == 0)
        for entry in shown {
            guard let m = entry else { lines.append("…"); continue }
            do {
                if !leading.isEmpty { lines.append(TensorPrinter.header(m, leading)) }
                let slice = Array(t.data[(m * r * c)..<((m + 1) * r * c)])
                lines += matrix(slice, rows: r, cols: c, rowLabels: t.labels[t.rank - 2],
                                colLabels: t.labels[t.rank - 1], number, summarise)
            }
        }
        return lines.joined(separator: "\n")
    }

    /// Indices to show along an axis of `n`; nil marks the gap.
    func positions(_ n: Int, _ summarise: Bool) -> [Int?] {
        if !summarise || n <= 2 * edgeItems { return Array(0..<n) }
        return Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
    }

    /// `[1, 2, :, :]`: which matrix of a tensor of rank > 2 follows (the `m`-th of the `leading` axes).
    static func header(_ m: Int, _ leading: [Int]) -> String {
        "[" + Shape.unravel(m, in: leading).map(String.init).joined(separator: ", ") + ", :, :]"
    }

    func vector(_ t: Tensor, _ number: NumberFormat, _ summarise: Bool) -> String {
        var shown = positions(t.count, summarise)
        func cellWidth() -> Int {
            let numbers = shown.compactMap { $0.map { number.string(t.data[$0]).count } }.max() ?? 1
            return max(numbers, t.labels[0].map { l in shown.compactMap { $0.map { ANSI.width(l[$0]) } }.max() ?? 0 } ?? 0)
        }
        shown = fit(shown, count: t.count, cellWidth: cellWidth(), fixed: 4)
        let cells = shown.map { $0.map { number.string(t.data[$0]) } ?? "…" }
        let labels = t.labels[0].map { l in shown.map { $0.map { l[$0] } ?? "" } }
        let width = max(cells.map(\.count).max() ?? 0, labels?.map(ANSI.width).max() ?? 0)
        // The … of left-out elements takes one column, not a number's width.
        let body = "[ " + zip(shown, cells).map { $0 == nil ? $1 : pad($1, width) }.joined(separator: " ") + " ]"
        guard let labels else { return body }
        return "  " + zip(shown, labels).map { $0 == nil ? " " : pad($1, width) }.joined(separator: " ") + "\n" + body
    }

    func matrix(_ data: [Double], rows: Int, cols: Int, rowLabels: [String]?, colLabels: [String]?,
                _ number: NumberFormat, _ summarise: Bool) -> [String] {
        let rs = positions(rows, summarise)
        var cs = positions(cols, summarise)
        if width != nil {
            // The widest number and column label decide how many columns fit.
            var cellWidth = colLabels.map { l in cs.compactMap { $0.map { ANSI.width(l[$0]) } }.max() ?? 0 } ?? 0
            for i in rs.compactMap({ $0 }) { for j in cs.compactMap({ $0 }) { cellWidth = max(cellWidth, number.string(data[i * cols + j]).count) } }
            let names = rowLabels.map { l in rs.map { $0.map { ANSI.width(l[$0]) } ?? 1 }.max() ?? 0 }
            cs = fit(cs, count: cols, cellWidth: cellWidth, fixed: rowLabels == nil && colLabels == nil ? 4 : (names ?? 0) + 2)
        }
        let cells = rs.map { i in cs.map { j -> String in
            guard let i, let j else { return "…" }
            return number.string(data[i * cols + j])
        } }
        let headers = colLabels.map { l in cs.map { $0.map { l[$0] } ?? "…" } }
        var width = cells.flatMap { $0 }.map(\.count).max() ?? 1
        if let headers { width = max(width, headers.map(ANSI.width).max() ?? 0) }
        let cellWidth = width
        /// One row of cells, right-aligned; the … column of left-out columns is one wide.
        func line(_ row: [String]) -> String {
            zip(cs, row).map { $0 == nil ? $1 : pad($1, cellWidth) }.joined(separator: " ")
        }
        if rowLabels == nil && colLabels == nil {
            return rs.indices.map { k in
                let open = k == 0 ? "[[" : " [", close = k == rs.count - 1 ? "]]" : "]"
                if rs[k] == nil { return " …" }
                return open + line(cells[k]) + close
            }
        }
        let names = rowLabels.map { l in rs.map { $0.map { l[$0] } ?? "…" } } ?? rs.map { _ in "" }
        let nameWidth = names.map(ANSI.width).max() ?? 0
        var out: [String] = []
        if let headers {
            out.append(String(repeating: " ", count: nameWidth) + "  " + line(headers))
        }
        for k in rs.indices {
            out.append(padRight(names[k], nameWidth) + "  " + line(cells[k]))
        }
        return out
    }

    /// The columns to show of `count` so that a line of `fixed` columns plus one cell
    /// (and a space) per column fits ``width``: the first and last ones, `…` (nil) between.
    func fit(_ shown: [Int?], count: Int, cellWidth: Int, fixed: Int) -> [Int?] {
        guard let width else { return shown }
        let slots = max(2, (width - fixed + 1) / (cellWidth + 1))
        guard slots < shown.count else { return shown }
        let head = max(1, slots / 2), tail = max(0, slots - 1 - head)
        return Array(0..<head) + [nil] + Array((count - tail)..<count)
    }

    // Labels are padded by the columns they take on screen (猫 takes two), not by characters.
    func pad(_ s: String, _ width: Int) -> String { ANSI.padLeft(s, width) }
    func padRight(_ s: String, _ width: Int) -> String { ANSI.padRight(s, width) }
}
