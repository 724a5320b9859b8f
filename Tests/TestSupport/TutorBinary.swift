import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The `attn-tutor` executable built with the tests, and ways to run it: to completion
/// with arguments, standard input and environment (``run(_:stdin:environment:)``), or
/// alive with a pipe to type into (``launch(_:environment:)``).
public enum TutorBinary {
    /// `ATTN_TUTOR_BIN` if set; otherwise the executable beside the test bundle (SwiftPM
    /// puts both in the same build directory, whatever the scratch path or configuration);
    /// otherwise the package's default build directories.
    public static func locate() throws -> URL {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["ATTN_TUTOR_BIN"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        var bundles: [URL] = []
        if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { bundles.append(URL(fileURLWithPath: exe)) }
        if let argv0 = CommandLine.arguments.first { bundles.append(URL(fileURLWithPath: argv0)) }
        for path in CommandLine.arguments.dropFirst() where path.hasSuffix(".xctest") { bundles.append(URL(fileURLWithPath: path)) }
        for bundle in bundles {
            // The test binary may sit inside a .xctest bundle (macOS) or be the .xctest itself (Linux).
            var dir = bundle.resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                candidates.append(dir.appendingPathComponent("attn-tutor"))
                dir = dir.deletingLastPathComponent()
            }
        }
        for config in ["debug", "release"] {
            candidates.append(URL(fileURLWithPath: Repository.root + "/.build/\(config)/attn-tutor"))
        }
        for c in candidates where fm.isExecutableFile(atPath: c.path) && !isDirectory(c) { return c }
        throw Failure("cannot find the attn-tutor executable; looked at:\n" + candidates.map(\.path).joined(separator: "\n")
                      + "\n(build it, or set ATTN_TUTOR_BIN)")
    }

    /// The path of the binary, or nil when it is not built.
    public static let path: String? = try? locate().path

    static func isDirectory(_ url: URL) -> Bool {
        var dir: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &dir) && dir.boolValue
    }

    /// How a run ended and what it wrote.
    public struct Output: Sendable {
        public var status: Int32
        /// Killed by a signal (a trap or crash) rather than exiting.
        public var signalled: Bool
        public var stdout: String
        public var stderr: String
    }

    /// The test's environment with `NO_COLOR=1`, a private data directory and `changes`
    /// applied (an empty value removes the variable).
    public static func environment(_ changes: [String: String]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["XDG_DATA_HOME"] = Fixture.temporaryDirectory()
        for (key, value) in changes { env[key] = value.isEmpty ? nil : value }
        return env
    }

    /// Runs the binary to completion with `stdin` as its standard input (nothing when nil).
    /// Output goes to temporary files rather than pipes, so a large stdout cannot block
    /// while stderr fills up (or the other way round).
    public static func run(_ arguments: [String], stdin: String? = nil, environment changes: [String: String] = [:]) throws -> Output {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("attn-run-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? fm.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stdout"), err = dir.appendingPathComponent("stderr"), inp = dir.appendingPathComponent("stdin")
        guard fm.createFile(atPath: out.path, contents: nil), fm.createFile(atPath: err.path, contents: nil),
              fm.createFile(atPath: inp.path, contents: Data((stdin ?? "").utf8)) else { throw Failure("cannot create files in \(dir.path)") }
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        let inHandle = try FileHandle(forReadingFrom: inp)
        let process = Process()
        process.executableURL = try locate()
        process.arguments = arguments
        process.standardOutput = outHandle
        process.standardError = errHandle
        process.standardInput = stdin == nil ? FileHandle.nullDevice : inHandle
        process.environment = environment(changes)
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        try inHandle.close()
        return Output(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    /// A running tutor whose standard input is a pipe: type into it, wait for its output.
    public final class Running {
        public let process: Process
        let input: FileHandle
        let collected = Collected()

        init(process: Process, input: FileHandle) {
            self.process = process
            self.input = input
        }

        /// Writes `text` to its standard input.
        public func send(_ text: String) { input.write(Data(text.utf8)) }

        /// Everything it wrote so far (stdout and stderr together).
        public var output: String { collected.text }

        /// Waits until the output holds `fragment`; false after `seconds`.
        public func waitFor(_ fragment: String, seconds: Double = 20) -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if output.contains(fragment) { return true }
                usleep(20_000)
            }
            return false
        }
    }

    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
        var text: String { lock.lock(); defer { lock.unlock() }; return String(decoding: data, as: UTF8.self) }
    }

    /// Starts the binary with a pipe for standard input.
    public static func launch(_ arguments: [String], environment changes: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = try locate()
        process.arguments = arguments
        process.environment = environment(changes)
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        let running = Running(process: process, input: input.fileHandleForWriting)
        output.fileHandleForReading.readabilityHandler = { [collected = running.collected] handle in collected.append(handle.availableData) }
        try process.run()
        return running
    }
}
