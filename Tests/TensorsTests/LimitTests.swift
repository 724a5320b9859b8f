import Testing
import Tensors

/// Tensors above 50 million elements are refused before any memory is allocated. The
/// shapes below would need terabytes (or overflow Int), so reaching `tooLarge` without
/// crashing shows the check comes first.
@Suite struct LimitTests {
    @Test func theLimit() throws {
        #expect(Tensor.maxElements == 50_000_000)
        #expect(try Tensor.checkedCount([50_000_000]) == 50_000_000)
        #expect(try Tensor.checkedCount([2, 5_000, 5_000]) == 50_000_000)
        #expect(thrown { () throws(TensorError) in try Tensor.checkedCount([50_000_001]) } == .tooLarge(shape: [50_000_001]))
        #expect(try Tensor.checkedCount([]) == 1)
        #expect(try Tensor.checkedCount([0, 3]) == 0)
        #expect(try Tensor.checkedCount([50_000_000, 0]) == 0)
        // Empty, but an axis too long to loop over: refused whichever side the zero is on.
        #expect(thrown { () throws(TensorError) in try Tensor.checkedCount([0, Int.max]) } == .tooLarge(shape: [0, Int.max]))
        #expect(thrown { () throws(TensorError) in try Tensor.checkedCount([1 << 40, 0]) } == .tooLarge(shape: [1 << 40, 0]))
    }

    @Test(arguments: [[Int.max, 2], [1 << 32, 1 << 32], [1 << 62, 1 << 62, 1 << 62], [100_000, 100_000], [Int.max]])
    func hugeAndOverflowingShapes(shape: [Int]) {
        #expect(thrown { () throws(TensorError) in try Tensor.checkedCount(shape) } == .tooLarge(shape: shape))
        #expect(thrown { () throws(TensorError) in try Tensor.zeros(shape) } == .tooLarge(shape: shape))
        #expect(thrown { () throws(TensorError) in try Tensor(repeating: 7, shape: shape) } == .tooLarge(shape: shape))
        var g = RandomGenerator(seed: 0)
        #expect(thrown { () throws(TensorError) in try Tensor.rand(shape, using: &g) } == .tooLarge(shape: shape))
    }

    @Test func negativeSizesAreRefused() {
        guard case .invalidArgument = thrown({ () throws(TensorError) in try Tensor.zeros([2, -1]) }) else {
            Issue.record("zeros([2, -1]) should be an invalid argument")
            return
        }
    }

    @Test func creationFunctionsRespectTheLimit() {
        #expect(thrown { () throws(TensorError) in try Tensor.eye(10_000) } == .tooLarge(shape: [10_000, 10_000]))
        #expect(thrown { () throws(TensorError) in try Tensor.linspace(0, 1, 60_000_000) } == .tooLarge(shape: [60_000_000]))
        #expect(thrown { () throws(TensorError) in try Tensor.positionalEncoding(1 << 40, 1 << 40) } == .tooLarge(shape: [1 << 40, 1 << 40]))
        #expect(thrown { () throws(TensorError) in try Tensor.positionalEncoding(1 << 40, 0) } == .tooLarge(shape: [1 << 40, 0]))
        #expect(thrown { () throws(TensorError) in try Tensor.eye(1 << 40, 0) } == .tooLarge(shape: [1 << 40, 0]))
        guard case .invalidArgument = thrown({ () throws(TensorError) in try Tensor.positionalEncoding(-1, 4) }) else {
            Issue.record("posenc(-1, 4) should be an invalid argument")
            return
        }
        #expect(thrown { () throws(TensorError) in try Tensor.causalMask(1 << 33) } == .tooLarge(shape: [1 << 33, 1 << 33]))
        guard case .tooLarge = thrown({ () throws(TensorError) in try Tensor.arange(0, 1e18) }) else {
            Issue.record("arange(0, 1e18) should be too large")
            return
        }
    }

    @Test func operationsWithHugeResultsAreRefused() {
        let column = Tensor(shape: [10_000, 1], data: [Double](repeating: 1, count: 10_000))
        let row = Tensor(shape: [1, 10_000], data: [Double](repeating: 1, count: 10_000))
        #expect(thrown { () throws(TensorError) in try Tensor.matmul(column, row) } == .tooLarge(shape: [10_000, 10_000]))
        #expect(thrown { () throws(TensorError) in try Tensor.binary(.add, column, row) } == .tooLarge(shape: [10_000, 10_000]))
        #expect(thrown { () throws(TensorError) in try Tensor.outer(column, row) } == .tooLarge(shape: [10_000, 10_000]))
        let ids = [Int](repeating: 0, count: 10_000)
        #expect(thrown { () throws(TensorError) in try column.indexed([.positions(ids), .slice(start: nil, stop: nil, step: nil)]) } == nil)
        let wide = Tensor(shape: [1, 10_000], data: row.data)
        #expect(thrown { () throws(TensorError) in try wide.indexed([.positions(ids + ids + ids + ids + ids + ids)]) } == .tooLarge(shape: [60_000, 10_000]))
    }

    @Test func reshapeRefusesOverflow() {
        let t = iota([4])
        #expect(thrown { () throws(TensorError) in try t.reshaped([Int.max, 2, -1]) } != nil)
        #expect(thrown { () throws(TensorError) in try t.reshaped([1 << 32, 1 << 32]) } != nil)
    }
}
