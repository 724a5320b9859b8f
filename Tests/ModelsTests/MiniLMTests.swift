import Models
import Tensors
import Testing

/// all-MiniLM-L6-v2 against the NumPy reference (scripts/make_minilm_reference.py), to 1e-4.
/// Skipped, with a note, when the model is not installed; CI installs it.
@Suite("all-MiniLM-L6-v2 against NumPy", .enabled(if: Fixtures.minilm != nil, Comment(rawValue: Fixtures.minilmMissing)))
struct MiniLMTests {
    static let model = Result { try BertModel(directory: Fixtures.minilm!) }

    @Test("tokens, every head's weights, the last hidden states and the embedding match to 1e-4")
    func matchesNumPy() throws {
        let m = try Self.model.get()
        #expect(m.config.layers == 6 && m.config.heads == 12 && m.config.headSize == 32)
        let cases = try #require(try Fixtures.json("minilm-reference.json")["cases"]?.array)
        #expect(cases.count >= 5)
        for c in cases {
            let text = c["text"]!.string!
            let trace = try m.forward(text)
            #expect(trace.tokens == c["tokens"]!.strings)
            #expect(trace.ids == c["ids"]!.ints)
            let weights = try Tensor.stack(trace.layers.map(\.weights))
            #expect(weights.shape == c["attention_shape"]!.ints)
            #expect(maxDifference(weights.data, c["attention"]!.flatNumbers) < 1e-4, "attention of \(text)")
            #expect(maxDifference(trace.hiddenStates.last!.data, c["last_hidden"]!.flatNumbers) < 1e-4, "hidden of \(text)")
            #expect(maxDifference(trace.embedding.data, c["embedding"]!.flatNumbers) < 1e-4, "embedding of \(text)")
        }
    }

    @Test("the seed's claim, measured: layer 3 head 1 and layer 5 head 11 on “it”")
    func seedClaim() throws {
        let m = try Self.model.get()
        func look(_ text: String, _ layer: Int, _ head: Int) throws -> (animal: Double, street: Double) {
            let t = try m.forward(text)
            let w = t.layers[layer].weights, n = t.tokens.count
            let it = t.tokens.firstIndex(of: "it")!, animal = t.tokens.firstIndex(of: "animal")!, street = t.tokens.firstIndex(of: "street")!
            return (w.data[(head * n + it) * n + animal], w.data[(head * n + it) * n + street])
        }
        let tired = "The animal didn't cross the street because it was too tired."
        let wide = "The animal didn't cross the street because it was too wide."
        let a = try look(tired, 3, 1), b = try look(wide, 3, 1), c = try look(tired, 5, 11), d = try look(wide, 5, 11)
        #expect(abs(a.animal - 0.677) < 0.001 && abs(a.street - 0.050) < 0.001)
        #expect(abs(b.animal - 0.281) < 0.001 && abs(b.street - 0.121) < 0.001)
        #expect(abs(c.animal - 0.673) < 0.001 && abs(d.animal - 0.558) < 0.001)
    }
}
