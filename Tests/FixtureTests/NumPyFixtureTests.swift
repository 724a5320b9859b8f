import Foundation
import TestSupport
import Testing

/// Runs every case of Tests/Fixtures/numpy_cases.json (written by scripts/make_fixtures.py
/// from NumPy) through the built `attn-tutor eval --json` and compares shapes exactly and
/// values to a relative 1e-9.
@Suite("NumPy fixtures through eval --json")
struct NumPyFixtureTests {
    /// Cases per process: many expressions per `eval` keeps the suite fast, while each
    /// invocation stays far below the kernel's limits on argument length.
    static let batchCharacters = 150_000

    @Test("every builtin and operator agrees with NumPy")
    func everyCaseAgrees() throws {
        let fixture = try Fixture.load()
        #expect(fixture.cases.count == fixture.declaredCount, "the fixture file declares \(fixture.declaredCount) cases")
        #expect(fixture.cases.count >= 500, "the fixture file looks truncated")

        var checked = 0
        var pending = Self.batches(fixture.cases)
        while !pending.isEmpty {
            let batch = pending.removeFirst()
            let run = try TutorBinary.run(["eval", "--json"] + batch.flatMap { [Self.marker($0.index), $0.source] })
            let (outputs, garbled) = Self.split(run.stdout)
            let died = run.signalled || batch.contains { outputs[$0.index] == nil }
            if died, batch.count > 1 {
                // Output to a file is buffered, so the markers need not show where it stopped:
                // run the cases one at a time to find the one that kills the process.
                pending.insert(contentsOf: batch.map { [$0] }, at: 0)
                continue
            }
            if died, let c = batch.first {
                Issue.record("case \(c.index) \(c.name): attn-tutor stopped while evaluating it (\(run.signalled ? "signal" : "exit status") \(run.status)); stderr:\n\(run.stderr.prefix(1500))\n\(c.describe())")
                checked += 1
                continue
            }
            for line in garbled { Issue.record("eval --json printed a line that is not JSON: \(line.prefix(300))") }
            for c in batch {
                try check(c, lines: outputs[c.index] ?? [])
                checked += 1
            }
            // A failing expression makes eval exit 1 (the others still print); otherwise it exits 0.
            let failures = batch.filter { outputs[$0.index]?.isEmpty ?? true }.count
            #expect(run.status == (failures == 0 ? 0 : 1), "eval exited \(run.status) with \(failures) failing expressions")
        }
        #expect(checked == fixture.cases.count, "checked \(checked) of \(fixture.cases.count) cases")
    }

    /// A string expression whose JSON line separates one case's output from the next.
    static func marker(_ index: Int) -> String { "\"@@case \(index)\"" }

    static func batches(_ cases: [Case]) -> [[Case]] {
        var out: [[Case]] = [[]]
        var size = 0
        for c in cases {
            if size + c.source.utf8.count > batchCharacters, !out[out.count - 1].isEmpty {
                out.append([])
                size = 0
            }
            out[out.count - 1].append(c)
            size += c.source.utf8.count + 20
        }
        return out
    }

    /// The output lines of each case, by case index, taken from between the markers.
    /// Lines that are not JSON are returned apart (a process that dies can leave half a line).
    static func split(_ stdout: String) -> (outputs: [Int: [Any]], garbled: [Substring]) {
        var out: [Int: [Any]] = [:]
        var garbled: [Substring] = []
        var current: Int?
        for line in stdout.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) else {
                garbled.append(line)
                continue
            }
            if let dict = object as? [String: Any], let text = dict["text"] as? String, text.hasPrefix("@@case ") {
                current = Int(text.dropFirst("@@case ".count))
                if let current { out[current] = [] }
                continue
            }
            guard let current else {
                Issue.record("output before the first marker: \(line.prefix(200))")
                continue
            }
            out[current, default: []].append(object)
        }
        return (out, garbled)
    }

    func check(_ c: Case, lines: [Any]) throws {
        switch c.expected {
        case let .error(numpy):
            if !lines.isEmpty {
                Issue.record("case \(c.index) \(c.name): NumPy refuses this (\(numpy)) but attn-tutor printed \(Self.abbreviate(lines))\n\(c.describe())")
            }
        case let .value(shape, data):
            guard lines.count == 1 else {
                if lines.isEmpty {
                    // Run it alone to show the error it gave.
                    let alone = try TutorBinary.run(["eval", "--json", c.source])
                    Issue.record("case \(c.index) \(c.name): attn-tutor gave no value; expected shape \(shape) data \(Values.text(data))\nerror: \(alone.stderr)\n\(c.describe())")
                } else {
                    Issue.record("case \(c.index) \(c.name): expected one value, got \(lines.count): \(Self.abbreviate(lines))\n\(c.describe())")
                }
                return
            }
            guard let object = lines[0] as? [String: Any], let gotShape = (object["shape"] as? [Any])?.compactMap(Values.int),
                  let nested = object["data"] else {
                Issue.record("case \(c.index) \(c.name): not a tensor: \(Self.abbreviate(lines))\n\(c.describe())")
                return
            }
            guard gotShape == shape else {
                Issue.record("case \(c.index) \(c.name): expected shape \(shape), got \(gotShape) \(Self.abbreviate(lines))\n\(c.describe())")
                return
            }
            var flat: [Double] = []
            guard Values.flatten(nested, shape: gotShape[...], into: &flat) else {
                Issue.record("case \(c.index) \(c.name): data does not nest as shape \(gotShape): \(Self.abbreviate(lines))\n\(c.describe())")
                return
            }
            if let i = data.indices.first(where: { !Values.close(data[$0], flat[$0]) }) {
                Issue.record("""
                    case \(c.index) \(c.name): element \(i) (row-major) differs: expected \(data[i]), got \(flat[i])
                    expected \(Values.text(data))
                    got      \(Values.text(flat))
                    \(c.describe())
                    """)
            }
        }
    }

    static func abbreviate(_ lines: [Any]) -> String {
        let text = lines.map { line -> String in
            guard let d = try? JSONSerialization.data(withJSONObject: line, options: [.fragmentsAllowed]) else { return "\(line)" }
            return String(decoding: d, as: UTF8.self)
        }.joined(separator: " ")
        return text.count > 600 ? String(text.prefix(600)) + "…" : text
    }
}

/// One fixture case: a source and what NumPy computed for it.
struct Case: Sendable {
    enum Expected: Sendable {
        case value(shape: [Int], data: [Double])
        case error(String)
    }

    var index: Int
    var name: String
    var source: String
    var expected: Expected

    /// The source, shortened in the middle when its literals are long, for failure messages.
    func describe() -> String {
        let shown = source.count > 700 ? String(source.prefix(300)) + " … " + String(source.suffix(300)) : source
        let last = source.components(separatedBy: "; ").last ?? source
        return "expression: \(last)\nsource: \(shown)"
    }
}

struct Fixture {
    var cases: [Case]
    var declaredCount: Int

    /// Tests/Fixtures/numpy_cases.json, found from this file's own path.
    static var url: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent("numpy_cases.json")
    }

    static func load() throws -> Fixture {
        let data = try Data(contentsOf: url)
        guard let doc = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let raw = doc["cases"] as? [[String: Any]], let count = doc["count"].flatMap(Values.int) else {
            throw FixtureError("\(url.path) is not a fixture file")
        }
        var cases: [Case] = []
        for (i, c) in raw.enumerated() {
            guard let name = c["name"] as? String, let source = c["source"] as? String else {
                throw FixtureError("case \(i) has no name or source")
            }
            if let message = c["error"] as? String {
                cases.append(Case(index: i, name: name, source: source, expected: .error(message)))
                continue
            }
            guard let shape = (c["shape"] as? [Any])?.compactMap(Values.int), let data = c["data"] as? [Any] else {
                throw FixtureError("case \(i) (\(name)) has no shape or data")
            }
            let values = data.compactMap(Values.double)
            guard values.count == data.count, values.count == shape.reduce(1, *) else {
                throw FixtureError("case \(i) (\(name)): data does not match shape \(shape)")
            }
            cases.append(Case(index: i, name: name, source: source, expected: .value(shape: shape, data: values)))
        }
        return Fixture(cases: cases, declaredCount: count)
    }
}

/// Reading and comparing the numbers of `eval --json`.
enum Values {
    /// Relative tolerance required by the issue, and a floor for results that should be 0
    /// but come out as rounding noise (sums that cancel, sin(π)).
    static let relative = 1e-9
    static let absolute = 1e-12

    static func close(_ expected: Double, _ got: Double) -> Bool {
        if expected.isNaN { return got.isNaN }
        if expected.isInfinite { return got == expected }
        guard got.isFinite else { return false }
        return Swift.abs(got - expected) <= relative * Swift.max(Swift.abs(expected), Swift.abs(got)) + absolute
    }

    static func double(_ any: Any) -> Double? {
        switch any {
        case let s as String:
            switch s {
            case "inf": return .infinity
            case "-inf": return -.infinity
            case "nan": return .nan
            default: return nil
            }
        case let n as NSNumber:
            return n.doubleValue
        default:
            return nil
        }
    }

    static func int(_ any: Any) -> Int? {
        guard let n = any as? NSNumber, let d = Optional(n.doubleValue), d.rounded() == d else { return nil }
        return n.intValue
    }

    /// Row-major numbers of nested arrays, checking that every level has its axis's size.
    static func flatten(_ any: Any, shape: ArraySlice<Int>, into out: inout [Double]) -> Bool {
        guard let n = shape.first else {
            guard let v = double(any) else { return false }
            out.append(v)
            return true
        }
        guard let items = any as? [Any], items.count == n else { return false }
        return items.allSatisfy { flatten($0, shape: shape.dropFirst(), into: &out) }
    }

    static func text(_ values: [Double]) -> String {
        let shown = values.prefix(24).map { "\($0)" }.joined(separator: ", ")
        return "[" + shown + (values.count > 24 ? ", … (\(values.count) in all)" : "") + "]"
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
