// Runs the `.attn` script tests in Tests/Scripts, Crafting-Interpreters style.
//
// Format of a script (also described in Tests/Scripts/README.md):
//
// - Every line that does not start with `# expect:` is input, typed as a learner types
//   it: statements, `;`, comments, blank lines, lines continuing an open bracket. The
//   lines are fed one by one through exactly what the stdin transcript uses: Tutor's
//   `Repl.feed` (a `LineBuffer` gathers lines into complete inputs, `Session` runs them;
//   a fresh Session per file, seed 0, precision 4, no colour, no width limit). At the end
//   of the file an unfinished input is ended by `Repl.finishInput`, as at end of input.
//   The lesson hooks are not attached, so an empty line does not start a lesson.
// - After an input line, the output it produces (when it completes a chunk, or an empty
//   line abandons one) is written as one `# expect: <text>` line per output line. The
//   text is everything after `# expect:` and one space, compared exactly after trimming
//   trailing spaces on both sides, so leading spaces matter: an error's source line and
//   caret are indented by two spaces and are written `# expect:   A @ B`. `# expect:`
//   alone expects an empty line.
// - An input line followed by no `# expect:` line must produce no output at all (an
//   assignment, a comment, a line continuing an open bracket).
// - `# expect:` lines are not fed as input, so they may sit between the lines of a
//   multi-line statement only after its last line.
//
// The first mismatch in a file is reported at the `.attn` file's own line, with the
// expected and the actual output of that statement. With ATTN_SCRIPTS_ACTUAL=DIR set, each
// script's actual transcript is also written to DIR/NAME (for authors to review).

import Foundation
import Language
import Tutor

/// One `.attn` script, split into input lines and the output expected after each.
struct Script: Sendable {
    struct Expectation: Sendable {
        var line: Int
        var text: String
    }

    struct Step: Sendable {
        /// 1-based line number in the file.
        var line: Int
        var input: String
        var expected: [Expectation]
    }

    static let marker = "# expect:"

    var steps: [Step] = []
    /// Expectations before the first input line: always an error in the script.
    var orphans: [Expectation] = []

    init(parsing text: String) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        for (offset, raw) in lines.enumerated() {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.hasPrefix(Script.marker) {
                var rest = line.dropFirst(Script.marker.count)
                if rest.first == " " { rest = rest.dropFirst() }
                let e = Expectation(line: offset + 1, text: Script.trimTrailing(String(rest)))
                if steps.isEmpty { orphans.append(e) } else { steps[steps.count - 1].expected.append(e) }
            } else {
                steps.append(Step(line: offset + 1, input: line, expected: []))
            }
        }
    }

    static func trimTrailing(_ s: String) -> String {
        var s = Substring(s)
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }

    /// Where and how a script's output departs from its expectations.
    struct Mismatch: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// The output of each input line, fed as the stdin transcript feeds them: one by one
    /// to Tutor's `Repl` (which gathers lines in a `LineBuffer` and runs complete inputs
    /// with `Session`), then `finishInput()` at the end. `continues` marks lines that left
    /// a bracket open. The lesson hooks the real transcript adds are not attached: these
    /// scripts test the language, and an empty line is just an empty line.
    func outputs() -> [(lines: [String], continues: Bool)] {
        var written: [String] = []
        let repl = Repl(session: Session(), style: .plain, width: { nil }, write: { written.append($0) })
        var result: [(lines: [String], continues: Bool)] = []
        for (k, step) in steps.enumerated() {
            written = []
            repl.feed(step.input)
            var continues = repl.isContinuing
            if k == steps.count - 1, continues {
                // End of input with a bracket open: the transcript reports it after the last line.
                repl.finishInput()
                continues = false
            }
            result.append((written.flatMap(Script.lines), continues))
        }
        return result
    }

    /// Feeds the input as the stdin transcript does and returns the first mismatch, or nil.
    func run() -> Mismatch? {
        if let first = orphans.first {
            return Mismatch(line: first.line, message: "an expectation comes before any input line")
        }
        for (step, output) in zip(steps, outputs()) {
            if output.continues, !step.expected.isEmpty {
                return Mismatch(line: step.expected[0].line,
                                message: "expectations follow line \(step.line), which leaves a bracket open, so it produces no output yet")
            }
            if let m = compare(step, output.lines) { return m }
        }
        return nil
    }

    /// The script with its expectations replaced by the actual output: what the file would
    /// say if the current behaviour were right. For authors, to check by hand, never to copy blindly.
    func actual() -> String {
        zip(steps, outputs()).map { step, output in
            ([step.input] + output.lines.map { "\(Script.marker) \($0)".trimmingTrailingSpaces }).joined(separator: "\n")
        }.joined(separator: "\n") + "\n"
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { trimTrailing(String($0)) }
    }

    func compare(_ step: Step, _ got: [String]) -> Mismatch? {
        let expected = step.expected.map(\.text)
        guard expected != got else { return nil }
        let i = zip(expected, got).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, got.count)
        let line = i < step.expected.count ? step.expected[i].line : step.line
        var message: String
        if i >= expected.count {
            message = "after `\(step.input)` (line \(step.line)) the output has more lines than expected; the first extra line is\n    got:      \(Script.quote(got[i]))"
        } else if i >= got.count {
            message = "after `\(step.input)` (line \(step.line)) the output ends early\n    expected: \(Script.quote(expected[i]))\n    got:      nothing more"
        } else {
            message = "after `\(step.input)` (line \(step.line))\n    expected: \(Script.quote(expected[i]))\n    got:      \(Script.quote(got[i]))"
        }
        message += "\n  whole output of that line (paste-ready):\n" + (got.isEmpty ? "    (none)" : got.map { "    \(Script.marker) \($0)" }.joined(separator: "\n"))
        return Mismatch(line: line, message: message)
    }

    static func quote(_ s: String) -> String { "\"" + s + "\"" }
}

extension String {
    var trimmingTrailingSpaces: String { Script.trimTrailing(self) }
}

/// The script files, found next to this source file so the tests run from any directory.
enum ScriptFiles {
    static var directory: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Scripts")
    }

    /// File names of every `.attn` script, sorted.
    static var names: [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return all.filter { $0.hasSuffix(".attn") }.sorted()
    }
}
