import Foundation
import Models
import Testing

/// The switches of tokenizer.json that Hugging Face honours, honoured the same way (checked
/// once against `tokenizers` 0.23 on all-MiniLM-L6-v2's file with each change below).
@Suite("tokenizer.json settings")
struct TokenizerSettingsTests {
    /// The tiny model's tokenizer.json with `change` applied to its JSON, loaded.
    func tokenizer(_ change: (inout [String: Any]) -> Void) throws -> WordPieceTokenizer {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("tiny-bert/tokenizer.json")))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&json)
        let path = FileManagerTemp.make() + "/tokenizer.json"
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: path))
        return try WordPieceTokenizer.load(tokenizerJSON: path)
    }

    @Test("normalizer null: no lower-casing, clean-up or accent stripping")
    func noNormalizer() throws {
        let plain = try tokenizer { _ in }, raw = try tokenizer { $0["normalizer"] = NSNull() }
        #expect(plain.encode("THE").tokens == ["[CLS]", "the", "[SEP]"])
        #expect(raw.encode("THE").tokens != plain.encode("THE").tokens)
        #expect(raw.encode("the").tokens == plain.encode("the").tokens)
    }

    @Test("post_processor null: nothing is put around the sentence")
    func noPostProcessor() throws {
        let t = try tokenizer { $0["post_processor"] = NSNull() }
        #expect(t.encode("the").tokens == ["the"])
        #expect(t.encode("").tokens.isEmpty)
    }

    @Test("the ids the post-processor gives [CLS] and [SEP] are the ones used")
    func specialIDs() throws {
        let template = try tokenizer { json in
            var post = json["post_processor"] as! [String: Any]
            var specials = post["special_tokens"] as! [String: Any]
            var cls = specials["[CLS]"] as! [String: Any]
            cls["ids"] = [5]
            specials["[CLS]"] = cls
            post["special_tokens"] = specials
            json["post_processor"] = post
        }
        let (tokens, ids) = template.encode("the")
        #expect(tokens.first == "[CLS]" && ids.first == 5)
        let bert = try tokenizer { $0["post_processor"] = ["type": "BertProcessing", "sep": ["[SEP]", 7], "cls": ["[CLS]", 8]] }
        let b = bert.encode("the")
        #expect(b.tokens.first == "[CLS]" && b.ids.first == 8 && b.ids.last == 7)
    }
}
