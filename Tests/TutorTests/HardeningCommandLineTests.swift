import Foundation
import Language
@testable import Tutor
import Testing

/// Hostile command lines, files and outputs, through the real binary and a shell (for
/// redirections such as `> /dev/full` and limits such as `prlimit`): no crash, a clear
/// error and an exit status that tells the truth.
@Suite struct HardeningCommandLineTests {
    /// Runs `script` with `sh -c` in a fresh HOME, `$T` being the tutor. Returns the status
    /// (128 + signal when killed), standard output and standard error.
    static func shell(_ script: String, lessons: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let binary = try #require(TmuxSession.binary, "attn-tutor is not built")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("attn-harden-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let lessonsDirectory = lessons ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons").path
        let prefix = "export HOME=\(TmuxSession.quote(home)) XDG_DATA_HOME=\(TmuxSession.quote(home + "/d")) "
            + "XDG_STATE_HOME=\(TmuxSession.quote(home + "/s")) ATTN_TUTOR_LESSONS=\(TmuxSession.quote(lessonsDirectory)) "
            + "T=\(TmuxSession.quote(binary)) W=\(TmuxSession.quote(home)); cd \"$W\"; "
        return try TmuxSession.run("/bin/sh", ["-c", prefix + script])
    }

    // MARK: - Numbers from options

    @Test(arguments: ["--precision 3000000000 eval 1", "eval --precision 2147483647 1", "eval 1 --precision -1",
                      "run x.md --precision 16", "lesson x --precision 99999999999"])
    func precisionOutOfRangeIsRefused(_ arguments: String) throws {
        let (status, _, errors) = try Self.shell("$T \(arguments) </dev/null")
        #expect(status == 64, "\(errors)")
        #expect(errors.contains("--precision") && (errors.contains("0 to 15") || errors.contains("precision")), "\(errors)")
    }

    @Test(arguments: ["eval --precision 1 '[0.123]'", "eval '[0.123]' --precision 1", "--precision 1 eval '[0.123]'",
                      "eval --precision=1 '[0.123]'"])
    func evalHonoursPrecisionWhereverItStands(_ arguments: String) throws {
        let (status, output, errors) = try Self.shell("$T \(arguments)")
        #expect(status == 0, "\(errors)")
        #expect(output == "[ 0.1 ]\n")
    }

    @Test func evalTakesDoubleDashAsTheEndOfOptions() throws {
        let (status, output, errors) = try Self.shell("$T eval -- '-1' '2*-1'")
        #expect(status == 0, "\(errors)")
        #expect(output == "-1\n-2\n")
    }

    @Test func jsonOfAHundredThousandAxesDoesNotRecurse() throws {
        let (status, output, errors) = try Self.shell("$T eval --json 'reshape(ones(1), ones(100000))'")
        #expect(status == 0, "\(errors)")
        #expect(output.hasPrefix("{\"shape\":[1,1,"))
        #expect(output.hasSuffix("1.0" + String(repeating: "]", count: 100000) + "}\n"))
        let empty = try Self.shell("$T eval --json 'zeros(2, 0, 3)' 'zeros(0)'")
        #expect(empty.output == "{\"shape\":[2,0,3],\"data\":[[],[]]}\n{\"shape\":[0],\"data\":[]}\n")
    }

    // MARK: - Exit codes

    @Test(arguments: [
        ("$T lesson nonexistent </dev/null", "there is no lesson 'nonexistent'"),
        ("$T lesson /nonexistent.md </dev/null", "cannot read"),
        ("printf 'no front matter\\n' > p.md; $T lesson p.md </dev/null", "front matter"),
        ("printf '\\377\\376\\n' > b.md; $T lesson b.md </dev/null", "b.md"),
        ("$T run nonexistent", "there is no lesson"),
        ("$T progress --reset nonexistent", "no saved progress"),
    ])
    func failingSubcommandsExitNonZeroWithoutUsage(_ script: String, _ message: String) throws {
        let (status, output, errors) = try Self.shell(script)
        #expect(status == 1, "\(output)\(errors)")
        #expect(errors.contains(message), "\(errors)")
        #expect(!errors.contains("Usage:"), "a runtime failure is not a usage error: \(errors)")
        #expect(!output.contains("attn>"), "no REPL starts for a lesson that cannot be opened")
    }

    @Test func runFailsWhenABlockLineFails() throws {
        let lesson = "---\\nid: r\\ntitle: R\\n---\\n## S {#s}\\n```attn\\nx = 1\\n:show nothere --heat\\n:bogus\\n```\\n"
        let (status, output, _) = try Self.shell("printf -- '\(lesson)' > r.md; $T run r.md --color never")
        #expect(status == 1, "\(output)")
        #expect(output.contains("name error: 'nothere' is not defined"))
    }

    @Test(arguments: ["$T eval --json 'randn(300,300)' > /dev/full", "$T eval 'randn(3)' >&-",
                      "$T progress > /dev/full", "echo '1+1' | $T > /dev/full", "$T run why-attention > /dev/full",
                      "$T check why-attention > /dev/full"])
    func unwritableOutputExitsNonZero(_ script: String) throws {
        let (status, _, errors) = try Self.shell(script)
        #expect(status == 1, "\(errors)")
        #expect(errors.contains("cannot write the output"), "\(errors)")
    }

    // MARK: - Files that are not what they claim

    @Test(arguments: ["/dev/zero", "big", "W", "fifo"])
    func gradeRefusesSetupFilesThatAreNotSmallRegularFiles(_ path: String) throws {
        let target = path == "W" ? "\"$W\"" : path == "fifo" ? "\"$W/fifo\"" : path
        let start = Date()
        let (status, _, errors) = try Self.shell("mkfifo \"$W/fifo\"; truncate -s 20M big; $T grade --setup \(target) --expected 1 --answer 1")
        #expect(status == 1, "\(errors)")
        #expect(errors.contains("cannot read"), "\(errors)")
        #expect(!errors.contains("Usage:"))
        #expect(Date().timeIntervalSince(start) < 20, "a FIFO or /dev/zero must not be read until it ends")
    }

    @Test func crlfLessonsReadLikeLFOnes() throws {
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/Lessons/every-directive.md").path
        let lf = try Self.shell("$T run \(TmuxSession.quote(fixture)) --color never")
        let crlf = try Self.shell("sed 's/$/\\r/' \(TmuxSession.quote(fixture)) > crlf.md; $T run crlf.md --color never; echo \"rc=$?\"; $T check crlf.md")
        #expect(lf.status == 0, "\(lf.output)")
        #expect(crlf.output.hasPrefix(lf.output), "\(crlf.output)")
        #expect(crlf.output.contains("rc=0"))
        #expect(crlf.status == 0, "check: \(crlf.output)")
    }

    // MARK: - The terminal

    @Test func lessonTextCannotSendTerminalCommands() throws {
        let lesson = "---\\nid: esc\\ntitle: T\\033]0;PWNED\\007\\nsummary: s\\033[2J\\n---\\n## S\\033[8m {#s}\\nhi \\033]52;c;QQ==\\007 there\\n\\n```attn\\nx = 1\\n```\\n"
        for color in ["never", "always"] {
            let (status, output, errors) = try Self.shell("printf -- '\(lesson)' > e.md; $T run e.md --color \(color)")
            #expect(status == 0, "\(output)\(errors)")
            #expect(output.contains("T\\x1b]0;PWNED\\x07"), "\(output)")
            #expect(output.contains("hi \\x1b]52;c;QQ==\\x07 there"), "\(output)")
            // The only escape sequences left are colours: ESC [ digits/semicolons m.
            let sequences = output.split(separator: "\u{1B}", omittingEmptySubsequences: false).dropFirst()
            for s in sequences {
                #expect(s.first == "[" && s.dropFirst().prefix { $0.isNumber || $0 == ";" }.count < s.count - 1
                        && s.dropFirst().drop { $0.isNumber || $0 == ";" }.first == "m", "not a colour: \(s.prefix(12))")
            }
            if color == "never" { #expect(sequences.isEmpty) }
        }
    }

    @Test func errorsOfTheCommandLineEscapeControlCharacters() throws {
        let (status, _, errors) = try Self.shell("$T lesson \"$(printf 'x\\033]0;PWNED\\007')\" </dev/null")
        #expect(status == 1)
        #expect(errors.contains("x\\x1b]0;PWNED\\x07"), "\(errors)")
        #expect(!errors.contains("\u{1B}"))
    }

    // MARK: - Memory

    @Test func theMemoryBudgetRefusesWithAClearErrorAndTheWorkspaceSurvives() throws {
        let (status, output, errors) = try Self.shell("printf 'a = ones(10000000)\\nb = a + 1\\nc = a * 2\\na[0:3]\\n' | $T --memory 200M")
        #expect(status == 0, "\(errors)")
        #expect(output.contains("not enough memory"), "\(output)")
        #expect(output.contains("200 MB budget"), "\(output)")
        #expect(!output.contains("b = a + 1\n  "), "76 MB more fit: \(output)")
        #expect(output.hasSuffix("attn> a[0:3]\n[ 1 1 1 ]\n"), "the workspace survives: \(output.suffix(80).debugDescription)")
    }

    @Test(arguments: ["--memory 1", "--memory lots", "--memory 1E", "--memory -5G"])
    func memoryOptionIsChecked(_ option: String) throws {
        let (status, _, errors) = try Self.shell("$T eval 1 \(option)")
        #expect(status == 64, "\(errors)")
        #expect(errors.contains("--memory"), "\(errors)")
    }

    /// Under `ulimit -v` the budget is half the limit, so the tutor refuses before the
    /// system does (which would abort the process and lose the workspace).
    @Test func theBudgetStaysUnderTheProcessLimit() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/prlimit") else { return }
        var script = ""
        for i in 1...12 { script += "V\(i) = ones(10000000) + \(i)\\n" }
        script += "V1[0:2]\\n"
        let (status, output, errors) = try Self.shell("printf '\(script)' | /usr/bin/prlimit --as=1200000000 $T")
        #expect(status == 0, "\(errors)")
        #expect(output.contains("not enough memory"), "\(output)")
        #expect(output.hasSuffix("attn> V1[0:2]\n[ 2 2 ]\n"), "\(output.suffix(300))")
    }
}

/// Multi-line input carries its open brackets from line to line instead of rescanning
/// everything typed so far; the result must be what scanning the whole text gives.
@Suite struct LineBufferTests {
    @Test(arguments: [
        ["x = [1,", " 2, # a comment with ] and (", " 3]"],
        ["f(\"(\",", " '[',", " 1)"],
        ["A = [[1, 2],", "", "     [3, 4]]"],
        ["softmax((", "  X @ X.T", "))"],
    ])
    func linesGatherLikeTheWholeText(_ lines: [String]) {
        var buffer = LineBuffer()
        var result: LineBuffer.Result = .needMore
        var fed: [String] = []
        for line in lines {
            fed.append(line)
            result = buffer.add(line)
            let whole = fed.joined(separator: "\n")
            if Scanner.openBrackets(whole).isEmpty || line.allSatisfy(\.isWhitespace) && fed.count > 1 { break }
            #expect(result == .needMore, "\(whole)")
        }
        let whole = fed.joined(separator: "\n")
        if Scanner.openBrackets(whole).isEmpty {
            #expect(result == .complete(whole))
        } else {
            guard case .abandoned = result else { Issue.record("expected an abandoned input: \(result)"); return }
        }
    }

    @Test func twentyThousandLinesMakeOneInput() {
        var buffer = LineBuffer()
        #expect(buffer.add("x = [") == .needMore)
        for _ in 0..<20_000 { #expect(buffer.add("1,") == .needMore) }
        guard case let .complete(source) = buffer.add("]") else { Issue.record("not complete"); return }
        #expect(source.split(separator: "\n").count == 20_002)
    }
}
