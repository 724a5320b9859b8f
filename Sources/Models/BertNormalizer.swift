import Foundation

/// BERT's text clean-up before tokens are cut, as Hugging Face's `BertNormalizer` does it,
/// in its order: drop NUL, U+FFFD and other control characters (tab, newline and return
/// count as spaces) and turn every kind of whitespace into a space; put spaces around CJK
/// ideographs, so each becomes a word of its own; strip accents (decompose, then drop
/// combining marks); lower-case. The text is handled as Unicode scalars, as the reference
/// handles Rust `char`s — never as grapheme clusters, which would glue a combining mark to
/// its letter.
///
/// Which scalars are controls, whitespace, punctuation or strippable marks, how they
/// decompose and lower-case, come from Swift's Unicode properties, except where Hugging
/// Face's Rust crates (which carry older Unicode tables) say otherwise: those code points
/// are listed in BertUnicodeTable.swift, generated from `tokenizers` itself by
/// scripts/make_unicode_classes.py, and consulted first.
public struct BertNormalizer: Sendable, Equatable {
    public var cleanText = true
    public var handleChineseChars = true
    public var stripAccents = true
    public var lowercase = true

    public init(cleanText: Bool = true, handleChineseChars: Bool = true, stripAccents: Bool = true, lowercase: Bool = true) {
        self.cleanText = cleanText
        self.handleChineseChars = handleChineseChars
        self.stripAccents = stripAccents
        self.lowercase = lowercase
    }

    public func normalize(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var s = scalars
        if cleanText {
            s = s.compactMap { c in
                if c.value == 0 || c.value == 0xFFFD || BertNormalizer.isControl(c) { return nil }
                return BertNormalizer.isWhitespace(c) ? " " : c
            }
        }
        if handleChineseChars {
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(s.count)
            for c in s {
                if BertNormalizer.isChineseChar(c) { out += [" ", c, " "] } else { out.append(c) }
            }
            s = out
        }
        if stripAccents {
            s = BertNormalizer.decompose(s).filter { !BertNormalizer.isStrippedMark($0) }
        }
        if lowercase {
            // One scalar at a time, without context (a final Σ becomes σ, as in the reference).
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(s.count)
            for c in s { out += BertNormalizer.lowercased(c) }
            s = out
        }
        return s
    }

    // MARK: Character classes: Hugging Face's where they differ from Swift's, else Swift's

    /// Tab, newline and return, and every other whitespace character.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        if let classes = hfClasses(c) { return classes.contains(.whitespace) }
        return unicodeIsWhitespace(c)
    }

    /// Control, format and private-use characters, except tab, newline and return, which
    /// count as whitespace. Unassigned code points are kept, as Hugging Face's tokenizer
    /// keeps them (they become `[UNK]`).
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if let classes = hfClasses(c) { return classes.contains(.control) }
        return unicodeIsControl(c)
    }

    /// ASCII punctuation (every printable non-alphanumeric, such as `$` and `^`) and the
    /// punctuation categories.
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
        if let classes = hfClasses(c) { return classes.contains(.punctuation) }
        return unicodeIsPunctuation(c)
    }

    /// Non-spacing marks, which accent stripping drops after decomposition.
    static func isStrippedMark(_ c: Unicode.Scalar) -> Bool {
        if let classes = hfClasses(c) { return classes.contains(.strippedMark) }
        return unicodeIsStrippedMark(c)
    }

    /// The CJK ideographs Hugging Face's `is_chinese_char` lists (``chineseRanges``; not kana
    /// or hangul, which are written with spaces and tokenized like other letters).
    static func isChineseChar(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        guard v >= 0x3400 else { return false }
        return chineseRanges.contains { $0.contains(v) }
    }

    /// Canonical decomposition (NFD), as Hugging Face's does it: each scalar decomposed
    /// (Swift's mapping, or Hugging Face's for the code points it decomposes differently),
    /// then every run of combining marks put in order of combining class, stably — with the
    /// classes Hugging Face knows: marks newer than its tables are starters to it. (The
    /// reordering is done here because Foundation's NFD leaves a mark that comes before a
    /// decomposed character with lower-class marks unsorted: U+0345 U+0F73.)
    static func decompose(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var marks = false
        for c in s {
            if c.value < 0xC0 {
                out.append(c)
            } else if let d = hfDecompositions[c.value] {
                out += d.map { Unicode.Scalar($0)! }
                marks = true
            } else {
                out += unicodeDecomposed([c])
                marks = true
            }
        }
        guard marks else { return out }
        var i = 0
        while i < out.count {
            guard combiningClass(out[i]) != 0 else { i += 1; continue }
            var j = i + 1
            while j < out.count && combiningClass(out[j]) != 0 { j += 1 }
            if j - i > 1 {
                let sorted = out[i..<j].enumerated().sorted { a, b in
                    let (x, y) = (combiningClass(a.element), combiningClass(b.element))
                    return x != y ? x < y : a.offset < b.offset
                }
                out.replaceSubrange(i..<j, with: sorted.map(\.element))
            }
            i = j
        }
        return out
    }

    /// The canonical combining class Hugging Face knows: 0 for the marks listed in ``hfStarters``.
    static func combiningClass(_ c: Unicode.Scalar) -> UInt8 {
        if c.value < 0x300 { return 0 }
        let ccc = c.properties.canonicalCombiningClass.rawValue
        return ccc != 0 && hfStarters.contains(where: { $0.contains(c.value) }) ? 0 : ccc
    }

    /// One scalar lower-cased without context.
    static func lowercased(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
        if c.isASCII { return [c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value + 32)! : c] }
        if let l = hfLowercase[c.value] { return l.map { Unicode.Scalar($0)! } }
        return unicodeLowercased(c)
    }

    /// Hugging Face's classes of a code point listed in ``hfClassOverrides``, or nil when
    /// Swift's properties agree with it.
    static func hfClasses(_ c: Unicode.Scalar) -> CharacterClasses? {
        let v = c.value, table = hfClassOverrides
        guard let first = table.first, v >= first.first else { return nil }
        var lo = 0, hi = table.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if table[mid].last < v { lo = mid + 1 } else { hi = mid }
        }
        return lo < table.count && table[lo].first <= v ? table[lo].classes : nil
    }

    /// What the tokenizer asks of a character, as a set.
    struct CharacterClasses: OptionSet, Sendable {
        let rawValue: UInt8
        /// Dropped by `cleanText` (Cc, Cf, Co in Hugging Face's tables).
        static let control = CharacterClasses(rawValue: 1)
        /// A space to `cleanText` and a word break to the pre-tokenizer.
        static let whitespace = CharacterClasses(rawValue: 2)
        /// A word of its own to the pre-tokenizer.
        static let punctuation = CharacterClasses(rawValue: 4)
        /// Dropped by accent stripping (Mn).
        static let strippedMark = CharacterClasses(rawValue: 8)
    }

    /// A run of code points whose classes in Hugging Face's tokenizer differ from Swift's.
    struct ClassOverride: Sendable {
        let first: UInt32, last: UInt32, classes: CharacterClasses
        init(_ first: UInt32, _ last: UInt32, _ classes: CharacterClasses) {
            self.first = first
            self.last = last
            self.classes = classes
        }
    }

    // MARK: Swift's own Unicode properties (what scripts/make_unicode_classes.py compares)

    static func unicodeIsWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace
    }

    static func unicodeIsControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    static func unicodeIsPunctuation(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) { return true }
        switch c.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func unicodeIsStrippedMark(_ c: Unicode.Scalar) -> Bool {
        c.properties.generalCategory == .nonspacingMark
    }

    static func unicodeDecomposed(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        guard !s.isEmpty else { return [] }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: s)
        return Array(String(text).decomposedStringWithCanonicalMapping.unicodeScalars)
    }

    static func unicodeLowercased(_ c: Unicode.Scalar) -> [Unicode.Scalar] {
        Array(c.properties.lowercaseMapping.unicodeScalars)
    }
}
