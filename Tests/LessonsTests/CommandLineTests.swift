import Foundation
import Lessons
import Testing

/// The lesson commands through the real binary: grade, check, run, and progress that
/// survives the process being killed mid-lesson.
@Suite struct CommandLineTests {
    /// The built `attn-tutor`, beside the test bundle.
    static func binary() throws -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = URL(fileURLWithPath: exe).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = dir.appendingPathComponent("attn-tutor").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        throw Failure("attn-tutor not found near \(exe)")
    }

    /// Runs the tutor on `lesson` with a pipe for stdin; returns the process, its input and collected output.
    static func launch(_ lesson: String, data: String) throws -> (Process, FileHandle, () -> String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = ["lesson", lesson, "--color", "never"]
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = data
        env["XDG_STATE_HOME"] = data
        process.environment = env
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let collected = Collected()
        output.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try process.run()
        return (process, input.fileHandleForWriting, { collected.text })
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }

    static func waitFor(_ fragment: String, in output: () -> String, seconds: Double = 20) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if output().contains(fragment) { return true }
            usleep(20_000)
        }
        return false
    }

    @Test func killedMidLessonResumesAtTheSameStep() throws {
        let data = Fixture.temporaryDirectory()
        let (first, input, output) = try Self.launch(Fixture.path, data: data)
        input.write("\nX @ Wq\n\n".data(using: .utf8)!)
        #expect(Self.waitFor("[3/7]", in: output), "reached step 3: \(output())")
        kill(first.processIdentifier, SIGKILL)
        first.waitUntilExit()
        #expect(first.terminationReason == .uncaughtSignal)

        let (second, input2, output2) = try Self.launch(Fixture.path, data: data)
        #expect(Self.waitFor("[3/7] Compute the scaled scores", in: output2), "resumed at step 3: \(output2())")
        input2.write("Q @ K.T / sqrt(d_k)\n:quit\n".data(using: .utf8)!)
        #expect(Self.waitFor("✓", in: output2), "\(output2())")
        second.waitUntilExit()
        #expect(second.terminationStatus == 0)
        #expect(!output2().contains("could not be read"))
    }

    /// Runs the binary to completion; returns its exit status and standard output.
    static func run(_ arguments: [String], data: String = Fixture.temporaryDirectory()) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["XDG_DATA_HOME"] = data
        env["ATTN_TUTOR_LESSONS"] = Fixture.directory
        process.environment = env
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: [
        ("Q @ K.T", "missing-scale"), ("K @ Q.T / sqrt(d_k)", "operand-order"), ("Q @ K.T / d_k", "wrong-scale"),
    ])
    func gradeFreeFormNamesTheMistakeInJSON(_ answer: String, _ code: String) throws {
        let setup = Fixture.temporaryDirectory() + "/setup.attn"
        try attentionSetup.write(toFile: setup, atomically: true, encoding: .utf8)
        let (status, out) = try Self.run(["grade", "--setup", setup, "--expected", "Q @ K.T / sqrt(d_k)", "--answer", answer, "--json"])
        #expect(status == 1)
        let object = try Self.json(out)
        #expect(object["correct"] as? Bool == false)
        #expect(object["mistake"] as? String == code, "\(out)")
        #expect((object["message"] as? String)?.isEmpty == false)
    }

    @Test func gradeAgainstALessonExercise() throws {
        var (status, out) = try Self.run(["grade", "--lesson", "every-directive", "--exercise", "queries", "--answer", "X @ Wq", "--json"])
        #expect(status == 0)
        #expect(try Self.json(out)["correct"] as? Bool == true)
        #expect(try Self.json(out)["mistake"] is NSNull)
        (status, out) = try Self.run(["grade", "--lesson", "every-directive", "--exercise", "queries", "--answer", "Wq.T @ X.T", "--json"])
        #expect(try Self.json(out)["mistake"] as? String == "author", "\(out)")
        #expect(try Self.json(out)["message"] as? String == "That is Qᵀ: keep X on the left.")
    }

    @Test func checkReportsAsJSON() throws {
        let (status, out) = try Self.run(["check", "--json", Fixture.directory])
        #expect(status == 0, "\(out)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["id"] as? String == "every-directive")
        #expect(list[0]["steps"] as? Int == 7)
        #expect(list[0]["exercises"] as? Int == 5)
        #expect((list[0]["problems"] as? [String])?.isEmpty == true)
    }

    @Test func checkFailsWithFileAndLine() throws {
        let file = Fixture.temporaryDirectory() + "/bad.md"
        try "---\nid: bad\n---\n## S\n```attn\nnope + 1\n```\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (status, out) = try Self.run(["check", file])
        #expect(status == 1)
        #expect(out.contains("bad.md:6: name error: 'nope' is not defined"), "\(out)")
    }

    @Test func runRendersEveryStepSolved() throws {
        let (status, out) = try Self.run(["run", "every-directive", "--color", "never"])
        #expect(status == 0, "\(out)")
        for fragment in ["── Three tokens", "[2/7] Compute the queries", "attn> X @ Wq", "✓ each row of Q", "answer: b) across each row", "── Recap"] {
            #expect(out.contains(fragment), "missing \(fragment)")
        }
        #expect(!out.contains("✗"))
    }

    @Test func progressShowsAndResets() throws {
        let data = Fixture.temporaryDirectory()
        var p = Progress()
        var lesson = try Fixture.lesson()
        lesson.source = Catalog.resolved(Fixture.directory)  // a course: ATTN_TUTOR_LESSONS names its folder
        p.record(lesson, at: 2)
        #expect(ProgressStore(directory: data + "/attn-tutor").save(p) == nil)
        var (status, out) = try Self.run(["progress"], data: data)
        #expect(status == 0)
        #expect(out.contains("every-directive") && out.contains("at step 3/7"), "\(out)")
        (status, out) = try Self.run(["progress", "--reset", "every-directive"], data: data)
        #expect(status == 0, "\(out)")
        (status, out) = try Self.run(["progress"], data: data)
        #expect(out.contains("not started"), "\(out)")
    }
}
