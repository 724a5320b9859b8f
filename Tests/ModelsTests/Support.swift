import Foundation
import Models
import Tensors

/// Paths of the files in Tests/ModelsTests/Fixtures (written by scripts/make_tiny_bert.py,
/// scripts/make_tokenizer_cases.py and scripts/make_minilm_reference.py).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static func path(_ name: String) -> String { directory + "/" + name }
    static func json(_ name: String) throws -> JSONValue { try ModelFiles.readJSON(path(name)) }

    /// The installed all-MiniLM-L6-v2, if any (tests that need it are skipped without it).
    static let minilm: String? = try? ModelLocator.locate()
    static let minilmMissing = "all-MiniLM-L6-v2 is not installed (attn-tutor model install); the real-model checks are skipped"
}

extension JSONValue {
    /// All numbers of a nested array, row-major ("inf"/"-inf" strings as infinities).
    var flatNumbers: [Double] {
        switch self {
        case let .array(items): return items.flatMap(\.flatNumbers)
        case let .number(_, v): return [v]
        case let .string(s) where s == "inf": return [.infinity]
        case let .string(s) where s == "-inf": return [-.infinity]
        default: return []
        }
    }

    /// The sizes of a nested array.
    var nestedShape: [Int] {
        guard case let .array(items) = self else { return [] }
        return [items.count] + (items.first?.nestedShape ?? [])
    }

    var strings: [String] { array?.compactMap(\.string) ?? [] }
    var ints: [Int] { array?.compactMap(\.int) ?? [] }
}

/// The largest absolute difference, or infinity when the counts differ.
func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { abs($0 - $1) }.max() ?? 0
}

/// A fresh temporary folder per call.
enum FileManagerTemp {
    static func make() -> String {
        let path = NSTemporaryDirectory() + "attn-models-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

/// The bytes of a safetensors file: the header length as a little-endian u64, then `header`, then `data`.
func safetensors(header: String, data: [UInt8], claimedLength: UInt64? = nil) -> [UInt8] {
    let h = Array(header.utf8)
    let n = claimedLength ?? UInt64(h.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) } + h + data
}

func write(_ bytes: [UInt8], to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}
