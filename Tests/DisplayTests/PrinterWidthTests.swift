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

    /// Labels with wide characters (猫 takes two columns) line up with ASCII ones: the
    /// printer pads by display width, in row names, column headers and vector labels.
    @Test func wideCharacterLabelsAlign() {
        let m = Tensor(shape: [3, 2], data: [-0.9242, -0.3292, -0.1717, 0.2345, -1.2763, 1.5717],
                       labels: [["猫", "が", "cat"], nil])
        #expect(TensorPrinter(precision: 4).format(m) == """
            shape 3×2
            猫   -0.9242 -0.3292
            が   -0.1717  0.2345
            cat  -1.2763  1.5717
            """)
        let t = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6], labels: [nil, ["猫", "が", "cat"]])
        let columns = TensorPrinter(precision: 4).format(t).split(separator: "\n").dropFirst().map(String.init)
        // Right-aligned headers over right-aligned numbers: every line ends in the same column.
        #expect(Set(columns.map(ANSI.width)).count == 1, "\(columns)")
        #expect(columns == ["   猫  が cat", "    1   2   3", "    4   5   6"], "\(columns)")
        let v = Tensor(shape: [3], data: [1, 1, 1], labels: [["猫", "が", "cat"]])
        let lines = TensorPrinter(precision: 4).format(v).split(separator: "\n").map(String.init)
        // Each label ends where its number ends.
        #expect(lines.suffix(2) == ["   猫  が cat", "[   1   1   1 ]"], "\(lines)")
        for line in lines { #expect(ANSI.width(line) == line.count + line.filter { $0 == "猫" || $0 == "が" }.count) }
    }
}
