import Display
import Tensors
import Testing

/// Heatmaps of fixed tensors, compared line by line with the exact text a learner sees.
@Suite struct HeatmapTests {
    /// Attention weights over "the cat sat": every value in [0, 1], so the 0–1 scale.
    let weights = Tensor(shape: [3, 3], data: [0.7, 0.2, 0.1, 0.05, 0.9, 0.05, 0.3, 0.3, 0.4],
                         labels: [["the", "cat", "sat"], ["the", "cat", "sat"]])

    @Test func probabilitiesWithoutColourAreShaded() {
        // Five shades split 0–1 in fifths: 0.7 → ▓, 0.2 → ░, 0.1 → blank, 0.9 → █, 0.4 → ▒.
        let text = Heatmap(style: .plain, width: 80).render(weights)
        #expect(text == """
            shape 3×3
                 the   cat   sat
            the ▓▓▓▓▓ ░░░░░
            cat       █████
            sat ░░░░░ ░░░░░ ▒▒▒▒▒
            ░ ≥ 0.20  ▒ ≥ 0.40  ▓ ≥ 0.60  █ ≥ 0.80  (blank below 0.20)
            min 0.05  max 0.90
            """)
    }

    @Test func probabilitiesInColourCarryTheirNumbers() {
        let text = Heatmap(style: ANSI(enabled: true), width: 80).render(weights)
        let lines = text.split(separator: "\n").map(String.init)
        // Viridis in 8 steps on a fixed 0–1 scale: 0.7 → step 5 (colour 78, black text),
        // 0.2 → step 1 (61, white), 0.1 → step 0 (53, white), 0.9 → step 7 (220, black).
        func cell(_ text: String, _ bg: Int, _ fg: Int) -> String { "\u{1B}[38;5;\(fg);48;5;\(bg)m \(text) \u{1B}[0m" }
        #expect(lines[0] == "shape 3×3")
        #expect(lines[1] == "     the   cat   sat")
        #expect(lines[2] == "the " + cell("0.70", 78, 16) + cell("0.20", 61, 231) + cell("0.10", 53, 231))
        #expect(lines[3] == "cat " + cell("0.05", 53, 231) + cell("0.90", 220, 16) + cell("0.05", 53, 231))
        #expect(lines[4] == "sat " + cell("0.30", 24, 231) + cell("0.30", 24, 231) + cell("0.40", 30, 231))
        let bar = zip(Palette.sequential.colours, Palette.sequential.text).map { "\u{1B}[38;5;\($1);48;5;\($0)m  \u{1B}[0m" }.joined()
        #expect(lines[5] == "0 \(bar) 1   weights 0 to 1   min 0.05  max 0.90")
        #expect(lines.count == 6)
        #expect(ANSI.width(lines[2]) == 4 + 3 * 6)
    }

    @Test func signedValuesUseADivergingScaleAndMarkInfinities() {
        let t = Tensor(shape: [2, 2], data: [-1, 0.5, 2, -.infinity])
        // Symmetric scale ±2: |−1| is half way (▒), 0.5 a quarter (░), 2 the top (█).
        #expect(Heatmap(style: .plain).render(t) == """
            shape 2×2
                 0      1
            0 -▒▒▒▒▒ +░░░░░
            1 +█████   ·
            size |x|: ░ ≥ 0.40  ▒ ≥ 0.80  ▓ ≥ 1.20  █ ≥ 1.60  (blank below 0.40)
            sign: + positive, - negative
            min -1.00  max 2.00
            · -inf, inf or nan (not on the scale; -inf is a masked position)
            """)
        let coloured = Heatmap(style: ANSI(enabled: true)).render(t).split(separator: "\n").map(String.init)
        // RdBu in 9 steps over −2…2: −1 → step 2 (111), 0.5 → step 5 (224), 2 → step 8 (124); -inf grey.
        #expect(coloured[2] == "0 \u{1B}[38;5;16;48;5;111m -1.00 \u{1B}[0m\u{1B}[38;5;16;48;5;224m  0.50 \u{1B}[0m")
        #expect(coloured[3] == "1 \u{1B}[38;5;231;48;5;124m  2.00 \u{1B}[0m\u{1B}[38;5;250;48;5;238m  -inf \u{1B}[0m")
        #expect(coloured[4].hasPrefix("-2.00 ") && coloured[4].contains(" 2.00   blue < 0 < red   min -1.00  max 2.00"))
    }

    @Test func tooWideMatricesShrinkToCompactCellsAndElideColumns() {
        let t = Tensor(shape: [2, 12], data: (0..<24).map { Double($0) / 23 })
        // 12 columns of "0.00"-wide cells need 2 + 12 × 6 columns; 20 allow only compact
        // two-column cells, and only 9 of those: the first 4, …, the last 4. Names run downwards.
        #expect(Heatmap(style: .plain, width: 20).render(t) == """
            shape 2×12
              0 1 2 3 … 8 9 1 1
                            0 1
            0         … ░░░░▒▒▒▒
            1 ▒▒▒▒▓▓▓▓… ████████
            ░ ≥ 0.20  ▒ ≥ 0.40  ▓ ≥ 0.60  █ ≥ 0.80  (blank below 0.20)
            min 0.00  max 1.00
            """)
    }

    @Test func longTokensAreWrittenDownwardsToKeepTheNumbers() {
        let t = Tensor(shape: [2, 2], data: [0.9, 0.1, 0.3, 0.7], labels: [["because", "it"], ["because", "it"]])
        // Across, "because" needs 9-column cells (26 in all); the numbers need only 6 (20 in all).
        #expect(Heatmap(style: .plain, width: 20).render(t) == """
            shape 2×2
                      b     i
                      e     t
                      c
                      a
                      u
                      s
                      e
            because █████
            it      ░░░░░ ▓▓▓▓▓
            ░ ≥ 0.20  ▒ ≥ 0.40  ▓ ≥ 0.60  █ ≥ 0.80  (blank below 0.20)
            min 0.10  max 0.90
            """)
        #expect(Heatmap(style: .plain, width: 26).render(t).contains("        because    it"))
    }

    @Test func vectorsAndStacksOfMatrices() {
        let v = Tensor(shape: [3], data: [0, 0.5, 1], labels: [["a", "b", "c"]])
        #expect(Heatmap(style: .plain).render(v).split(separator: "\n").prefix(3).joined(separator: "\n") == """
            shape 3
               a     b     c
                   ▒▒▒▒▒ █████
            """)
        // Two heads: one scale for both, so their colours compare.
        let heads = Tensor(shape: [2, 1, 2], data: [1, 3, 5, 7])
        #expect(Heatmap(style: .plain).render(heads) == """
            shape 2×1×2
            [0, :, :]
               0  1
            0    ░░
            [1, :, :]
               0  1
            0 ▓▓ ██
            ░ ≥ 2.20  ▒ ≥ 3.40  ▓ ≥ 4.60  █ ≥ 5.80  (blank below 2.20)
            min 1  max 7
            """)
    }

    @Test func scaleKinds() {
        #expect(HeatScale([0, 0.25, 1]).kind == .probability)
        #expect(HeatScale([-0.5, 2]).kind == .diverging)
        #expect(HeatScale([-0.5, 2]).low == -2)
        #expect(HeatScale([3, 9]).kind == .sequential)
        #expect(HeatScale([3, 9]).position(6) == 0.5)
        #expect(HeatScale([.nan, .infinity]).hasNonFinite)
        #expect(Palette.sequential.step(1) == 7 && Palette.sequential.step(0) == 0)
        #expect(Palette.shade(0.99) == "█" && Palette.shade(0.19) == " ")
    }

    @Test func terminalWidthOfText() {
        #expect(ANSI.width("\u{1B}[38;5;16;48;5;78m 0.70 \u{1B}[0m") == 6)
        #expect(ANSI.width("Kᵀ") == 2)
        #expect(ANSI.width("猫") == 2)
        #expect(ANSI.width("e\u{301}") == 1)
        #expect(ANSI.truncate("positional", 6) == "posit…")
        #expect(ANSI(enabled: false).red("x") == "x")
    }
}

/// A heatmap formats only what it shows: at most `maxColumns` columns even without a width
/// limit (a pipe), so a 1×5000 tensor is a few lines, not megabytes.
@Suite struct HeatmapLimitTests {
    @Test func wideTensorsAreElidedOnAPipe() throws {
        let t = try Tensor(shape: [1, 5000]) { out in for i in 0..<out.count { out[i] = Double(i) } }
        let text = Heatmap(style: .plain, width: nil).render(t)
        let lines = text.split(separator: "\n")
        #expect(lines.count < 10)
        #expect(lines.allSatisfy { ANSI.width(String($0)) < 1500 }, "\(lines.map(\.count))")
        #expect(text.contains("…"))
        #expect(text.contains("4999"), "the last column is shown")
    }

    @Test func labelsWithEscapesAreShownVisibly() {
        let t = Tensor(shape: [2], data: [0.25, 0.75], labels: [["a\u{1B}]52;c;QQ==\u{07}", "b"]])
        let text = Heatmap(style: .plain, width: 80).render(t)
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("a\\x1b]"))
    }
}
