import Tensors

/// A pretrained BERT encoder read from a Hugging Face model folder: `config.json`,
/// `model.safetensors`, and `tokenizer.json` (or `vocab.txt`).
///
/// The encoder's weights (10.6 M numbers for all-MiniLM-L6-v2) are read once, as float32
/// panels for the model's own matrix kernel or, for `.float64`, as Doubles; the word-embedding
/// table (11.7 M) stays in the mapped file and only the rows of a sentence's tokens are read.
public final class BertModel: Sendable {
    public let directory: String
    public let config: BertConfig
    public let tokenizer: WordPieceTokenizer
    public let layers: [EncoderLayerWeights]
    public let embeddingNorm: LayerNorm
    /// The arithmetic of the forward pass's matrix products.
    public let precision: Precision
    /// The most tokens sentence-transformers embeds at once (`max_seq_length` of
    /// sentence_bert_config.json), when the folder says.
    public let sentenceLength: Int?
    let file: SafeTensorsFile
    let reader: WeightReader

    /// Loads the model in `directory`.
    public init(directory: String, precision: Precision = .float32) throws(ModelError) {
        self.directory = directory
        self.precision = precision
        let config = try BertConfig.load(directory + "/config.json")
        self.config = config
        tokenizer = try BertModel.tokenizer(directory: directory)
        let sentenceConfig = directory + "/sentence_bert_config.json"
        sentenceLength = ModelFiles.exists(sentenceConfig) ? (try ModelFiles.readJSON(sentenceConfig))["max_seq_length"]?.int.flatMap { $0 > 0 ? $0 : nil } : nil
        file = try SafeTensorsFile(path: directory + "/model.safetensors")
        reader = WeightReader(file: file)
        let d = config.hiddenSize
        try reader.check("embeddings.word_embeddings.weight", shape: [config.vocabularySize, d])
        try reader.check("embeddings.position_embeddings.weight", shape: [config.maxPositions, d])
        try reader.check("embeddings.token_type_embeddings.weight", shape: [config.typeVocabularySize, d])
        embeddingNorm = try reader.norm("embeddings.LayerNorm", size: d, eps: config.layerNormEps)
        var layers: [EncoderLayerWeights] = []
        for i in 0..<config.layers { layers.append(try reader.layer(i, config, precision)) }
        self.layers = layers
        guard tokenizer.tokens.count <= config.vocabularySize else {
            throw ModelError(.malformed, "\(directory): the tokenizer knows \(tokenizer.tokens.count) tokens but the model embeds only \(config.vocabularySize)")
        }
    }

    /// How the forward pass multiplies: float32 as the checkpoint and PyTorch do (the default,
    /// and fast), or float64 for comparisons with a float64 reference to 1e-9.
    public enum Precision: String, Sendable, CaseIterable {
        case float32, float64
    }

    /// The tokenizer of the model in `directory` alone (tokenizer.json, else vocab.txt), without its weights.
    public static func tokenizer(directory: String) throws(ModelError) -> WordPieceTokenizer {
        let tokenizerPath = directory + "/tokenizer.json"
        if ModelFiles.exists(tokenizerPath) { return try WordPieceTokenizer.load(tokenizerJSON: tokenizerPath) }
        guard ModelFiles.exists(directory + "/vocab.txt") else {
            throw ModelError(.notFound, "\(directory): has neither tokenizer.json nor vocab.txt")
        }
        let settings = directory + "/tokenizer_config.json"
        return try WordPieceTokenizer.load(vocabTXT: directory + "/vocab.txt",
                                           config: ModelFiles.exists(settings) ? try ModelFiles.readJSON(settings) : nil)
    }

    /// The embedding rows of `name` for the given ids (word, position or token-type table).
    public func embeddingRows(_ name: String, _ rows: [Int]) throws(ModelError) -> Tensor {
        try file.rows(reader.name("embeddings.\(name)_embeddings.weight"), rows)
    }
}
