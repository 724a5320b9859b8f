import Foundation
import Testing

/// The built `attn-tutor` running in a real terminal: a tmux session on a private
/// server, typed at with `send-keys` and read with `capture-pane`, the way a learner
/// uses it. Waits poll the screen with a deadline instead of sleeping.
public final class TmuxSession {
    nonisolated(unsafe) private static var counter = 0
    private static let lock = NSLock()

    public let name: String
    /// Each session has a tmux server of its own on a private socket, so the learner's
    /// own tmux is never touched and closing one session ends everything it started.
    public let socket: String
    private var closed = false

    /// Starts `command` (a shell command line) in a new `width`×`height` terminal.
    public init(_ command: String, environment: [String: String] = [:], width: Int = 100, height: Int = 40) throws {
        let n = TmuxSession.lock.withLock { TmuxSession.counter += 1; return TmuxSession.counter }
        name = "t\(n)"
        socket = FileManager.default.temporaryDirectory.appendingPathComponent("attn-tmux-\(getpid())-\(n)").path
        var env = ["TERM": "xterm-256color", "LANG": "C.UTF-8", "NO_COLOR": "1"]
        env.merge(environment) { $1 }
        // An empty value unsets the variable; env wants its -u options before the assignments.
        let unset = env.keys.sorted().filter { env[$0]!.isEmpty }.map { "-u \($0)" }
        let set = env.keys.sorted().filter { !env[$0]!.isEmpty }.map { "\($0)=\(TmuxSession.quote(env[$0]!))" }
        let line = "exec env " + (unset + set).joined(separator: " ") + " " + command
        // remain-on-exit keeps the pane after the program ends, so its last screen and its
        // exit status can be read; it is set in the same tmux call, before the program can exit.
        try tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", line,
                              ";", "set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit { close() }

    /// Ends the session and whatever runs in it.
    public func close() {
        guard !closed else { return }
        closed = true
        _ = try? tmux(["kill-server"])
        unlink(socket)
    }

    /// Types text literally (UTF-8 included).
    public func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    /// Presses keys by tmux name: `Enter`, `Tab`, `Up`, `C-c`, `C-d`, `C-z`.
    public func press(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Types a line and presses Enter.
    public func enter(_ line: String) throws {
        try type(line)
        try press("Enter")
    }

    /// The visible screen, trailing blanks removed; with `escapes`, colour codes kept.
    public func screen(escapes: Bool = false) throws -> String {
        let text = try tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))
        var lines: [String] = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var l = String(line)
            while l.last == " " { l.removeLast() }
            return l
        }
        // Blank lines below the last output are not part of it; those above it are.
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The cursor's column and row.
    public func cursor() throws -> (x: Int, y: Int) {
        let fields = try tmux(["display-message", "-p", "-t", name, "#{cursor_x} #{cursor_y}"])
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").compactMap { Int($0) }
        return fields.count == 2 ? (fields[0], fields[1]) : (-1, -1)
    }

    /// What the programs in the pane are doing, for a failure message: for the pane's
    /// process and its children, each thread's state, kernel wait channel and system call,
    /// and the parent's signal state.
    public func processReport() -> String {
        guard let text = try? tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]),
              let pid = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { return "no pane process" }
        func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }
        func field(_ status: String, _ key: String) -> String {
            status.split(separator: "\n").first { $0.hasPrefix(key + ":") }.map(String.init) ?? ""
        }
        var lines: [String] = []
        func describe(_ pid: Int, depth: Int) {
            let status = read("/proc/\(pid)/status")
            let parent = field(status, "PPid").split(separator: "\t").last.map(String.init) ?? "?"
            let parentStatus = read("/proc/\(parent)/status")
            lines.append("process \(pid) \(field(status, "Name")), parent \(parent) \(field(parentStatus, "Name")): "
                         + ["State", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt"].map { field(parentStatus, $0) }.joined(separator: " "))
            let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
            for task in tasks.sorted() {
                let base = "/proc/\(pid)/task/\(task)/"
                lines.append("  thread \(task): \(field(read(base + "status"), "State")) wchan \(read(base + "wchan")) "
                             + "syscall \(read(base + "syscall").trimmingCharacters(in: .newlines))")
            }
            guard depth < 2 else { return }
            for child in read("/proc/\(pid)/task/\(pid)/children").split(separator: " ").compactMap({ Int($0) }) {
                describe(child, depth: depth + 1)
            }
        }
        describe(pid, depth: 0)
        return lines.joined(separator: "\n")
    }

    /// Polls the screen until `condition` holds; after `timeout` seconds records a failure
    /// showing the screen. Returns the last screen seen.
    @discardableResult
    public func waitFor(_ what: String, timeout: Double = 30, escapes: Bool = false,
                 sourceLocation: SourceLocation = #_sourceLocation, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen(escapes: escapes)
            if condition(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out after \(Int(timeout)) s waiting for \(what); the screen:\n\(last)", sourceLocation: sourceLocation)
        throw Timeout()
    }

    /// Waits until the screen shows `text`.
    @discardableResult
    public func waitFor(text: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("“\(text)”", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
    }

    /// Waits until the last non-empty line is the prompt `prompt` and nothing else, the
    /// screen holds at least `count` such prompts, and the line editor is reading.
    @discardableResult
    public func waitForPrompt(_ prompt: String = "attn>", count: Int = 1, timeout: Double = 30,
                       sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        try waitFor("prompt \(count) “\(prompt)”", timeout: timeout, sourceLocation: sourceLocation) { screen in
            let lines = screen.split(separator: "\n")
            return lines.last.map(String.init) == prompt && lines.filter { $0.hasPrefix(prompt) }.count >= count
                && isEditing()
        }
    }

    /// Whether the terminal is in the line editor's raw mode. The prompt shows a moment
    /// before libedit switches the terminal; a Ctrl-D typed in between is taken by the
    /// terminal's cooked mode and lost, as it would be for a (much slower) human.
    public func isEditing() -> Bool {
        guard let tty = try? tmux(["display-message", "-p", "-t", name, "#{pane_tty}"])
            .trimmingCharacters(in: .whitespacesAndNewlines), !tty.isEmpty,
              let settings = try? TmuxSession.run("/bin/stty", ["-F", tty, "-a"]) else { return false }
        return settings.output.split(whereSeparator: { $0 == " " || $0 == "\n" }).contains("-icanon")
    }

    public struct Timeout: Error {}

    public struct TmuxFailed: Error, CustomStringConvertible {
        public var description: String
    }

    /// Runs tmux on this session's server and returns its standard output.
    @discardableResult
    public func tmux(_ arguments: [String]) throws -> String {
        let (status, output, errors) = try TmuxSession.run(TmuxSession.tmuxPath, ["-S", socket, "-f", "/dev/null", "-u"] + arguments)
        guard status == 0 else {
            throw TmuxFailed(description: "tmux \(arguments.joined(separator: " ")): \(errors)")
        }
        return output
    }

    /// Runs a program and waits for it with posix_spawn and waitpid. (Foundation's Process
    /// can miss the exit of a tmux client whose server lives on, and a pipe would never
    /// reach end of file while the forked server holds it, so output goes through files.)
    public static func run(_ path: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("attn-tmux-\(UUID().uuidString)").path
        defer {
            unlink(base + ".out")
            unlink(base + ".err")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var environment = ProcessInfo.processInfo.environment
        environment["LANG"] = "C.UTF-8"
        environment["TMUX"] = nil
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        // The test runner's threads block signals; the programs under test must start with
        // none blocked and default handlers, as from a login shell, or Ctrl-C would never arrive.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid = pid_t()
        let spawned = posix_spawnp(&pid, path, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw TmuxFailed(description: "cannot run \(path): \(String(cString: strerror(spawned)))"
                             + (path.hasSuffix("tmux") ? " (the terminal tests need tmux: apt-get install tmux, or make deps)" : ""))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let output = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let errors = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        // The exit status when the program exited normally, else 128 + the signal.
        let exited = status & 0x7f == 0
        return (exited ? (status >> 8) & 0xff : 128 + (status & 0x7f), output, errors)
    }

    public static let tmuxPath = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "tmux"

    /// The `attn-tutor` built with these tests (see ``TutorBinary/locate()``).
    public static let binary: String? = TutorBinary.path

    /// Single-quoted for the shell.
    public static func quote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
