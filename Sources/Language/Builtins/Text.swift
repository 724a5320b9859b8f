import Tensors

extension Builtins {
    static let text: [Builtin] = [
        Builtin("tokens(text)", "split a sentence into tokens: ids (first appearance order) labelled by word") { c throws(LanguageError) in
            let words = Builtins.words(try c.string("text"))
            var vocabulary: [String: Int] = [:]
            let ids = words.map { w in
                if let id = vocabulary[w.lowercased()] { return Double(id) }
                vocabulary[w.lowercased()] = vocabulary.count
                return Double(vocabulary.count - 1)
            }
            return .tensor(Tensor(shape: [ids.count], data: ids, labels: [words]))
        },
        Builtin("embed(x, d)", "embeddings: embed(\"the cat\", 4) gives each word its own fixed random 4-vector; embed(ids, E) takes rows of the table E") { c throws(LanguageError) in
            let (words, ids) = try Builtins.tokenArgument(c, "x")
            guard case let .tensor(second) = c.arg("d")!.value else { throw c.fail("d must be a size or an embedding table", "d") }
            if second.rank == 2 {
                let rows = try ids.map { (i) throws(LanguageError) in try Call.int(Call.Arg(value: .tensor(Tensor(i)), span: c.arg("x")!.span, text: ""), name: "embed", key: "id") }
                let picked = try c.engine { () throws(TensorError) in try second.indexed([.positions(rows)]) }
                return .tensor(picked.labelled(words, axis: 0))
            }
            let d = try c.int("d")
            guard d > 0 else { throw c.fail("d must be at least 1", "d") }
            var data: [Double] = []
            _ = try c.engine { () throws(TensorError) in try Tensor.checkedCount([words.count, d]) }
            for w in words {
                // Each word's vector depends on the word alone, so "cat" is the same row in every sentence.
                var g = RandomGenerator(seed: Builtins.fnv1a(w.lowercased()) &+ c.seedShift)
                for _ in 0..<d { data.append(g.normal()) }
            }
            return .tensor(Tensor(shape: [words.count, d], data: data, labels: [words, nil]))
        },
        Builtin("label(x, names, axis=0)", "attach names to an axis for display: label(X, \"the cat sat\")") { c throws(LanguageError) in
            var x = try c.tensor("x")
            let axis = try c.int("axis", default: 0)
            // Names are whatever the spaces separate: "wants-animate? place?" is two names.
            let names: [String]
            if case let .string(s)? = c.arg("names")?.value {
                names = s.split(whereSeparator: \.isWhitespace).map(String.init)
            } else {
                names = try Builtins.tokenArgument(c, "names").0
            }
            let ax = try c.engine { () throws(TensorError) in try x.normalize(axis: axis) }
            guard names.count == x.shape[ax] else {
                throw c.fail("\(names.count) names for an axis of size \(x.shape[ax])", "names")
            }
            x.setLabels(names, axis: ax)
            return .tensor(x)
        },
    ]

    /// Words of a sentence; punctuation marks become tokens of their own.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        for piece in text.split(whereSeparator: \.isWhitespace) {
            var word = ""
            for ch in piece {
                if ",.!?;:\"".contains(ch) {
                    if !word.isEmpty { out.append(word); word = "" }
                    out.append(String(ch))
                } else {
                    word.append(ch)
                }
            }
            if !word.isEmpty { out.append(word) }
        }
        return out
    }

    /// A sentence given as a string, or a labelled tensor of token ids: its words and ids.
    static func tokenArgument(_ c: Call, _ key: String) throws(LanguageError) -> ([String], [Double]) {
        switch c.arg(key)!.value {
        case let .string(s):
            let w = words(s)
            return (w, w.indices.map(Double.init))
        case let .tensor(t) where t.rank == 1:
            return (t.labels[0] ?? t.data.map { Number.short($0) }, t.data)
        default:
            throw c.fail("'\(key)' must be a sentence in quotes or the result of tokens(…)", key)
        }
    }

    /// FNV-1a, 64-bit: a fixed, documented hash, so embeddings are the same everywhere.
    static func fnv1a(_ s: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}
