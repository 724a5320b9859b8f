import Testing
@testable import Language

/// Inputs too big to type are refused early: a literal by its count of numbers while it is
/// scanned, a whole input by its size before scanning. And "did you mean" over long names
/// computes only a band of the edit-distance table.
@Suite struct InputLimitTests {
    @Test func aLiteralIsRefusedByItsCountWhileScanned() throws {
        let n = Scanner.maxLiteralNumbers
        let source = "x = [" + String(repeating: "1,", count: n) + "1, 2]"
        do {
            _ = try Scanner.scan(source)
            Issue.record("a literal of \(n + 2) numbers was accepted")
        } catch {
            #expect(error.kind == .limit)
            #expect(error.message.contains("more than \(n) numbers"))
            // The error points at the first number past the limit, not at the end of the line.
            #expect(error.span?.start == 5 + 2 * n)
        }
        // Brackets closed in between start a new count.
        #expect(throws: Never.self) { try Scanner.scan("[1, 2]; [3, 4]") }
    }

    @Test func anInputPastTheSizeLimitIsRefusedBeforeScanning() {
        let source = "x = 1 #" + String(repeating: "a", count: Scanner.maxSourceBytes)
        #expect(throws: LanguageError.self) { try Scanner.scan(source) }
        #expect(throws: Never.self) { try Scanner.scan("x = 1 #" + String(repeating: "a", count: 1000)) }
    }

    /// The textbook full-table distance, to check the banded one against.
    func reference(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }

    @Test func theBandedDistanceAgreesWithTheFullTable() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let a = (0..<Int.random(in: 0...7, using: &g)).map { _ in "abc".randomElement(using: &g)! }
            let b = (0..<Int.random(in: 0...7, using: &g)).map { _ in "abc".randomElement(using: &g)! }
            let exact = reference(a, b)
            #expect(Suggest.distance(a, b) == exact, "\(String(a)) \(String(b))")
            for limit in 0...4 {
                #expect(Suggest.distance(a, b, limit: limit) == min(exact, limit + 1), "\(String(a)) \(String(b)) limit \(limit)")
            }
        }
    }

    @Test func longNamesGetASuggestionWithoutATable() {
        let name = String(repeating: "a", count: 32000)
        #expect(Suggest.nearest(to: name + "b", in: [name, "softmax"]) == name)
        #expect(Suggest.distance(Array(name), Array(name.dropLast() + "b"), limit: 3) == 1)
    }
}
