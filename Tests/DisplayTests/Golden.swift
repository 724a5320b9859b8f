import Foundation
import Testing

/// Golden files: a picture or page for a fixed input, compared byte for byte with the
/// file kept in `Tests/Golden/handout/`. After an intended change, regenerate them with
/// `UPDATE_GOLDEN=1 swift test --filter …` and review the diff.
enum Golden {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Golden/handout").path

    static func check(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = directory + "/" + name
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("missing golden file \(path) (UPDATE_GOLDEN=1 writes it)", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let first = (0..<min(a.count, e.count)).first { a[$0] != e[$0] } ?? min(a.count, e.count)
            let got = first < a.count ? String(a[first]) : "(end)", wanted = first < e.count ? String(e[first]) : "(end)"
            Issue.record("\(name) differs from its golden file at line \(first + 1):\n  got:      \(got)\n  expected: \(wanted)",
                         sourceLocation: sourceLocation)
        }
    }
}
