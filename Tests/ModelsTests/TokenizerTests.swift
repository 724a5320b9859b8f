@testable import Models
import Testing

/// WordPiece against Hugging Face's `tokenizers` (scripts/make_tokenizer_cases.py): accents,
/// punctuation, digits, CJK, control characters, over-long words, whitespace, special tokens;
/// and (scripts/make_unicode_classes.py) the code points where Hugging Face's Unicode tables
/// and Swift's disagree.
@Suite("WordPiece against Hugging Face tokenizers")
struct TokenizerTests {
    func check(_ tokenizer: WordPieceTokenizer, _ key: String, file: String = "tokenizer-cases.json") throws {
        let cases = try #require(try Fixtures.json(file)[key]?.array)
        #expect(cases.count >= 30)
        for c in cases {
            let text = c["text"]!.string!
            let (tokens, ids) = tokenizer.encode(text)
            #expect(tokens == c["tokens"]!.strings, "\(key): \(text.debugDescription)")
            #expect(ids == c["ids"]!.ints, "\(key): \(text.debugDescription)")
        }
    }

    @Test("the tiny test vocabulary: every case as the reference cuts it")
    func tiny() throws {
        try check(try WordPieceTokenizer.load(tokenizerJSON: Fixtures.path("tiny-bert/tokenizer.json")), "tiny")
    }

    @Test("all-MiniLM-L6-v2's tokenizer: every case as the reference cuts it", .enabled(if: Fixtures.minilm != nil, Comment(rawValue: Fixtures.minilmMissing)))
    func minilm() throws {
        try check(try WordPieceTokenizer.load(tokenizerJSON: Fixtures.minilm! + "/tokenizer.json"), "minilm")
    }

    @Test("the tiny test vocabulary: the code points where Hugging Face's Unicode tables are not Swift's")
    func tinyUnicode() throws {
        try check(try WordPieceTokenizer.load(tokenizerJSON: Fixtures.path("tiny-bert/tokenizer.json")), "tiny", file: "tokenizer-unicode-cases.json")
    }

    @Test("all-MiniLM-L6-v2's tokenizer: the code points where Hugging Face's Unicode tables are not Swift's", .enabled(if: Fixtures.minilm != nil, Comment(rawValue: Fixtures.minilmMissing)))
    func minilmUnicode() throws {
        try check(try WordPieceTokenizer.load(tokenizerJSON: Fixtures.minilm! + "/tokenizer.json"), "minilm", file: "tokenizer-unicode-cases.json")
    }

    @Test("BertUnicodeTable.swift was made against this toolchain's Unicode version")
    func unicodeTableVersion() {
        var newest = (major: 0, minor: 0)
        for v in UInt32(0)..<0x110000 {
            if let age = Unicode.Scalar(v)?.properties.age, (age.major, age.minor) > newest { newest = (age.major, age.minor) }
        }
        #expect(newest == BertNormalizer.swiftUnicodeVersion,
                "Swift's Unicode tables are \(newest.major).\(newest.minor), the table was made for \(BertNormalizer.swiftUnicodeVersion.major).\(BertNormalizer.swiftUnicodeVersion.minor): re-run scripts/make_unicode_classes.py")
    }

    @Test("the override table is sorted, its runs do not overlap, and each one changes something")
    func unicodeTableShape() {
        let table = BertNormalizer.hfClassOverrides
        #expect(!table.isEmpty)
        for (a, b) in zip(table, table.dropFirst()) { #expect(a.last < b.first) }
        for run in table {
            #expect(run.first <= run.last)
            let c = Unicode.Scalar(run.first)!
            let swift: [Bool] = [BertNormalizer.unicodeIsControl(c), BertNormalizer.unicodeIsWhitespace(c),
                                 BertNormalizer.unicodeIsPunctuation(c), BertNormalizer.unicodeIsStrippedMark(c)]
            let hf: [Bool] = [BertNormalizer.isControl(c), BertNormalizer.isWhitespace(c),
                              BertNormalizer.isPunctuation(c), BertNormalizer.isStrippedMark(c)]
            #expect(swift != hf, "U+\(String(run.first, radix: 16, uppercase: true))")
        }
        // Hugging Face's CJK ranges: Extension E starts at U+2B920 there, not U+2B820.
        #expect(BertNormalizer.isChineseChar("\u{2B81F}") && !BertNormalizer.isChineseChar("\u{2B820}"))
        #expect(!BertNormalizer.isChineseChar("\u{2B91F}") && BertNormalizer.isChineseChar("\u{2B920}"))
    }

    @Test("all-MiniLM-L6-v2 from vocab.txt and tokenizer_config.json agrees with tokenizer.json", .enabled(if: Fixtures.minilm != nil, Comment(rawValue: Fixtures.minilmMissing)))
    func minilmVocabTxt() throws {
        let dir = Fixtures.minilm!
        let json = try WordPieceTokenizer.load(tokenizerJSON: dir + "/tokenizer.json")
        let txt = try WordPieceTokenizer.load(vocabTXT: dir + "/vocab.txt", config: try ModelFiles.readJSON(dir + "/tokenizer_config.json"))
        for text in ["The animal didn't cross the street because it was too tired.", "naïve café 中文", "a" + String(repeating: "b", count: 120)] {
            #expect(json.encode(text).ids == txt.encode(text).ids)
        }
    }

    @Test("a word of 100 characters is cut, one of 101 is [UNK]")
    func wordLimit() throws {
        let t = try WordPieceTokenizer.load(tokenizerJSON: Fixtures.path("tiny-bert/tokenizer.json"))
        #expect(t.maxCharactersPerWord == 100)
        #expect(t.encode(String(repeating: "b", count: 100)).tokens.count > 3)
        #expect(t.encode(String(repeating: "b", count: 101)).tokens == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test("tokenizer files that are not BERT's are refused with the reason")
    func refusesOtherTokenizers() throws {
        let dir = FileManagerTemp.make()
        try #"{"model": {"type": "BPE", "vocab": {}}}"#.write(toFile: dir + "/t.json", atomically: true, encoding: .utf8)
        #expect { try WordPieceTokenizer.load(tokenizerJSON: dir + "/t.json") } throws: { ($0 as? ModelError)?.message.contains("not WordPiece") == true }
        try #"{"model": {"type": "WordPiece", "vocab": {"a": 0}}}"#.write(toFile: dir + "/u.json", atomically: true, encoding: .utf8)
        #expect { try WordPieceTokenizer.load(tokenizerJSON: dir + "/u.json") } throws: { ($0 as? ModelError)?.message.contains("no '[UNK]'") == true }
        try "{\"model\": ".write(toFile: dir + "/v.json", atomically: true, encoding: .utf8)
        #expect { try WordPieceTokenizer.load(tokenizerJSON: dir + "/v.json") } throws: { ($0 as? ModelError)?.kind == .malformed }
    }
}
