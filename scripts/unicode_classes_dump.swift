// Swift's side of scripts/make_unicode_classes.py: for every Unicode scalar, the classes,
// decompositions and lower-casing that BertNormalizer's `unicode…` functions (Swift's own
// Unicode properties, before Hugging Face's overrides) give. Compiled together with
// Sources/Models/BertNormalizer.swift and BertUnicodeTable.swift by that script.
//
// Output, one line per scalar: hex code point, class bits (1 control, 2 whitespace,
// 4 punctuation, 8 non-spacing mark), canonical combining class, the scalar's own
// decomposition and its lower-casing, each as hex scalars joined by '.'. First line:
// "unicode MAJOR.MINOR", the newest Unicode version among Swift's scalars' ages.
func hex(_ s: [Unicode.Scalar]) -> String { s.map { String($0.value, radix: 16) }.joined(separator: ".") }

var newest = (0, 0)
var lines: [String] = []
lines.reserveCapacity(0x110000)
for v in UInt32(1)..<0x110000 {
    guard let c = Unicode.Scalar(v) else { continue }
    if let age = c.properties.age, (age.major, age.minor) > newest { newest = (age.major, age.minor) }
    var bits = 0
    if BertNormalizer.unicodeIsControl(c) { bits |= 1 }
    if BertNormalizer.unicodeIsWhitespace(c) { bits |= 2 }
    if BertNormalizer.unicodeIsPunctuation(c) { bits |= 4 }
    if BertNormalizer.unicodeIsStrippedMark(c) { bits |= 8 }
    let lower = c.isASCII ? BertNormalizer.lowercased(c) : BertNormalizer.unicodeLowercased(c)
    lines.append("\(String(v, radix: 16)) \(bits) \(c.properties.canonicalCombiningClass.rawValue) "
        + "\(hex(BertNormalizer.unicodeDecomposed([c]))) \(hex(lower))")
}
print("unicode \(newest.0).\(newest.1)")
print(lines.joined(separator: "\n"))
