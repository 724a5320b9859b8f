import Display
import Tensors
import Testing

/// Tensors wider than the terminal keep their first and last columns, with … between.
@Suite struct PrinterWidthTests {
    @Test func wideMatrixIsElided() {
        let t = Tensor(shape: [2, 20], data: (0..<40).map(Double.init))
        // 30 columns hold "[[" + 9 two-digit cells and their spaces + "]]": 4 first, …, 4 last
        // (the … itself takes one column).
        #expect(TensorPrinter(precision: 4, width: 30).format(t) == """
            shape 2×20
            [[ 0  1  2  3 … 16 17 18 19]
             [20 21 22 23 … 36 37 38 39]]
            """)
        // Without a width (pipes, files) nothing is left out.
        #expect(TensorPrinter(precision: 4).format(t).contains("9 10 11"))
    }

    @Test func labelledMatrixCountsItsNames() {
        let t = Tensor(shape: [2, 6], data: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
                       labels: [["the", "cat"], ["a", "b", "c", "d", "e", "f"]])
        let text = TensorPrinter(precision: 4, width: 16).format(t)
        #expect(text == """
            shape 2×6
                  a  b …  f
            the   1  2 …  6
            cat   7  8 … 12
            """)
        for line in text.split(separator: "\n") { #expect(line.count <= 16) }
    }

    @Test func longVectorIsElided() {
        let t = Tensor(shape: [100], data: (0..<100).map(Double.init))
        #expect(TensorPrinter(precision: 4, width: 30).format(t) == "[  0  1  2  3 … 96 97 98 99 ]")
    }

    @Test func fittingTensorsAreUnchanged() {
        let t = Tensor(shape: [2, 2], data: [1.5, 2, 3, 4])
        #expect(TensorPrinter(precision: 2, width: 80).format(t) == TensorPrinter(precision: 2).format(t))
    }
}
