#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Tensors

/// Everything one forward pass computed, labelled by token, for the learner to inspect.
public struct ForwardTrace: Sendable {
    public let tokens: [String]
    public let ids: [Int]
    /// The hidden states: index 0 is the embedding layer's output (the input of layer 0),
    /// index i + 1 the output of layer i. Each is tokens × hidden size.
    public let hiddenStates: [Tensor]
    public let layers: [LayerTrace]
    /// The sentence embedding: the mean of the last hidden states over the tokens, scaled to length 1.
    public let embedding: Tensor
}

/// One layer's attention, head by head: axes (head, token, …).
public struct LayerTrace: Sendable {
    /// heads × tokens × head size.
    public let queries: Tensor, keys: Tensor, values: Tensor
    /// heads × tokens × tokens: Q Kᵀ / √(head size), before softmax.
    public let scores: Tensor
    /// heads × tokens × tokens: softmax of the scores over the keys; each row sums to 1.
    public let weights: Tensor
}

extension BertModel {
    /// Tokenizes `text` and runs the encoder on it.
    public func forward(_ text: String) throws(ModelError) -> ForwardTrace {
        let (tokens, ids) = tokenizer.encode(text)
        return try forward(tokens: tokens, ids: ids)
    }

    /// Runs the encoder (inference: no dropout, one sentence, no padding, token type 0).
    public func forward(tokens: [String], ids: [Int]) throws(ModelError) -> ForwardTrace {
        guard ids.count <= config.maxPositions else {
            throw ModelError(.invalidRequest, "\(ids.count) tokens is more than this model's \(config.maxPositions) positions; shorten the text")
        }
        guard !ids.isEmpty else { throw ModelError(.invalidRequest, "no tokens to run") }
        do {
            return try run(tokens: tokens, ids: ids)
        } catch let error as ModelError {
            throw error
        } catch let error as TensorError {
            throw ModelError(.invalidRequest, "the forward pass stopped: \(error.description)")
        } catch {
            throw ModelError(.invalidRequest, "the forward pass stopped: \(error)")
        }
    }

    private func run(tokens: [String], ids: [Int]) throws -> ForwardTrace {
        let t = ids.count, h = config.heads
        let word = try embeddingRows("word", ids)
        let position = try embeddingRows("position", Array(0..<t))
        let type = try embeddingRows("token_type", [0])
        var x = try embeddingNorm(Tensor.binary(.add, Tensor.binary(.add, word, position), type)).labelled(tokens, axis: 0)
        try finite(x, "the embeddings")
        var hidden = [x]
        var traces: [LayerTrace] = []
        for (i, layer) in layers.enumerated() {
            try Interrupt.check()
            let attention = try SelfAttention(queryKeyValue: try layer.queryKeyValue(x), heads: h)
            // Post-LN: add the sublayer's output to its input, then normalise.
            x = try layer.attentionNorm(layer.attentionOutput(attention.context, adding: x))
            let inner = try layer.intermediate(x, activation: .gelu)
            x = try layer.outputNorm(layer.output(inner, adding: x)).labelled(tokens, axis: 0)
            try finite(x, "layer \(i)")
            hidden.append(x)
            traces.append(attention.trace)
        }
        let mean = try x.reduce(.mean, axis: 0)
        let norm = mean.data.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let embedding = mean.map { norm > 0 ? $0 / norm : 0 }
        return ForwardTrace(tokens: tokens, ids: ids, hiddenStates: hidden, layers: traces, embedding: embedding)
    }

    /// A NaN or an infinity in the hidden states comes from the weights, and would spread to
    /// every number after it: refused, rather than printed as a result.
    private func finite(_ x: Tensor, _ stage: String) throws(ModelError) {
        guard x.data.allSatisfy(\.isFinite) else {
            throw ModelError(.malformed, "\(directory)/model.safetensors: \(stage) gave NaN or ∞, so its weights hold NaN or ∞ or are damaged; reinstall the model (attn-tutor model install --force)")
        }
    }

    /// The tokens of `text` for a sentence embedding as sentence-transformers makes it: cut to
    /// the folder's `max_seq_length` (sentence_bert_config.json; 256 for all-MiniLM-L6-v2), the
    /// closing special token kept. `cut` says whether anything was left out.
    public func sentenceTokens(_ text: String) -> (tokens: [String], ids: [Int], cut: Bool) {
        var (tokens, ids) = tokenizer.encode(text)
        let keep = sentenceLength ?? Int.max, closing = tokenizer.suffix.count
        guard tokens.count > keep, keep > closing else { return (tokens, ids, false) }
        tokens = Array(tokens.prefix(keep - closing)) + tokens.suffix(closing)
        ids = Array(ids.prefix(keep - closing)) + ids.suffix(closing)
        return (tokens, ids, true)
    }
}
