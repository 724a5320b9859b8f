import Tensors

/// A tensor as an HTML table for a page: the terminal printer's numbers (one format per
/// tensor, so the columns line up), its labels as header cells, and the same summary of
/// long axes (first and last entries, `…` between).
public struct TensorTable: Sendable {
    public var precision: Int
    /// Summarise tensors with more elements than this, as ``TensorPrinter`` does.
    public var summaryThreshold = 1000
    public var edgeItems = 3

    public init(precision: Int = 4) { self.precision = precision }

    public func html(_ t: Tensor) -> String {
        if t.isScalar { return "<span class=\"scalar\">\(HTML.escape(NumberFormat.scalar(t.data[0], precision: precision)))</span>" }
        var printer = TensorPrinter(precision: precision)
        printer.summaryThreshold = summaryThreshold
        printer.edgeItems = edgeItems
        let summarise = t.count > summaryThreshold
        let number = NumberFormat(for: t.data, precision: precision)
        let shape = "<span class=\"shape\">shape \(HTML.escape(Shape.text(t.shape)))</span>"
        if t.rank == 1 {
            let cols = printer.positions(t.count, summarise)
            return shape + table(t.data, rows: [0], cols: cols, width: t.count, rowLabels: nil, colLabels: t.labels[0], number)
        }
        let r = t.shape[t.rank - 2], c = t.shape[t.rank - 1]
        let leading = Array(t.shape.dropLast(2))
        var out = shape
        for entry in printer.positions(leading.reduce(1, *), summarise || r * c == 0) {
            guard let m = entry else { out += "<p class=\"gap\">…</p>"; continue }
            let slice = Array(t.data[(m * r * c)..<((m + 1) * r * c)])
            if !leading.isEmpty { out += "<p class=\"head\">\(HTML.escape(TensorPrinter.header(m, leading)))</p>" }
            out += table(slice, rows: printer.positions(r, summarise), cols: printer.positions(c, summarise), width: c,
                         rowLabels: t.labels[t.rank - 2], colLabels: t.labels[t.rank - 1], number)
        }
        return out
    }

    /// One matrix: a header row when the columns have names, a name cell per row when the rows do.
    func table(_ data: [Double], rows: [Int?], cols: [Int?], width: Int, rowLabels: [String]?, colLabels: [String]?,
               _ number: NumberFormat) -> String {
        var out = "<table class=\"tensor\">"
        if let colLabels {
            out += "<thead><tr>" + (rowLabels == nil ? "" : "<th></th>")
            out += cols.map { j in "<th scope=\"col\">\(HTML.escape(j.map { colLabels[$0] } ?? "…"))</th>" }.joined()
            out += "</tr></thead>"
        }
        out += "<tbody>"
        for i in rows {
            out += "<tr>"
            if let rowLabels { out += "<th scope=\"row\">\(HTML.escape(i.map { rowLabels[$0] } ?? "⋮"))</th>" }
            for j in cols {
                guard let i, let j else { out += "<td class=\"gap\">\(i == nil ? "⋮" : "…")</td>"; continue }
                out += "<td>\(HTML.escape(number.string(data[i * width + j])))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}
