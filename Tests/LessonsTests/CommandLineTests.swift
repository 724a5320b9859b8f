import Foundation
import Testing

/// Progress survives the process being killed mid-lesson: it is written after every step.
@Suite struct KillTests {
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
}
