/// BERT's tokenizer: clean-up and lower-casing (``BertNormalizer``), a split at whitespace
/// and around every punctuation mark, then WordPiece — each word cut greedily into the
/// longest pieces the vocabulary holds, pieces after the first written with `##`; a word
/// that cannot be cut, or that is longer than ``maxCharactersPerWord``, becomes `[UNK]`.
/// The sentence is wrapped in `[CLS] … [SEP]`. Special tokens typed in the text (`[MASK]`)
/// are kept whole, as Hugging Face's tokenizer keeps them.
public struct WordPieceTokenizer: Sendable {
    /// Vocabulary: token text (as UTF-8 bytes, compared exactly) to id.
    let vocabulary: [[UInt8]: Int]
    /// Id to token text.
    public let tokens: [String]
    public var normalizer: BertNormalizer
    public var unknown: String
    public var continuingPrefix: String
    /// Words with more characters than this become the unknown token (Hugging Face: 100).
    public var maxCharactersPerWord: Int
    /// Tokens put before and after the sentence (`[CLS]` and `[SEP]`).
    public var prefix: [String], suffix: [String]
    /// Ids that tokenizer.json's post-processor gives its special tokens, which Hugging Face
    /// uses in place of the vocabulary's.
    public var specialIDs: [String: Int] = [:]
    /// Tokens matched whole in the raw text, longest first.
    public var specialTokens: [String]

    /// A tokenizer over `vocabulary` (id = position), with BERT's defaults.
    public init(vocabulary list: [String], normalizer: BertNormalizer = BertNormalizer(),
                unknown: String = "[UNK]", continuingPrefix: String = "##", maxCharactersPerWord: Int = 100,
                prefix: [String] = ["[CLS]"], suffix: [String] = ["[SEP]"], specialTokens: [String]? = nil) throws(ModelError) {
        var vocab: [[UInt8]: Int] = [:]
        vocab.reserveCapacity(list.count)
        for (i, t) in list.enumerated() where vocab[Array(t.utf8)] == nil { vocab[Array(t.utf8)] = i }
        try self.init(vocabulary: vocab, tokens: list, normalizer: normalizer, unknown: unknown,
                      continuingPrefix: continuingPrefix, maxCharactersPerWord: maxCharactersPerWord,
                      prefix: prefix, suffix: suffix,
                      specialTokens: specialTokens ?? ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"].filter { vocab[Array($0.utf8)] != nil })
    }

    init(vocabulary: [[UInt8]: Int], tokens: [String], normalizer: BertNormalizer, unknown: String,
         continuingPrefix: String, maxCharactersPerWord: Int, prefix: [String], suffix: [String],
         specialIDs: [String: Int] = [:], specialTokens: [String]) throws(ModelError) {
        self.specialIDs = specialIDs
        self.vocabulary = vocabulary
        self.tokens = tokens
        self.normalizer = normalizer
        self.unknown = unknown
        self.continuingPrefix = continuingPrefix
        self.maxCharactersPerWord = maxCharactersPerWord
        self.prefix = prefix
        self.suffix = suffix
        self.specialTokens = specialTokens.filter { !$0.isEmpty }.sorted { $0.unicodeScalars.count > $1.unicodeScalars.count }
        for t in [unknown] + prefix + suffix where vocabulary[Array(t.utf8)] == nil && specialIDs[t] == nil {
            throw ModelError(.malformed, "the vocabulary has no '\(t)' token")
        }
    }

    /// The id of a token, if the vocabulary has it.
    public func id(of token: String) -> Int? { vocabulary[Array(token.utf8)] }

    /// Tokens and ids of one sentence, `[CLS]` and `[SEP]` included.
    public func encode(_ text: String) -> (tokens: [String], ids: [Int]) {
        var out: [String] = []
        for piece in splitSpecial(Array(text.unicodeScalars)) {
            switch piece {
            case let .special(token): out.append(token)
            case let .text(scalars):
                for word in words(normalizer.normalize(scalars)) { out += wordPieces(word) }
            }
        }
        let ends = { (t: String) in specialIDs[t] ?? vocabulary[Array(t.utf8)]! }
        return (prefix + out + suffix, prefix.map(ends) + out.map { vocabulary[Array($0.utf8)]! } + suffix.map(ends))
    }

    enum Piece { case special(String), text([Unicode.Scalar]) }

    /// The raw text cut at special tokens written in it.
    func splitSpecial(_ s: [Unicode.Scalar]) -> [Piece] {
        guard !specialTokens.isEmpty else { return [.text(s)] }
        let specials = specialTokens.map { Array($0.unicodeScalars) }
        var pieces: [Piece] = []
        var start = 0, i = 0
        scan: while i < s.count {
            for (k, token) in specials.enumerated() where s[i] == token[0] && i + token.count <= s.count
                && s[i..<(i + token.count)].elementsEqual(token) {
                if start < i { pieces.append(.text(Array(s[start..<i]))) }
                pieces.append(.special(specialTokens[k]))
                i += token.count
                start = i
                continue scan
            }
            i += 1
        }
        if start < s.count { pieces.append(.text(Array(s[start...]))) }
        return pieces
    }

    /// Words: split at whitespace, and every punctuation mark a word of its own.
    func words(_ s: [Unicode.Scalar]) -> [[Unicode.Scalar]] {
        var out: [[Unicode.Scalar]] = []
        var word: [Unicode.Scalar] = []
        for c in s {
            if BertNormalizer.isWhitespace(c) {
                if !word.isEmpty { out.append(word); word = [] }
            } else if BertNormalizer.isPunctuation(c) {
                if !word.isEmpty { out.append(word); word = [] }
                out.append([c])
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { out.append(word) }
        return out
    }

    /// Greedy longest-match-first pieces of one word, or the unknown token.
    func wordPieces(_ word: [Unicode.Scalar]) -> [String] {
        guard word.count <= maxCharactersPerWord else { return [unknown] }
        // UTF-8 offsets of each scalar boundary, so candidate pieces are byte slices.
        var bytes: [UInt8] = []
        var boundaries = [0]
        for c in word {
            bytes += Array(String(Character(c)).utf8)
            boundaries.append(bytes.count)
        }
        let marker = Array(continuingPrefix.utf8)
        var pieces: [String] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: [UInt8]?
            while end > start {
                var candidate = start > 0 ? marker : []
                candidate += bytes[boundaries[start]..<boundaries[end]]
                if vocabulary[candidate] != nil { found = candidate; break }
                end -= 1
            }
            guard let piece = found else { return [unknown] }
            pieces.append(String(decoding: piece, as: UTF8.self))
            start = end
        }
        return pieces
    }
}
