/// The sizes of a BERT encoder, from its `config.json`.
public struct BertConfig: Sendable, Equatable {
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var maxPositions: Int
    public var typeVocabularySize: Int
    public var vocabularySize: Int
    public var layerNormEps: Double
    /// The width of one head: hiddenSize / heads (32 for all-MiniLM-L6-v2).
    public var headSize: Int { hiddenSize / heads }

    public init(hiddenSize: Int, layers: Int, heads: Int, intermediateSize: Int, maxPositions: Int,
                typeVocabularySize: Int, vocabularySize: Int, layerNormEps: Double) {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.heads = heads
        self.intermediateSize = intermediateSize
        self.maxPositions = maxPositions
        self.typeVocabularySize = typeVocabularySize
        self.vocabularySize = vocabularySize
        self.layerNormEps = layerNormEps
    }

    /// Reads and checks `config.json`: a BERT-style encoder with absolute positions and the
    /// erf form of GELU (`"gelu"`), the only kind this forward pass computes.
    public static func load(_ path: String) throws(ModelError) -> BertConfig {
        let json = try ModelFiles.readJSON(path)
        func bad(_ message: String) -> ModelError { ModelError(.unsupported, "\(path): \(message)") }
        func size(_ key: String, default value: Int? = nil) throws(ModelError) -> Int {
            guard let v = json[key] else {
                if let value { return value }
                throw ModelError(.malformed, "\(path): has no \(key)")
            }
            guard let n = v.int, n > 0, n <= 1 << 24 else { throw ModelError(.malformed, "\(path): \(key) must be a whole number ≥ 1") }
            return n
        }
        if let type = json["model_type"]?.string, type != "bert" {
            throw bad("model_type is \"\(type)\"; only BERT encoders (model_type \"bert\") are run")
        }
        let act = json["hidden_act"]?.string ?? "gelu"
        guard act == "gelu" else { throw bad("hidden_act is \"\(act)\"; only \"gelu\" (the erf form) is computed") }
        if let pos = json["position_embedding_type"]?.string, pos != "absolute" {
            throw bad("position_embedding_type is \"\(pos)\"; only absolute positions are computed")
        }
        let config = BertConfig(
            hiddenSize: try size("hidden_size"), layers: try size("num_hidden_layers"),
            heads: try size("num_attention_heads"), intermediateSize: try size("intermediate_size"),
            maxPositions: try size("max_position_embeddings", default: 512),
            typeVocabularySize: try size("type_vocab_size", default: 2),
            vocabularySize: try size("vocab_size"),
            layerNormEps: json["layer_norm_eps"]?.double ?? 1e-12)
        guard config.hiddenSize % config.heads == 0 else {
            throw ModelError(.malformed, "\(path): hidden_size \(config.hiddenSize) does not split into \(config.heads) heads")
        }
        guard config.layerNormEps > 0, config.layerNormEps < 1 else { throw ModelError(.malformed, "\(path): layer_norm_eps must be a small positive number") }
        return config
    }
}
