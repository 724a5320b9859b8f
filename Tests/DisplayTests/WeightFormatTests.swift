import Display
import Testing

/// Attention weights read as decimals, at the precision asked for, never in e-notation.
@Suite struct WeightFormatTests {
    @Test func weightsAreDecimalsEvenBesideATinyOne() {
        let f = NumberFormat(for: [0.999999887, 1.1e-7], precision: 8)
        #expect(f.style == .fixed)
        #expect(f.string(0.999999887) == "0.99999989")
        let g = NumberFormat(for: [0.0158, 0.0024, 0.98], precision: 2)
        #expect(g.string(0.0158) == "0.02")
    }

    @Test func tinyNumbersThatAreNotWeightsStayScientific() {
        #expect(NumberFormat(for: [1e-7, 3e-6], precision: 4).style == .scientific)
        #expect(NumberFormat(for: [-0.5, 1e-7], precision: 4).style == .scientific)
    }
}
