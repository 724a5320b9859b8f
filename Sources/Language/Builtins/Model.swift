import Models
import Tensors

/// The pretrained model's real tensors (all-MiniLM-L6-v2, or the folder given with --model),
/// labelled by token, so the learner computes a head from its weights and compares it with
/// what the model itself computed.
extension Builtins {
    static let model: [Builtin] = [
        Builtin("model_tokens(text)", "the pretrained model's WordPiece tokens of a sentence: their ids, labelled by token ([CLS] … [SEP])") { c throws(LanguageError) in
            let t = try Builtins.trace(c)
            return .tensor(Tensor(shape: [t.ids.count], data: t.ids.map(Double.init), labels: [t.tokens]))
        },
        Builtin("model_hidden(text, layer)", "hidden states entering a layer of the pretrained model: tokens × 384 (layer 0 gets the embeddings; layer 6 is the output)") { c throws(LanguageError) in
            let t = try Builtins.trace(c)
            let layer = try Builtins.index(c, "layer", count: t.hiddenStates.count, what: "layer (0 is the embeddings' output, \(t.hiddenStates.count - 1) the last layer's)")
            return .tensor(t.hiddenStates[layer].labelled(t.tokens, axis: 0))
        },
        Builtin("model_wq(layer, head)", "one head's query weights W_Q: 384 × 32, so that H @ model_wq(l, h) + model_bq(l, h) is that head's queries") { c throws(LanguageError) in
            .tensor(try Builtins.headWeight(c, .query))
        },
        Builtin("model_wk(layer, head)", "one head's key weights W_K: 384 × 32 (keys = H @ W_K + b_K)") { c throws(LanguageError) in
            .tensor(try Builtins.headWeight(c, .key))
        },
        Builtin("model_wv(layer, head)", "one head's value weights W_V: 384 × 32 (values = H @ W_V + b_V)") { c throws(LanguageError) in
            .tensor(try Builtins.headWeight(c, .value))
        },
        Builtin("model_bq(layer, head)", "one head's query bias: 32 numbers added to every query") { c throws(LanguageError) in
            .tensor(try Builtins.headBias(c, .query))
        },
        Builtin("model_bk(layer, head)", "one head's key bias: 32 numbers added to every key") { c throws(LanguageError) in
            .tensor(try Builtins.headBias(c, .key))
        },
        Builtin("model_bv(layer, head)", "one head's value bias: 32 numbers added to every value") { c throws(LanguageError) in
            .tensor(try Builtins.headBias(c, .value))
        },
        Builtin("model_attention(text, layer=None, head=None, hide_special=False)", "the pretrained model's own attention weights, queries × keys labelled by token: all layers × heads, one layer's heads, or one head. hide_special=True drops [CLS]/[SEP] and renormalises each row to sum to 1") { c throws(LanguageError) in
            let t = try Builtins.trace(c)
            var w = try Builtins.weights(c, t) { $0.weights }
            if try c.bool("hide_special", default: false) {
                w = try c.engine { () throws(TensorError) in try HideSpecialTokens.apply(w, tokens: t.tokens) }
            }
            return .tensor(w)
        },
        Builtin("model_scores(text, layer, head)", "the pretrained model's scores Q·Kᵀ/√32 for one head, before softmax: queries × keys labelled by token") { c throws(LanguageError) in
            let t = try Builtins.trace(c)
            return .tensor(try Builtins.weights(c, t) { $0.scores })
        },
        Builtin("model_embed(text)", "the pretrained model's sentence embedding: the mean of its last hidden states, scaled to length 1 (384 numbers); a text over 256 tokens is cut to 256 first, as sentence-transformers does") { c throws(LanguageError) in
            let text = try c.string("text")
            do throws(ModelError) {
                return .tensor(try PretrainedModel.embedding(text))
            } catch {
                throw Builtins.modelError(error, c)
            }
        },
    ]

    /// The forward pass of the call's `text` argument, with model problems as one located error.
    static func trace(_ c: Call) throws(LanguageError) -> ForwardTrace {
        let text = try c.string("text")
        do throws(ModelError) {
            return try PretrainedModel.trace(text)
        } catch {
            throw Builtins.modelError(error, c)
        }
    }

    static func loaded(_ c: Call) throws(LanguageError) -> BertModel {
        do throws(ModelError) {
            return try PretrainedModel.model()
        } catch {
            throw Builtins.modelError(error, c)
        }
    }

    static func modelError(_ error: ModelError, _ c: Call) -> LanguageError {
        LanguageError(.value, "\(c.name): \(error.message)", c.span)
    }

    /// A whole-number argument in 0..<count.
    static func index(_ c: Call, _ key: String, count: Int, what: String) throws(LanguageError) -> Int {
        let i = try c.int(key)
        guard i >= 0, i < count else { throw c.fail("\(key) must be 0 to \(count - 1), the \(what); got \(i)", key) }
        return i
    }

    /// The (layer, head) arguments, checked against the model.
    static func layerHead(_ c: Call, _ m: BertModel) throws(LanguageError) -> (Int, Int) {
        let layer = try index(c, "layer", count: m.config.layers, what: "model's layers")
        let head = try index(c, "head", count: m.config.heads, what: "heads of a layer")
        return (layer, head)
    }

    /// Columns `head·32 ..< (head+1)·32` of a projection's `x Wᵀ`: rows of W, transposed to d_model × d_head.
    static func headWeight(_ c: Call, _ projection: EncoderLayerWeights.Projection) throws(LanguageError) -> Tensor {
        let m = try loaded(c)
        let (layer, head) = try layerHead(c, m)
        let d = m.config.hiddenSize, dh = m.config.headSize
        let first = m.layers[layer].rows(of: projection).lowerBound + head * dh
        let w = m.layers[layer].queryKeyValue.weightRows(first..<(first + dh))
        var data = [Double](repeating: 0, count: d * dh)
        for j in 0..<dh {
            for i in 0..<d { data[i * dh + j] = w.data[j * d + i] }
        }
        return Tensor(shape: [d, dh], data: data)
    }

    static func headBias(_ c: Call, _ projection: EncoderLayerWeights.Projection) throws(LanguageError) -> Tensor {
        let m = try loaded(c)
        let (layer, head) = try layerHead(c, m)
        let first = m.layers[layer].rows(of: projection).lowerBound + head * m.config.headSize
        return Tensor(shape: [m.config.headSize], data: Array(m.layers[layer].queryKeyValue.bias.data[first..<(first + m.config.headSize)]))
    }

    /// A per-head tensor of the trace: every layer (layers × heads × tokens × tokens), one layer, or one head.
    static func weights(_ c: Call, _ t: ForwardTrace, _ pick: (LayerTrace) -> Tensor) throws(LanguageError) -> Tensor {
        let m = try loaded(c)
        let labels: [[String]?] = [t.tokens, t.tokens]
        guard c.has("layer") else {
            if c.has("head") { throw c.fail("give the layer too: \(c.name)(text, layer, head)", "head") }
            let all = try c.engine { () throws(TensorError) in try Tensor.stack(t.layers.map(pick)) }
            return Tensor(shape: all.shape, data: all.data, labels: [nil, nil] + labels)
        }
        let layer = try index(c, "layer", count: m.config.layers, what: "model's layers")
        let heads = pick(t.layers[layer])
        guard c.has("head") else { return Tensor(shape: heads.shape, data: heads.data, labels: [nil] + labels) }
        let head = try index(c, "head", count: m.config.heads, what: "heads of a layer")
        let n = t.tokens.count
        return Tensor(shape: [n, n], data: Array(heads.data[(head * n * n)..<((head + 1) * n * n)]), labels: labels)
    }
}
