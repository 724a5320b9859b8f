import Testing
import Tensors

/// NumPy broadcasting; expected shapes and values from `np.broadcast_shapes` and NumPy arithmetic.
@Suite struct BroadcastTests {
    @Test(arguments: [
        ([3, 1], [1, 4], [3, 4]), ([2, 3, 4], [4], [2, 3, 4]), ([], [2, 3], [2, 3]), ([0, 3], [1, 3], [0, 3]),
        ([5, 1, 3], [2, 1], [5, 2, 3]), ([1, 0], [3, 1], [3, 0]), ([1], [1], [1]), ([2, 1, 1], [3, 2], [2, 3, 2]),
    ])
    func shapesThatBroadcast(a: [Int], b: [Int], expected: [Int]) {
        #expect(Tensor.broadcastShape(a, b) == expected)
        #expect(Tensor.broadcastShape(b, a) == expected)
    }

    @Test(arguments: [([3], [4]), ([2, 3], [3, 2]), ([0], [2]), ([2, 1, 3], [4, 2])])
    func shapesThatClash(a: [Int], b: [Int]) throws {
        #expect(Tensor.broadcastShape(a, b) == nil)
        let error = thrown { () throws(TensorError) in try Tensor.binary(.add, iota(a), iota(b)) }
        #expect(error == .broadcast(a, b))
    }

    @Test func columnPlusRow() throws {
        let column = iota([3, 1]), row = Tensor(shape: [4], data: [0, 10, 20, 30])
        let sum = try Tensor.binary(.add, column, row)
        #expect(sum.shape == [3, 4])
        #expect(sum.data == [0, 10, 20, 30, 1, 11, 21, 31, 2, 12, 22, 32])
        let difference = try Tensor.binary(.subtract, column, row)
        #expect(difference.data == [0, -10, -20, -30, 1, -9, -19, -29, 2, -8, -18, -28])
    }

    @Test func trailingAxisStretches() throws {
        let product = try Tensor.binary(.multiply, iota([2, 3, 1]), Tensor(shape: [2], data: [1, -1]))
        #expect(product.shape == [2, 3, 2])
        #expect(product.data == [0, -0.0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5])
    }

    @Test func scalarsOnEitherSide() throws {
        let t = iota([2, 2])
        #expect(try Tensor.binary(.divide, t, Tensor(2)).data == [0, 0.5, 1, 1.5])
        #expect(try Tensor.binary(.subtract, Tensor(1), t).data == [1, 0, -1, -2])
        #expect(try Tensor.binary(.add, Tensor(1), Tensor(2)).shape == [])
    }

    @Test func emptyResults() throws {
        let r = try Tensor.binary(.add, Tensor(shape: [0, 3], data: []), iota([1, 3]))
        #expect(r.shape == [0, 3])
        #expect(r.data.isEmpty)
    }

    @Test func comparisonsGiveZeroAndOne() throws {
        let a = Tensor(shape: [4], data: [1, 2, .nan, 3]), b = Tensor(2)
        #expect(try Tensor.binary(.less, a, b).data == [1, 0, 0, 0])
        #expect(try Tensor.binary(.greaterEqual, a, b).data == [0, 1, 0, 1])
        #expect(try Tensor.binary(.notEqual, a, a).data == [0, 0, 1, 0])
    }

    @Test func materialisedBroadcast() throws {
        let t = try Tensor(shape: [3], data: [1, 2, 3]).broadcast(to: [2, 3])
        #expect(t.shape == [2, 3])
        #expect(t.data == [1, 2, 3, 1, 2, 3])
        #expect(thrown { () throws(TensorError) in try iota([2, 3]).broadcast(to: [3]) } == .broadcast([2, 3], [3]))
    }

    @Test func whereBroadcastsAllThree() throws {
        let condition = Tensor(shape: [3, 1], data: [1, 0, .nan])
        let r = try Tensor.select(condition, Tensor(shape: [2], data: [10, 20]), Tensor(-1))
        #expect(r.shape == [3, 2])
        #expect(r.data == [10, 20, -1, -1, 10, 20])
    }
}
