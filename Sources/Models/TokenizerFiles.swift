/// Reading a ``WordPieceTokenizer`` from the files a Hugging Face model folder holds.
extension WordPieceTokenizer {
    /// From `tokenizer.json`: the vocabulary, the normaliser's switches, the unknown token,
    /// the `##` prefix, the word-length limit and the `[CLS]`/`[SEP]` template. Anything that
    /// is not BERT's pipeline (another normaliser, pre-tokenizer or model) is refused.
    public static func load(tokenizerJSON path: String) throws(ModelError) -> WordPieceTokenizer {
        let json = try ModelFiles.readJSON(path)
        func bad(_ message: String) -> ModelError { ModelError(.unsupported, "\(path): \(message)") }
        guard let model = json["model"], model["type"]?.string == "WordPiece" else {
            throw bad("the tokenizer's model is \(json["model"]?["type"]?.string ?? "missing"), not WordPiece (only BERT-style tokenizers are read)")
        }
        guard let vocabMembers = model["vocab"]?.members else { throw ModelError(.malformed, "\(path): the WordPiece model has no vocab") }
        var vocabulary: [[UInt8]: Int] = [:]
        vocabulary.reserveCapacity(vocabMembers.count)
        var maxID = -1
        for (token, value) in vocabMembers {
            guard let id = value.int, id >= 0, id < 10_000_000 else {
                throw ModelError(.malformed, "\(path): the id of '\(token)' is not a whole number ≥ 0")
            }
            vocabulary[Array(token.utf8)] = id
            maxID = max(maxID, id)
        }
        var tokens = [String](repeating: "", count: maxID + 1)
        for (token, value) in vocabMembers { tokens[value.int!] = token }

        // No normalizer at all (null) means the text goes to the pre-tokenizer as it is.
        var normalizer = BertNormalizer(cleanText: false, handleChineseChars: false, stripAccents: false, lowercase: false)
        if let n = json["normalizer"], !n.isNull {
            normalizer = BertNormalizer()
            guard n["type"]?.string == "BertNormalizer" else {
                throw bad("the normalizer is \(n["type"]?.string ?? "unnamed"), not BertNormalizer")
            }
            normalizer.cleanText = n["clean_text"]?.bool ?? true
            normalizer.handleChineseChars = n["handle_chinese_chars"]?.bool ?? true
            normalizer.lowercase = n["lowercase"]?.bool ?? true
            // null: strip accents exactly when lower-casing (BERT's uncased models).
            normalizer.stripAccents = n["strip_accents"]?.bool ?? normalizer.lowercase
        }
        if let p = json["pre_tokenizer"], !p.isNull, p["type"]?.string != "BertPreTokenizer" {
            throw bad("the pre-tokenizer is \(p["type"]?.string ?? "unnamed"), not BertPreTokenizer")
        }
        // No post-processor (null) adds nothing around the sentence.
        var prefix: [String] = [], suffix: [String] = [], specialIDs: [String: Int] = [:]
        if let post = json["post_processor"], !post.isNull {
            switch post["type"]?.string {
            case "TemplateProcessing":
                guard let single = post["single"]?.array,
                      let at = single.firstIndex(where: { $0["Sequence"] != nil }) else {
                    throw bad("the post-processor's template has no sequence")
                }
                func special(_ items: ArraySlice<JSONValue>) throws(ModelError) -> [String] {
                    var out: [String] = []
                    for item in items {
                        guard let id = item["SpecialToken"]?["id"]?.string else { throw bad("the post-processor's template has an item that is not a special token") }
                        out.append(id)
                    }
                    return out
                }
                prefix = try special(single[..<at])
                suffix = try special(single[(at + 1)...])
                for (name, value) in post["special_tokens"]?.members ?? [] {
                    if let id = value["ids"]?.array?.first?.int, value["ids"]?.array?.count == 1 { specialIDs[name] = id }
                }
            case "BertProcessing":
                prefix = [post["cls"]?.array?.first?.string ?? "[CLS]"]
                suffix = [post["sep"]?.array?.first?.string ?? "[SEP]"]
                for key in ["cls", "sep"] {
                    if let pair = post[key]?.array, pair.count == 2, let name = pair[0].string, let id = pair[1].int { specialIDs[name] = id }
                }
            default:
                throw bad("the post-processor is \(post["type"]?.string ?? "unnamed"), not BERT's [CLS] … [SEP]")
            }
        }
        var specials: [String] = []
        for added in json["added_tokens"]?.array ?? [] {
            if let content = added["content"]?.string, added["special"]?.bool ?? true { specials.append(content) }
        }
        let limit = model["max_input_chars_per_word"]?.int ?? 100
        return try WordPieceTokenizer(
            vocabulary: vocabulary, tokens: tokens, normalizer: normalizer,
            unknown: model["unk_token"]?.string ?? "[UNK]",
            continuingPrefix: model["continuing_subword_prefix"]?.string ?? "##",
            maxCharactersPerWord: limit, prefix: prefix, suffix: suffix, specialIDs: specialIDs, specialTokens: specials)
    }

    /// From `vocab.txt` (one token per line, id = line number), with the switches of
    /// `tokenizer_config.json` beside it when there is one, and BERT's defaults otherwise.
    public static func load(vocabTXT path: String, config: JSONValue? = nil) throws(ModelError) -> WordPieceTokenizer {
        let bytes = try ModelFiles.read(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ModelError(.malformed, "\(path): the vocabulary is not valid UTF-8")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        guard !lines.isEmpty else { throw ModelError(.malformed, "\(path): the vocabulary is empty") }
        var normalizer = BertNormalizer()
        if let config {
            normalizer.lowercase = config["do_lower_case"]?.bool ?? true
            normalizer.handleChineseChars = config["tokenize_chinese_chars"]?.bool ?? true
            normalizer.stripAccents = config["strip_accents"]?.bool ?? normalizer.lowercase
        }
        do {
            return try WordPieceTokenizer(vocabulary: lines, normalizer: normalizer,
                                          unknown: config?["unk_token"]?.string ?? "[UNK]",
                                          prefix: [config?["cls_token"]?.string ?? "[CLS]"],
                                          suffix: [config?["sep_token"]?.string ?? "[SEP]"])
        } catch {
            throw ModelError(error.kind, "\(path): \(error.message)")
        }
    }
}
