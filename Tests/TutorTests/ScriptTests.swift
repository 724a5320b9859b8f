import Foundation
import Testing

/// One test per `.attn` file in Tests/Scripts (format: ScriptRunner.swift, Tests/Scripts/README.md).
@Suite struct ScriptTests {
    @Test("script", arguments: ScriptFiles.names)
    func script(_ name: String) throws {
        let url = ScriptFiles.directory.appendingPathComponent(name)
        let text = try String(contentsOf: url, encoding: .utf8)
        let script = Script(parsing: text)
        #expect(!script.steps.isEmpty, "\(name) has no input")
        if let dir = ProcessInfo.processInfo.environment["ATTN_SCRIPTS_ACTUAL"] {
            try script.actual().write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
        }
        if let mismatch = script.run() {
            Issue.record(Comment(rawValue: "\(name):\(mismatch.line): \(mismatch.message)"),
                         sourceLocation: SourceLocation(fileID: "Scripts/\(name)", filePath: url.path,
                                                        line: mismatch.line, column: 1))
        }
    }

    @Test func everyFeatureAreaHasAScript() {
        let names = Set(ScriptFiles.names)
        for area in ["numbers-and-literals", "operators-and-precedence", "broadcasting", "indexing-and-slicing",
                     "assignment-and-statements", "calls-and-keywords", "unicode", "labels", "random",
                     "builtins-help", "errors", "fuzz-regressions"] {
            #expect(names.contains("\(area).attn"), "Tests/Scripts/\(area).attn is missing")
        }
    }

    // The runner itself must be able to fail, and say where.

    @Test func aWrongExpectationIsReportedAtItsLine() throws {
        let script = Script(parsing: "a = 2\na + 1\n# expect: 4\n")
        let m = try #require(script.run())
        #expect(m.line == 3)
        #expect(m.message.contains("expected: \"4\""))
        #expect(m.message.contains("got:      \"3\""))
    }

    @Test func missingAndExtraOutputAreReported() throws {
        let silent = Script(parsing: "1 + 1\n")
        #expect(try #require(silent.run()).line == 1)
        let extra = Script(parsing: "x = 1\n# expect: 1\n")
        #expect(try #require(extra.run()).message.contains("ends early"))
        let short = Script(parsing: "Q @ K\n# expect:   Q @ K\n")
        #expect(try #require(short.run()).message.contains("more lines than expected"))
    }

    @Test func errorsAndMultiLineInputAreExpressible() {
        let script = Script(parsing: """
            A = [1,
              2]
            A
            # expect: [ 1 2 ]
            B = (1 +
            
            # expect:   B = (1 +
            # expect:       ^
            # expect:   syntax error: this '(' is never closed (an empty line ends the input)
            # expect:   add ')' where the expression ends
            A
            # expect: [ 1 2 ]
            """)
        #expect(script.run() == nil)
    }

    @Test func expectationsInsideAnOpenBracketAreRejected() throws {
        let script = Script(parsing: "A = [1,\n# expect: nothing\n2]\n")
        #expect(try #require(script.run()).line == 2)
    }

    @Test func trailingSpacesAreIgnoredButLeadingSpacesCount() throws {
        #expect(Script(parsing: "1\n# expect: 1   \n").run() == nil)
        #expect(Script(parsing: "1\n# expect:  1\n").run() != nil)
    }

    @Test func anUnclosedBracketAtTheEndOfTheFileIsReported() {
        let script = Script(parsing: """
            [1,
            # expect:   [1,
            # expect:   ^
            # expect:   syntax error: this '[' is never closed (an empty line ends the input)
            # expect:   add ']' where the expression ends
            """)
        #expect(script.run() == nil)
    }
}

extension Script.Mismatch: Equatable {
    static func == (a: Self, b: Self) -> Bool { a.line == b.line && a.message == b.message }
}
