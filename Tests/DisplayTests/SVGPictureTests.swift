import Display
import Tensors
import Testing

/// The page's pictures and tables for fixed tensors, compared with golden files, plus
/// the properties a reader relies on: every cell's value and tooltip, escaped labels,
/// the terminal's colours.
@Suite struct SVGPictureTests {
    let tokens = ["the", "cat", "sat"]
    var weights: Tensor {
        Tensor(shape: [3, 3], data: [0.7, 0.2, 0.1, 0.05, 0.9, 0.05, 0.3, 0.3, 0.4], labels: [tokens, tokens])
    }

    @Test func weightsHeatmap() {
        let svg = SVGHeatmap(precision: 2).render(weights, label: ":show A --heat")
        Golden.check("heatmap-weights.svg", svg)
        // One rect and one number per cell, each with a tooltip naming its row and column.
        #expect(svg.components(separatedBy: "<g><title>").count - 1 == 9)
        #expect(svg.contains("<title>row 1 “cat”, column 0 “the”: 0.05</title>"))
        #expect(svg.contains(">0.90</text>"))
        // 0.9 is step 7 of the 8-step viridis palette: xterm 220 with black text, as on the terminal.
        let cell = svg.components(separatedBy: "<g>").first { $0.hasPrefix("<title>row 1 “cat”, column 1 “cat”") } ?? ""
        #expect(cell.contains("fill=\"\(XtermColour.hex(Palette.sequential.colours[7]))\"") && cell.contains("fill=\"#000000\">0.90</text>"))
        #expect(!svg.contains("xmlns"))
    }

    @Test func signedMaskedHeatmapEscapesLabels() {
        let names = ["<b>", "a&b", "\"q\"'"]
        let t = Tensor(shape: [3, 3], data: [1.5, -.infinity, -.infinity, -0.5, 2, -.infinity, 0, -2, 1],
                       labels: [names, names])
        var heatmap = SVGHeatmap(precision: 1)
        heatmap.standalone = true
        let svg = heatmap.render(t, label: "scores <masked>")
        Golden.check("heatmap-masked.svg", svg)
        #expect(!svg.contains("<b>"))
        #expect(svg.contains("&lt;b&gt;") && svg.contains("a&amp;b") && svg.contains("&quot;q&quot;&#39;"))
        #expect(svg.contains("-inf, inf or nan"))
        #expect(svg.contains("blue &lt; 0 &lt; red"))
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func headsGetAGridEach() {
        let t = Tensor(shape: [2, 2, 3], data: (0..<12).map { Double($0) })
        let svg = SVGHeatmap(precision: 2).render(t, label: "heads")
        Golden.check("heatmap-heads.svg", svg)
        #expect(svg.contains(">[0, :, :]</text>") && svg.contains(">[1, :, :]</text>"))
        #expect(svg.components(separatedBy: "<rect").count - 1 == 12 + Palette.sequential.colours.count)
    }

    @Test func longAxesAreElided() {
        let t = Tensor(shape: [100, 3], data: (0..<300).map { Double($0) / 300 })
        let svg = SVGHeatmap(precision: 2).render(t, label: "tall")
        // 60 rows kept (30 + 30) and a ⋮ between.
        #expect(svg.components(separatedBy: "<g><title>row").count - 1 == 60 * 3)
        #expect(svg.contains("row 99, column 2"))
        #expect(!svg.contains("row 50, column"))
    }

    @Test func overlayPlot() throws {
        let t = Tensor(shape: [8, 3], data: (0..<24).map { k in [1.0, -1.0, 0.5][k % 3] * Double(k / 3) / 7 },
                       labels: [["a", "b", "c", "d", "e", "f", "g", "h"], ["up", "down", "half"]])
        let svg = try SVGPlot().render(t, label: ":plot P")
        Golden.check("plot-overlay.svg", svg)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 3)
        #expect(svg.contains("<title>down, point 7: -1</title>"))
        // A legend entry per curve in the terminal's colours.
        for k in 0..<3 { #expect(svg.contains("stroke=\"\(XtermColour.hex(Plot.colours[k]))\" stroke-width=\"2.5\"")) }
    }

    @Test func vectorPlotBreaksAtNaN() throws {
        let t = Tensor(shape: [7], data: [0, 1, 4, .nan, 16, 25, 36])
        let svg = try SVGPlot().render(t, label: "squares")
        Golden.check("plot-gap.svg", svg)
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(!svg.contains("nan"))
    }

    @Test func manyCurvesGetStrips() throws {
        let t = Tensor(shape: [5, 10], data: (0..<50).map { Double($0 % 10) * Double($0 / 10) })
        let svg = try SVGPlot().render(t, label: "many")
        Golden.check("plot-strips.svg", svg)
        #expect(svg.contains("every strip runs from 0 (bottom) to 40 (top)"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 10)
    }

    @Test func plotRefusesWhatTheTerminalRefuses() {
        #expect(throws: Plot.Failure.self) { try SVGPlot().render(Tensor(3), label: "x") }
        #expect(throws: Plot.Failure.self) { try SVGPlot().render(Tensor(shape: [2, 2, 2], data: Array(repeating: 1, count: 8)), label: "x") }
        #expect(throws: Plot.Failure.self) { try SVGPlot().render(Tensor(shape: [2], data: [.nan, .infinity]), label: "x") }
    }

    @Test func flatAndExtremeCurvesStillDraw() throws {
        let flat = try SVGPlot().render(Tensor(shape: [4], data: [2, 2, 2, 2]), label: "flat")
        #expect(flat.contains("<polyline"))
        let wide = try SVGPlot().render(Tensor(shape: [2], data: [-1e308, 1e308]), label: "wide")
        #expect(wide.contains("<polyline") && !wide.contains("nan"))
    }

    @Test func tensorTables() {
        let table = TensorTable(precision: 2)
        Golden.check("table-weights.html", table.html(weights))
        let vector = Tensor(shape: [3], data: [1, -2, 3.25], labels: [["x<", "y", "z"]])
        #expect(table.html(vector) == "<span class=\"shape\">shape 3</span><table class=\"tensor\"><thead><tr><th scope=\"col\">x&lt;</th>"
                + "<th scope=\"col\">y</th><th scope=\"col\">z</th></tr></thead><tbody><tr><td>1.00</td><td>-2.00</td><td>3.25</td></tr></tbody></table>")
        #expect(table.html(Tensor(0.5)) == "<span class=\"scalar\">0.5</span>")
        let big = Tensor(shape: [40, 40], data: (0..<1600).map(Double.init))
        let html = table.html(big)
        #expect(html.components(separatedBy: "<tr>").count - 1 == 7)
        #expect(html.contains("<td>1599</td>") && !html.contains("<td>800</td>"))
    }

    @Test func escaping() {
        #expect(HTML.escape("a<b>&\"c\"'d'") == "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;")
        #expect(HTML.escape("x\u{1B}[31my\u{0}\n") == "x[31my\n")
        #expect(HTML.escape("√d_k · “é” 日本") == "√d_k · “é” 日本")
    }

    @Test func xtermColours() {
        #expect(XtermColour.hex(16) == "#000000")
        #expect(XtermColour.hex(231) == "#ffffff")
        #expect(XtermColour.hex(220) == "#ffd700")
        #expect(XtermColour.hex(25) == "#005faf")
        #expect(XtermColour.hex(238) == "#444444")
        #expect(XtermColour.hex(9) == "#ff0000")
    }
}
