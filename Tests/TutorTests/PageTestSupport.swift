import Foundation
import Lessons
import TestSupport
import Testing
@testable import Tutor

extension Repository {
    /// The handout's own test lesson, and the folder of the pages' golden files.
    static let fixtureLesson = root + "/Tests/Golden/handout/handout-lesson.md"
    static let golden = root + "/Tests/Golden/handout"

    /// A page compared with its golden file in Tests/Golden/handout (UPDATE_GOLDEN=1 rewrites it).
    static func expectGolden(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = golden + "/" + name
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" { try? actual.write(toFile: path, atomically: true, encoding: .utf8) }
        let expected = try? String(contentsOfFile: path, encoding: .utf8)
        #expect(expected == actual, "\(name) differs from its golden file (UPDATE_GOLDEN=1 rewrites it; review the diff)",
                sourceLocation: sourceLocation)
    }
}

struct PageTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// The elements of an HTML page with their ancestors: enough structure to ask "is every
/// solution inside a <details>?" without a browser.
struct HTMLStructure {
    struct Element {
        var name: String
        var classes: [String]
        /// Outermost first.
        var ancestors: [(name: String, classes: [String])]
    }

    var elements: [Element] = []
    /// Tags closed that were never opened, or left open: a malformed page.
    var problems: [String] = []

    static let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "col", "area", "base", "source", "wbr"]

    init(_ html: String) {
        var stack: [(name: String, classes: [String])] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            rest = rest[rest.index(after: open)...]
            guard let close = rest.firstIndex(of: ">") else { problems.append("an unclosed '<'"); break }
            let tag = rest[..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().lowercased()
                guard let k = stack.lastIndex(where: { $0.name == name }) else { problems.append("</\(name)> without its start"); continue }
                if k != stack.count - 1 { problems.append("<\(stack[stack.count - 1].name)> closed by </\(name)>") }
                stack.removeSubrange(k...)
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" }).lowercased()
            var classes: [String] = []
            if let r = tag.range(of: "class=\"") {
                let value = tag[r.upperBound...].prefix { $0 != "\"" }
                classes = value.split(separator: " ").map(String.init)
            }
            elements.append(Element(name: name, classes: classes, ancestors: stack))
            if tag.hasSuffix("/") || HTMLStructure.void.contains(name) { continue }
            // Script and style bodies are text, not tags.
            if name == "script" || name == "style", let end = rest.range(of: "</\(name)>") {
                rest = rest[end.upperBound...]
                continue
            }
            stack.append((name, classes))
        }
        if !stack.isEmpty { problems.append("left open: " + stack.map(\.name).joined(separator: ", ")) }
    }

    func with(class c: String) -> [Element] { elements.filter { $0.classes.contains(c) } }
}

/// References a page would fetch: `src`, `href` to another site, CSS `url(…)` and `@import`, `<link>`.
func networkReferences(_ html: String) -> [String] {
    var found: [String] = []
    let lower = html.lowercased()
    for pattern in ["src=", "url(", "@import", "<link", "<iframe", "<object", "<embed", "<img"] where lower.contains(pattern) {
        found.append(pattern)
    }
    var rest = Substring(lower)
    while let r = rest.range(of: "href=\"") {
        let value = rest[r.upperBound...].prefix { $0 != "\"" }
        if value.contains(":") || value.hasPrefix("//") { found.append("href=\"\(value)\"") }
        rest = rest[r.upperBound...]
    }
    return found
}

extension Lesson {
    /// Every `:show`/`:plot` line of the lesson, in page order.
    var pictureLines: [String] {
        steps.flatMap { step in
            (step.blocks + step.after).flatMap { block -> [String] in
                if case let .show(code) = block { return code.pictures.map { (try? $0.get())?.text ?? "(refused)" } }
                return []
            }
        }
    }

    /// The lines drawn as pictures: `:show … --heat` and `:plot` (a plain `:show` is a table).
    var drawnLines: [String] {
        pictureLines.filter { $0.hasPrefix(":plot") || ($0.hasPrefix(":show") && $0.contains("--heat")) }
    }
}
