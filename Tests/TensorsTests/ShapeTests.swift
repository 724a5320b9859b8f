import Testing
import Tensors

/// Reshape, axes and the shape-moving operations, with shapes and element orders from NumPy.
@Suite struct ShapeTests {
    @Test(arguments: [
        ([3, -1], [3, 4]), ([-1], [12]), ([2, -1, 3], [2, 2, 3]), ([-1, 12], [1, 12]), ([1, -1, 1], [1, 12, 1]),
    ])
    func reshapeInfersOneSize(request: [Int], shape: [Int]) throws {
        let r = try iota([3, 4]).reshaped(request)
        #expect(r.shape == shape)
        #expect(r.data == iota([12]).data)
    }

    @Test func reshapeOfEmpty() throws {
        #expect(try iota([0, 3]).reshaped([-1, 6]).shape == [0, 6])
        #expect(try iota([0, 3]).reshaped([3, 0, 2]).shape == [3, 0, 2])
        #expect(try Tensor(2.5).reshaped([1, 1]).shape == [1, 1])
        #expect(try iota([1]).reshaped([]).shape == [])
    }

    @Test func reshapeErrors() {
        let t = iota([3, 4])
        #expect(thrown { () throws(TensorError) in try t.reshaped([5, 2]) } == .reshape(from: [3, 4], to: [5, 2]))
        #expect(thrown { () throws(TensorError) in try t.reshaped([5, -1]) } == .reshape(from: [3, 4], to: [5, -1]))
        // NumPy cannot infer a size next to a zero either.
        #expect(thrown { () throws(TensorError) in try iota([0, 3]).reshaped([-1, 0]) } == .reshape(from: [0, 3], to: [-1, 0]))
        for bad in [[-1, -1], [-2, 6], [3, -4]] {
            #expect(thrown { () throws(TensorError) in try t.reshaped(bad) } != nil, "reshape to \(bad)")
        }
    }

    @Test func axisNormalisation() throws {
        let t = iota([2, 3, 4])
        #expect(try t.normalize(axis: -1) == 2)
        #expect(try t.normalize(axis: -3) == 0)
        #expect(thrown { () throws(TensorError) in try t.normalize(axis: 3) } == .axisOutOfRange(axis: 3, rank: 3))
        #expect(thrown { () throws(TensorError) in try t.normalize(axis: -4) } == .axisOutOfRange(axis: -4, rank: 3))
        #expect(thrown { () throws(TensorError) in try Tensor(1).normalize(axis: 0) } == .axisOutOfRange(axis: 0, rank: 0))
    }

    @Test(arguments: Reduction.allCases)
    func reductionsRefuseBadAxes(kind: Reduction) {
        let t = iota([2, 3])
        #expect(thrown { () throws(TensorError) in try t.reduce(kind, axis: 2) } == .axisOutOfRange(axis: 2, rank: 2))
        #expect(thrown { () throws(TensorError) in try t.reduce(kind, axis: -3) } == .axisOutOfRange(axis: -3, rank: 2))
        #expect(thrown { () throws(TensorError) in try Tensor(4).reduce(kind, axis: 0) } == .axisOutOfRange(axis: 0, rank: 0))
    }

    @Test(arguments: Reduction.allCases)
    func reductionShapes(kind: Reduction) throws {
        let t = iota([2, 3, 4])
        #expect(try t.reduce(kind).shape == [])
        #expect(try t.reduce(kind, keepdims: true).shape == [1, 1, 1])
        #expect(try t.reduce(kind, axis: 1).shape == [2, 4])
        #expect(try t.reduce(kind, axis: -1, keepdims: true).shape == [2, 3, 1])
        #expect(try Tensor(4).reduce(kind).shape == [])
    }

    @Test func extremaOfNothingAreRefused() throws {
        for kind in [Reduction.max, .min, .argmax, .argmin] {
            guard case .invalidArgument = thrown({ () throws(TensorError) in try iota([0]).reduce(kind) }) else {
                Issue.record("\(kind) of an empty tensor should be refused")
                continue
            }
        }
        // An empty result needs no values.
        #expect(try iota([2, 0]).reduce(.max, axis: 0).shape == [0])
    }

    @Test func reductionValues() throws {
        // np.arange(12.).reshape(3, 4) with NaN at [1, 2]; values from NumPy.
        var t = iota([3, 4])
        t.data[6] = .nan
        let max = try t.reduce(.max, axis: 1)
        #expect(max.data[0] == 3 && max.data[1].isNaN && max.data[2] == 11)
        #expect(try t.reduce(.argmax, axis: 1).data == [3, 2, 3])
        #expect(try t.reduce(.argmin, axis: 0).data == [0, 0, 1, 0])
        #expect(try iota([3, 4]).reduce(.variance, axis: 0).data == [10.666666666666666, 10.666666666666666, 10.666666666666666, 10.666666666666666])
        #expect(try iota([3, 4]).reduce(.std, axis: 1).data == [1.118033988749895, 1.118033988749895, 1.118033988749895])
        #expect(try iota([3, 4]).reduce(.norm).data == [22.494443758403985])
    }

    @Test func transposePermutations() throws {
        let t = iota([2, 3, 4])
        let p = try t.transposed([2, 0, 1])
        #expect(p.shape == [4, 2, 3])
        // np.arange(24).reshape(2, 3, 4).transpose(2, 0, 1)[1] is [[1, 5, 9], [13, 17, 21]].
        #expect(Array(p.data[6..<12]) == [1, 5, 9, 13, 17, 21])
        #expect(try t.transposed([0, 1, 2]) == t)
        #expect(try t.transposed([-3, -2, -1]) == t)
        #expect(try iota([3, 4]).transposed([0, 1]) == iota([3, 4]))
        #expect(try iota([3, 4]).transposed().data == [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        #expect(try iota([5]).transposed() == iota([5]))
        for bad in [[0, 0, 1], [0, 1], [0, 1, 3], [0, 1, 2, 3]] {
            #expect(thrown { () throws(TensorError) in try t.transposed(bad) } != nil, "permutation \(bad)")
        }
    }

    @Test func concatAndStack() throws {
        let a = iota([2, 3]), b = iota([1, 3])
        let c = try Tensor.concat([a, b], axis: -2)
        #expect(c.shape == [3, 3])
        #expect(c.data == [0, 1, 2, 3, 4, 5, 0, 1, 2])
        let s = try Tensor.stack([a, a], axis: -1)
        #expect(s.shape == [2, 3, 2])
        #expect(s.data == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        #expect(try Tensor.stack([Tensor(1), Tensor(2)]).shape == [2])
        #expect(thrown { () throws(TensorError) in try Tensor.concat([a, b], axis: 1) } != nil)
        #expect(thrown { () throws(TensorError) in try Tensor.concat([a, a], axis: 2) } == .axisOutOfRange(axis: 2, rank: 2))
        #expect(thrown { () throws(TensorError) in try Tensor.stack([a, a], axis: 3) } == .axisOutOfRange(axis: 3, rank: 3))
        #expect(thrown { () throws(TensorError) in try Tensor.stack([a, a], axis: -4) } == .axisOutOfRange(axis: -4, rank: 3))
        #expect(thrown { () throws(TensorError) in try Tensor.concat([]) } != nil)
        #expect(thrown { () throws(TensorError) in try Tensor.concat([Tensor(1)]) } != nil)
        #expect(thrown { () throws(TensorError) in try Tensor.stack([a, b]) } != nil)
    }

    @Test func headsSplitAndMerge() throws {
        // np.arange(12).reshape(2, 6).reshape(2, 3, 2).transpose(1, 0, 2)
        let h = try iota([2, 6]).splitHeads(3)
        #expect(h.shape == [3, 2, 2])
        #expect(h.data == [0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11])
        #expect(try h.mergeHeads() == iota([2, 6]))
        for heads in [0, -1, 4] {
            #expect(thrown { () throws(TensorError) in try iota([2, 6]).splitHeads(heads) } != nil, "\(heads) heads")
        }
        #expect(thrown { () throws(TensorError) in try iota([6]).splitHeads(2) } != nil)
        #expect(thrown { () throws(TensorError) in try iota([2, 6]).mergeHeads() } != nil)
    }

    @Test func softmaxAxes() throws {
        #expect(thrown { () throws(TensorError) in try iota([2, 3]).softmax(axis: 2) } == .axisOutOfRange(axis: 2, rank: 2))
        let s = try iota([2, 3]).softmax(axis: 0)
        #expect(s.shape == [2, 3])
        for j in 0..<3 { #expect(Swift.abs(s.data[j] + s.data[3 + j] - 1) < 1e-15) }
    }

    @Test func trianglesOfBatches() throws {
        // np.tril(np.arange(18.).reshape(2, 3, 3), -1)
        let t = try iota([2, 3, 3]).triangle(lower: true, k: -1)
        #expect(t.data == [0, 0, 0, 3, 0, 0, 6, 7, 0, 0, 0, 0, 12, 0, 0, 15, 16, 0])
        #expect(try iota([2, 2]).triangle(lower: false, k: Int.max).data == [0, 0, 0, 0])
        #expect(try iota([2, 2]).triangle(lower: true, k: Int.min).data == [0, 0, 0, 0])
        #expect(thrown { () throws(TensorError) in try iota([3]).triangle(lower: true) } != nil)
    }

    @Test func creationShapes() throws {
        #expect(try Tensor.eye(2, 3, k: 1).data == [0, 1, 0, 0, 0, 1])
        #expect(try Tensor.eye(3, k: Int.max).data == [Double](repeating: 0, count: 9))
        #expect(try Tensor.eye(3, k: Int.min).data == [Double](repeating: 0, count: 9))
        #expect(try Tensor.arange(3, 1).shape == [0])
        #expect(try Tensor.linspace(2, 3, 1).data == [2])
        #expect(thrown { () throws(TensorError) in try Tensor.arange(0, 1, 0) } != nil)
        #expect(thrown { () throws(TensorError) in try Tensor.arange(0, .infinity) } != nil)
        #expect(thrown { () throws(TensorError) in try Tensor.linspace(0, 1, -1) } != nil)
        #expect(thrown { () throws(TensorError) in try Tensor.eye(-1) } != nil)
        #expect(try Tensor.causalMask(0).shape == [0, 0])
    }
}
