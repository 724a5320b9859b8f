import Testing
import Tensors

/// Axis labels follow the elements they name: rows of the left operand and columns of the
/// right through `@`, swapped by transposes, kept by elementwise operations and softmax,
/// dropped with a reduced axis, sliced with the elements.
@Suite struct LabelTests {
    let tokens = ["the", "cat", "sat"]
    let features = ["f0", "f1", "f2", "f3"]
    let heads = ["q0", "q1"]

    var x: Tensor { labelled([3, 4], [tokens, features]) }
    var w: Tensor { labelled([4, 2], [features, heads]) }

    @Test func matmulKeepsRowsOfLeftAndColumnsOfRight() throws {
        let q = try Tensor.matmul(x, w)
        #expect(q.shape == [3, 2])
        #expect(q.labels == [tokens, heads])
    }

    @Test func queryTimesKeyTransposedHasTokensBothWays() throws {
        let q = labelled([3, 2], [tokens, nil]), k = labelled([3, 2], [["a", "b", "c"], nil])
        let fused = try Tensor.matmul(q, k, transposeB: true)
        #expect(fused.labels == [tokens, ["a", "b", "c"]])
        let copied = try Tensor.matmul(q, try k.transposed())
        #expect(copied.labels == fused.labels)
        #expect(copied.data == fused.data)
        let left = try Tensor.matmul(k, q, transposeA: true)
        #expect(left.labels == [nil, nil])
    }

    @Test func matmulWithAVectorDropsItsAxis() throws {
        let v = Tensor(shape: [4], data: [1, 2, 3, 4])
        #expect(try Tensor.matmul(x, v).labels == [tokens])
        let u = Tensor(shape: [3], data: [1, 1, 1])
        #expect(try Tensor.matmul(u, x).labels == [features])
    }

    @Test func batchedMatmulKeepsBatchLabels() throws {
        let a = labelled([2, 3, 4], [["h0", "h1"], tokens, nil])
        let r = try Tensor.matmul(a, w)
        #expect(r.labels == [["h0", "h1"], tokens, heads])
    }

    @Test func transposesSwapLabels() throws {
        #expect(try x.transposed().labels == [features, tokens])
        let t = labelled([2, 3, 4], [["a", "b"], tokens, features])
        #expect(try t.transposed([2, 0, 1]).labels == [features, ["a", "b"], tokens])
        #expect(try t.transposed().labels == [features, tokens, ["a", "b"]])
    }

    @Test func elementwiseAndSoftmaxKeepLabels() throws {
        #expect(x.unary(.exp).labels == x.labels)
        #expect(try Tensor.binary(.multiply, x, Tensor(2)).labels == x.labels)
        #expect(try Tensor.binary(.add, Tensor(1), x).labels == x.labels)
        // An unlabelled operand takes the labels of the other.
        #expect(try Tensor.binary(.add, iota([3, 4]), x).labels == x.labels)
        // A stretched axis has no labels to give.
        #expect(try Tensor.binary(.add, labelled([1, 4], [["only"], features]), iota([3, 4])).labels == [nil, features])
        #expect(try x.softmax().labels == x.labels)
        #expect(try x.softmax(axis: 0).labels == x.labels)
        #expect(try x.layerNorm().labels == x.labels)
        #expect(x.rounded(decimals: 1).labels == x.labels)
    }

    @Test func reductionsDropTheReducedAxis() throws {
        #expect(try x.reduce(.sum, axis: 0).labels == [features])
        #expect(try x.reduce(.max, axis: -1).labels == [tokens])
        #expect(try x.reduce(.mean, axis: 1, keepdims: true).labels == [tokens, nil])
        #expect(try x.reduce(.sum).labels == [])
    }

    @Test func indexingSlicesLabels() throws {
        #expect(try x.indexed([.slice(start: 1, stop: nil, step: nil)]).labels == [["cat", "sat"], features])
        #expect(try x.indexed([.positions([2, 0])]).labels == [["sat", "the"], features])
        #expect(try x.indexed([.at(0)]).labels == [features])
        #expect(try x.indexed([.slice(start: nil, stop: nil, step: -1), .at(1)]).labels == [["sat", "cat", "the"]])
        #expect(try x.indexed([.positions([0, 2]), .positions([1, 3])]).labels == [["the", "sat"]])
    }

    @Test func shapeOperationsMoveLabels() throws {
        let heads = try x.splitHeads(2)
        #expect(heads.shape == [2, 3, 2])
        #expect(heads.labels[1] == tokens)
        #expect(try heads.mergeHeads().labels[0] == tokens)
        let joined = try Tensor.concat([x, labelled([1, 4], [["mat"], features])])
        #expect(joined.labels == [tokens + ["mat"], features])
        let partly = try Tensor.concat([x, iota([1, 4])])
        #expect(partly.labels == [nil, features])
        #expect(try Tensor.stack([x, x]).labels == [nil, tokens, features])
        #expect(try x.reshaped([3, 4]).labels == x.labels)
        #expect(try x.reshaped([4, 3]).labels == [nil, nil])
        #expect(try x.triangle(lower: true).labels == x.labels)
        #expect(try Tensor.positionalEncoding(2, 4).labels == [["pos 0", "pos 1"], nil])
    }

    @Test func labelsOfTheWrongLengthAreIgnored() {
        let t = Tensor(shape: [2, 2], data: [1, 2, 3, 4], labels: [["a", "b", "c"], ["x", "y"]])
        #expect(t.labels == [nil, ["x", "y"]])
        #expect(t.labelled(["p"], axis: 1).labels == [nil, nil])
        #expect(t.labelled(["p", "q"], axis: -2).labels == [["p", "q"], ["x", "y"]])
    }

    @Test func labelsAreNotPartOfEquality() {
        #expect(x == iota([3, 4]))
        #expect(x != iota([4, 3]))
    }
}
