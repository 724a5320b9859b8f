import Tensors

/// `y = x Wᵀ + b`, with W stored as PyTorch stores it: one row per output.
public struct Linear: Sendable {
    /// outputs × inputs.
    public let weight: Tensor
    public let bias: Tensor

    /// `x @ Wᵀ + b` for the rows of x (tokens × inputs → tokens × outputs); labels of x's rows kept.
    public func callAsFunction(_ x: Tensor) throws(TensorError) -> Tensor {
        try Tensor.binary(.add, Tensor.matmul(x, weight, transposeB: true), bias)
    }
}

/// Layer normalisation with a learned scale and shift.
public struct LayerNorm: Sendable {
    public let gamma: Tensor
    public let beta: Tensor
    public let eps: Double

    /// Each row: subtract its mean, divide by √(variance + ε) (the biased variance, as in
    /// PyTorch), then scale by γ and shift by β.
    public func callAsFunction(_ x: Tensor) throws(TensorError) -> Tensor {
        try Tensor.binary(.add, Tensor.binary(.multiply, x.layerNorm(eps: eps), gamma), beta)
    }
}

/// The weights of one encoder layer.
public struct EncoderLayerWeights: Sendable {
    public let query: Linear, key: Linear, value: Linear
    /// Mixes the heads' concatenated outputs back into the residual stream.
    public let attentionOutput: Linear
    public let attentionNorm: LayerNorm
    /// The feed-forward block: hidden → intermediate (then GELU) → hidden.
    public let intermediate: Linear, output: Linear
    public let outputNorm: LayerNorm
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

    func linear(_ n: String, outputs: Int, inputs: Int) throws(ModelError) -> Linear {
        Linear(weight: try tensor(n + ".weight", shape: [outputs, inputs]), bias: try tensor(n + ".bias", shape: [outputs]))
    }

    func norm(_ n: String, size: Int, eps: Double) throws(ModelError) -> LayerNorm {
        LayerNorm(gamma: try tensor(n + ".weight", shape: [size]), beta: try tensor(n + ".bias", shape: [size]), eps: eps)
    }

    func layer(_ i: Int, _ c: BertConfig) throws(ModelError) -> EncoderLayerWeights {
        let p = "encoder.layer.\(i)."
        let d = c.hiddenSize
        return EncoderLayerWeights(
            query: try linear(p + "attention.self.query", outputs: d, inputs: d),
            key: try linear(p + "attention.self.key", outputs: d, inputs: d),
            value: try linear(p + "attention.self.value", outputs: d, inputs: d),
            attentionOutput: try linear(p + "attention.output.dense", outputs: d, inputs: d),
            attentionNorm: try norm(p + "attention.output.LayerNorm", size: d, eps: c.layerNormEps),
            intermediate: try linear(p + "intermediate.dense", outputs: c.intermediateSize, inputs: d),
            output: try linear(p + "output.dense", outputs: d, inputs: c.intermediateSize),
            outputNorm: try norm(p + "output.LayerNorm", size: d, eps: c.layerNormEps))
    }
}
