import Foundation

/// BERT's text clean-up before tokens are cut, as Hugging Face's `BertNormalizer` does it,
/// in its order: drop NUL, U+FFFD and other control characters (tab, newline and return
/// count as spaces) and turn every kind of whitespace into a space; put spaces around CJK
/// ideographs, so each becomes a word of its own; strip accents (decompose, then drop
/// combining marks); lower-case. The text is handled as Unicode scalars, as the reference
/// handles Rust `char`s — never as grapheme clusters, which would glue a combining mark to
/// its letter.
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
            var text = String.UnicodeScalarView()
            text.append(contentsOf: s)
            let decomposed = String(text).decomposedStringWithCanonicalMapping
            s = decomposed.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
        }
        if lowercase {
            // One scalar at a time, without context (a final Σ becomes σ, as in the reference).
            var out: [Unicode.Scalar] = []
            out.reserveCapacity(s.count)
            for c in s {
                if c.isASCII {
                    out.append(c.value >= 65 && c.value <= 90 ? Unicode.Scalar(c.value + 32)! : c)
                } else {
                    out += c.properties.lowercaseMapping.unicodeScalars
                }
            }
            s = out
        }
        return s
    }

    /// Tab, newline and return, and every character with the Unicode White_Space property.
    static func isWhitespace(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c == "\n" || c == "\r" || c.properties.isWhitespace
    }

    /// Control, format and private-use characters (general categories Cc, Cf, Co), except
    /// tab, newline and return, which count as whitespace. Unassigned code points (Cn) are
    /// kept, as Hugging Face's tokenizer keeps them (they become `[UNK]`).
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" || c == "\n" || c == "\r" { return false }
        switch c.properties.generalCategory {
        case .control, .format, .privateUse, .surrogate: return true
        default: return false
        }
    }

    /// The CJK Unified Ideographs blocks and their extensions and compatibility forms (not
    /// kana or hangul, which are written with spaces and tokenized like other letters).
    static func isChineseChar(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B820...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }

    /// ASCII punctuation (every printable non-alphanumeric, such as `$` and `^`) and Unicode's P… categories.
    static func isPunctuation(_ c: Unicode.Scalar) -> Bool {
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
}
