import Models
import Tensors
import Testing

/// The forward pass on a tiny random BERT (2 layers, 2 heads, d 8, 60 words) against an
/// independent float64 NumPy forward (scripts/make_tiny_bert.py): to 1e-9 in float64, and to
/// float32's rounding in float32, the precision the tutor runs the model in.
@Suite("Tiny BERT against NumPy")
struct TinyBertTests {
    static let model = Result { try BertModel(directory: Fixtures.path("tiny-bert"), precision: .float64) }
    static let model32 = Result { try BertModel(directory: Fixtures.path("tiny-bert")) }

    @Test("config and weights load with the shapes config.json implies")
    func loads() throws {
        let m = try Self.model.get()
        #expect(m.config == BertConfig(hiddenSize: 8, layers: 2, heads: 2, intermediateSize: 16, maxPositions: 32,
                                       typeVocabularySize: 2, vocabularySize: 60, layerNormEps: 1e-12))
        #expect(m.layers.count == 2)
        #expect(m.layers[0].queryKeyValue.weight.shape == [24, 8])
        #expect(m.layers[0].rows(of: .key) == 8..<16)
        #expect(m.layers[1].intermediate.weight.shape == [16, 8])
        #expect(m.tokenizer.tokens.count == 60)
    }

    @Test("tokens, ids, hidden states, Q, K, V, scores, weights and the embedding match: 1e-9 in float64, 1e-5 in float32",
          arguments: [BertModel.Precision.float64, .float32])
    func forwardMatchesNumPy(precision: BertModel.Precision) throws {
        let m = try (precision == .float64 ? Self.model : Self.model32).get()
        #expect(m.precision == precision)
        let tolerance = precision == .float64 ? 1e-9 : 1e-5
        let cases = try #require(try Fixtures.json("tiny-bert-reference.json")["cases"]?.array)
        #expect(cases.count == 4)
        for c in cases {
            let text = try #require(c["text"]?.string)
            let trace = try m.forward(text)
            #expect(trace.tokens == c["tokens"]!.strings, "\(text)")
            #expect(trace.ids == c["ids"]!.ints, "\(text)")
            let hidden = c["hidden_states"]!.array!
            #expect(trace.hiddenStates.count == hidden.count)
            for (ours, theirs) in zip(trace.hiddenStates, hidden) {
                #expect(ours.shape == theirs.nestedShape)
                #expect(maxDifference(ours.data, theirs.flatNumbers) < tolerance, "hidden states of \(text)")
                #expect(ours.labels[0] == trace.tokens)
            }
            for (i, (ours, theirs)) in zip(trace.layers, c["layers"]!.array!).enumerated() {
                for (name, t, key) in [("Q", ours.queries, "q"), ("K", ours.keys, "k"), ("V", ours.values, "v"),
                                       ("scores", ours.scores, "scores"), ("weights", ours.weights, "weights")] {
                    #expect(t.shape == theirs[key]!.nestedShape, "layer \(i) \(name) of \(text)")
                    #expect(maxDifference(t.data, theirs[key]!.flatNumbers) < tolerance, "layer \(i) \(name) of \(text)")
                }
                #expect(ours.weights.labels[1] == trace.tokens && ours.weights.labels[2] == trace.tokens)
            }
            #expect(maxDifference(trace.embedding.data, c["embedding"]!.flatNumbers) < tolerance, "embedding of \(text)")
            let length = trace.embedding.data.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(length - 1) < 1e-12)
        }
    }

    @Test("every row of every head's weights sums to 1")
    func rowsSumToOne() throws {
        for m in [try Self.model.get(), try Self.model32.get()] {
            let trace = try m.forward("the animal was too tired")
            for layer in trace.layers {
                let sums = try layer.weights.reduce(.sum, axis: -1)
                #expect(sums.data.allSatisfy { abs($0 - 1) < 1e-12 })
            }
        }
    }

    @Test("a text longer than the model's positions is refused, not truncated silently")
    func tooLong() throws {
        let m = try Self.model.get()
        let text = Array(repeating: "the", count: 40).joined(separator: " ")
        #expect(throws: ModelError.self) { try m.forward(text) }
        do { _ = try m.forward(text) } catch { #expect(error.message.contains("32 positions")) }
    }

    @Test("the same model folder without tokenizer.json tokenizes from vocab.txt the same way")
    func vocabTxtFallback() throws {
        let fromJSON = try WordPieceTokenizer.load(tokenizerJSON: Fixtures.path("tiny-bert/tokenizer.json"))
        let fromTXT = try WordPieceTokenizer.load(vocabTXT: Fixtures.path("tiny-bert/vocab.txt"))
        for text in ["Hello, world!", "Naïve café: 中文 1234 unbelievable", "[MASK] walks (very) long", ""] {
            #expect(fromJSON.encode(text).ids == fromTXT.encode(text).ids, "\(text)")
        }
    }
}
