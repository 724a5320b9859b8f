import Tensors

/// A pretrained BERT encoder read from a Hugging Face model folder: `config.json`,
/// `model.safetensors`, and `tokenizer.json` (or `vocab.txt`).
///
/// The encoder's weights are decoded once into Doubles (10.6 M numbers for
/// all-MiniLM-L6-v2); the word-embedding table (11.7 M) stays in the mapped file and only the
/// rows of a sentence's tokens are read.
public final class BertModel: Sendable {
    public let directory: String
    public let config: BertConfig
    public let tokenizer: WordPieceTokenizer
    public let layers: [EncoderLayerWeights]
    public let embeddingNorm: LayerNorm
    let file: SafeTensorsFile
    let reader: WeightReader

    /// Loads the model in `directory`.
    public init(directory: String) throws(ModelError) {
        self.directory = directory
        let config = try BertConfig.load(directory + "/config.json")
        self.config = config
        tokenizer = try BertModel.tokenizer(directory: directory)
        file = try SafeTensorsFile(path: directory + "/model.safetensors")
        reader = WeightReader(file: file)
        let d = config.hiddenSize
        try reader.check("embeddings.word_embeddings.weight", shape: [config.vocabularySize, d])
        try reader.check("embeddings.position_embeddings.weight", shape: [config.maxPositions, d])
        try reader.check("embeddings.token_type_embeddings.weight", shape: [config.typeVocabularySize, d])
        embeddingNorm = try reader.norm("embeddings.LayerNorm", size: d, eps: config.layerNormEps)
        var layers: [EncoderLayerWeights] = []
        for i in 0..<config.layers { layers.append(try reader.layer(i, config)) }
        self.layers = layers
        guard tokenizer.tokens.count <= config.vocabularySize else {
            throw ModelError(.malformed, "\(directory): the tokenizer knows \(tokenizer.tokens.count) tokens but the model embeds only \(config.vocabularySize)")
        }
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
