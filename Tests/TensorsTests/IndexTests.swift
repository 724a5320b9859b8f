import Testing
import Tensors

/// NumPy indexing on `np.arange(60).reshape(3, 4, 5)`; every expected shape and list of
/// positions was printed by NumPy for the same subscript.
@Suite struct IndexTests {
    static let all = IndexItem.slice(start: nil, stop: nil, step: nil)

    @Test(arguments: [
        ([.at(1)], [4, 5], Array(20...39)),
        ([.at(-1), .slice(start: 1, stop: 3, step: nil)], [2, 5], Array(45...54)),
        ([.slice(start: nil, stop: nil, step: -1), .at(0), .slice(start: nil, stop: nil, step: 2)], [3, 3], [40, 42, 44, 20, 22, 24, 0, 2, 4]),
        ([.positions([2, 0]), .at(3)], [2, 5], [55, 56, 57, 58, 59, 15, 16, 17, 18, 19]),
        ([all, .positions([3, -4, 3])], [3, 3, 5],
         [15, 16, 17, 18, 19, 0, 1, 2, 3, 4, 15, 16, 17, 18, 19, 35, 36, 37, 38, 39, 20, 21, 22, 23, 24, 35, 36, 37, 38, 39,
          55, 56, 57, 58, 59, 40, 41, 42, 43, 44, 55, 56, 57, 58, 59]),
        // A single position and a list separated by a slice: the paired axis goes first.
        ([.at(0), all, .positions([4, 0])], [2, 4], [4, 9, 14, 19, 0, 5, 10, 15]),
        ([.positions([0, 2]), .positions([1, 3]), .positions([4])], [2], [9, 59]),
        ([.slice(start: 1, stop: nil, step: nil), .positions([0, 3]), .positions([1, 2])], [2, 2], [21, 37, 41, 57]),
        ([.positions([1]), .slice(start: 2, stop: nil, step: nil), .positions([0, 4])], [2, 2], [30, 35, 34, 39]),
        ([.at(2), .at(3), .at(4)], [], [59]),
        ([.slice(start: 5, stop: nil, step: nil)], [0, 4, 5], []),
        ([.positions([])], [0, 4, 5], []),
    ] as [([IndexItem], [Int], [Int])])
    func numpyIndexing(items: [IndexItem], shape: [Int], positions: [Int]) throws {
        let r = try iota([3, 4, 5]).indexed(items)
        #expect(r.shape == shape)
        #expect(r.data == positions.map(Double.init))
    }

    /// Python's slice rules on a length-5 axis, from `list(range(5))[start:stop:step]`.
    @Test(arguments: [
        (nil, nil, nil, [0, 1, 2, 3, 4]), (1, nil, nil, [1, 2, 3, 4]), (nil, -1, nil, [0, 1, 2, 3]),
        (-2, nil, nil, [3, 4]), (-100, 100, nil, [0, 1, 2, 3, 4]), (7, nil, nil, []), (3, 1, nil, []),
        (nil, nil, -1, [4, 3, 2, 1, 0]), (nil, nil, -2, [4, 2, 0]), (4, 0, -1, [4, 3, 2, 1]),
        (-1, -6, -1, [4, 3, 2, 1, 0]), (-1, -7, -2, [4, 2, 0]), (10, nil, -1, [4, 3, 2, 1, 0]),
        (nil, -10, -1, [4, 3, 2, 1, 0]), (2, -10, -1, [2, 1, 0]), (1, 4, 2, [1, 3]), (0, 5, 3, [0, 3]),
        (-4, -1, nil, [1, 2, 3]), (3, 3, nil, []), (nil, nil, 7, [0]), (nil, nil, -7, [4]),
        (-6, 2, nil, [0, 1]), (2, -6, -1, [2, 1, 0]), (6, 0, -2, [4, 2]),
    ] as [(Int?, Int?, Int?, [Int])])
    func pythonSlices(start: Int?, stop: Int?, step: Int?, expected: [Int]) throws {
        let r = try iota([5]).indexed([.slice(start: start, stop: stop, step: step)])
        #expect(r.shape == [expected.count])
        #expect(r.data == expected.map(Double.init))
    }

    @Test func slicesOfAnEmptyAxis() throws {
        for step in [1, -1, 3] {
            #expect(try iota([0]).indexed([.slice(start: nil, stop: nil, step: step)]).shape == [0])
        }
        #expect(try iota([2, 0]).indexed([.at(1)]).shape == [0])
    }

    @Test func hugeBoundsClampWithoutOverflow() throws {
        let v = iota([4])
        #expect(try v.indexed([.slice(start: Int.min, stop: Int.max, step: nil)]).data == [0, 1, 2, 3])
        #expect(try v.indexed([.slice(start: Int.max, stop: Int.min, step: -1)]).data == [3, 2, 1, 0])
        #expect(try v.indexed([.slice(start: nil, stop: nil, step: Int.max)]).data == [0])
        #expect(try v.indexed([.slice(start: nil, stop: nil, step: Int.min)]).data == [3])
        #expect(try v.indexed([.slice(start: 2, stop: nil, step: Int.max)]).data == [2])
        #expect(try v.indexed([.slice(start: 1, stop: nil, step: Int.min)]).data == [1])
    }

    @Test func errors() {
        let t = iota([3, 4])
        #expect(thrown { () throws(TensorError) in try t.indexed([.at(3)]) } == .index(index: 3, axis: 0, size: 3))
        #expect(thrown { () throws(TensorError) in try t.indexed([.at(-4)]) } == .index(index: -4, axis: 0, size: 3))
        #expect(thrown { () throws(TensorError) in try t.indexed([IndexTests.all, .at(4)]) } == .index(index: 4, axis: 1, size: 4))
        #expect(thrown { () throws(TensorError) in try t.indexed([.positions([0, 9])]) } == .index(index: 9, axis: 0, size: 3))
        #expect(thrown { () throws(TensorError) in try t.indexed([.at(Int.min)]) } == .index(index: Int.min, axis: 0, size: 3))
        for bad in [[IndexItem.at(0), .at(0), .at(0)], [.slice(start: nil, stop: nil, step: 0)],
                    [.positions([0, 1]), .positions([0, 1, 2])]] {
            guard case .invalidArgument = thrown({ () throws(TensorError) in try t.indexed(bad) }) else {
                Issue.record("\(bad) should be refused as an invalid argument")
                continue
            }
        }
        #expect(thrown { () throws(TensorError) in try Tensor(3).indexed([.at(0)]) } != nil)
    }

    @Test func scalarWithNoItemsIsItself() throws {
        #expect(try Tensor(3).indexed([]) == Tensor(3))
    }
}
