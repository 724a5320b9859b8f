import Tensors

/// The weights of one encoder layer.
public struct EncoderLayerWeights: Sendable {
    /// W_Q, W_K and W_V stacked (3·d × d, biases likewise), so that one product makes a
    /// sentence's queries, keys and values: columns 0..<d, d..<2d and 2d..<3d of its result.
    public let queryKeyValue: Linear
    /// Mixes the heads' concatenated outputs back into the residual stream.
    public let attentionOutput: Linear
    public let attentionNorm: LayerNorm
    /// The feed-forward block: hidden → intermediate (then GELU) → hidden.
    public let intermediate: Linear, output: Linear
    public let outputNorm: LayerNorm

    /// One of the attention's three projections.
    public enum Projection: Int, Sendable { case query, key, value }

    /// Where a projection's weights sit in ``queryKeyValue``: rows of W and entries of b.
    public func rows(of p: Projection) -> Range<Int> {
        let d = queryKeyValue.outputs / 3
        return (p.rawValue * d)..<((p.rawValue + 1) * d)
    }
}

/// Reading a model's tensors by their Hugging Face names, with their shapes checked.
struct WeightReader {
    let file: SafeTensorsFile
    /// `""`, or `"bert."` for checkpoints saved from BertForPreTraining and similar.
    let prefix: String

    init(file: SafeTensorsFile) {
        self.file = file
        prefix = file.entry("embeddings.word_embeddings.weight") == nil && file.entry("bert.embeddings.word_embeddings.weight") != nil ? "bert." : ""
    }

    func name(_ n: String) -> String { prefix + n }

    func tensor(_ n: String, shape: [Int]) throws(ModelError) -> Tensor {
        let entry = try file.require(name(n))
        guard entry.shape == shape else {
            throw ModelError(.malformed, "\(file.path): '\(name(n))' has shape \(entry.shape), but config.json implies \(shape)")
        }
        return try file.tensor(name(n))
    }

    func check(_ n: String, shape: [Int]) throws(ModelError) {
        let entry = try file.require(name(n))
        guard entry.shape == shape else {
            throw ModelError(.malformed, "\(file.path): '\(name(n))' has shape \(entry.shape), but config.json implies \(shape)")
        }
    }

    /// The Linear layers `names` (each outputs × inputs), their rows stacked in that order.
    func linear(_ names: String..., outputs: Int, inputs: Int, precision: BertModel.Precision) throws(ModelError) -> Linear {
        var bias: [Double] = []
        for n in names { bias += try tensor(n + ".bias", shape: [outputs]).data }
        let stacked = Tensor(shape: [outputs * names.count], data: bias)
        switch precision {
        case .float32:
            for n in names { try check(n + ".weight", shape: [outputs, inputs]) }
            // A quarter of a megabyte of rows at a time, decoded and packed while it is in cache.
            let block = max(1, (1 << 16) / inputs)
            let buffer = UnsafeMutablePointer<Float>.allocate(capacity: block * inputs)
            defer { buffer.deallocate() }
            let packed = try PackedWeights(outputs: outputs * names.count, inputs: inputs) { (put) throws(ModelError) in
                for (part, n) in names.enumerated() {
                    var row = 0
                    while row < outputs {
                        let count = min(block, outputs - row)
                        try file.floats(name(n + ".weight"), from: row * inputs, count: count * inputs, into: buffer)
                        put(buffer, count, part * outputs + row)
                        row += count
                    }
                }
            }
            return Linear(outputs: outputs * names.count, inputs: inputs, bias: stacked, storage: .float32(packed))
        case .float64:
            var w: [Double] = []
            for n in names { w += try tensor(n + ".weight", shape: [outputs, inputs]).data }
            return Linear(outputs: outputs * names.count, inputs: inputs, bias: stacked,
                          storage: .float64(Tensor(shape: [outputs * names.count, inputs], data: w)))
        }
    }

    func norm(_ n: String, size: Int, eps: Double) throws(ModelError) -> LayerNorm {
        LayerNorm(gamma: try tensor(n + ".weight", shape: [size]), beta: try tensor(n + ".bias", shape: [size]), eps: eps)
    }

    func layer(_ i: Int, _ c: BertConfig, _ precision: BertModel.Precision) throws(ModelError) -> EncoderLayerWeights {
        let p = "encoder.layer.\(i)."
        let d = c.hiddenSize
        return EncoderLayerWeights(
            queryKeyValue: try linear(p + "attention.self.query", p + "attention.self.key", p + "attention.self.value",
                                      outputs: d, inputs: d, precision: precision),
            attentionOutput: try linear(p + "attention.output.dense", outputs: d, inputs: d, precision: precision),
            attentionNorm: try norm(p + "attention.output.LayerNorm", size: d, eps: c.layerNormEps),
            intermediate: try linear(p + "intermediate.dense", outputs: c.intermediateSize, inputs: d, precision: precision),
            output: try linear(p + "output.dense", outputs: d, inputs: c.intermediateSize, precision: precision),
            outputNorm: try norm(p + "output.LayerNorm", size: d, eps: c.layerNormEps))
    }
}
