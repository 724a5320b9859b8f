@preconcurrency import CEditLine
import Synchronization
import Tensors

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Line editing through libedit's readline-compatible API: history kept in a file,
/// Tab completion, UTF-8 input, and Ctrl-C reported as its own kind of input.
/// Only for a terminal: on a pipe the REPL reads lines without libedit.
final class LineEditor {
    enum Input: Equatable {
        case line(String)
        /// Ctrl-C at the prompt: the line being typed is gone.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case end
    }

    /// How many inputs history keeps, in memory and in the file.
    static let historyLimit: Int32 = 1000

    let history: HistoryFile?
    private var lastEntry: String?
    /// Said once, when the history file could not be read or saved (nil when all is well).
    private(set) var historyNote: String?

    /// Sets up libedit; `complete` answers Tab with the word and the text before it.
    init(historyPath: String?, complete: @escaping (String, String) -> Completion) {
        self.history = historyPath.map(HistoryFile.init(path:))
        LineEditor.useUTF8()
        Signals.installInterruptHandler()
        rl_readline_name = LineEditor.name
        using_history()
        stifle_history(LineEditor.historyLimit)
        if let history {
            let (entries, note) = history.load()
            for e in entries { _ = add_history(e) }
            lastEntry = entries.last
            historyNote = note
        }
        activeCompleter = complete
        rl_attempted_completion_function = completeWord
        rl_completer_word_break_characters = LineEditor.wordBreaks
    }

    /// Reads one line after showing `prompt`. A Ctrl-C left over from the last input is
    /// forgotten here; one pressed after Enter counts for the input just read.
    func read(prompt: String) -> Input {
        Interrupt.clear()
        // Waiting for the learner is the time to give freed tensor memory back to the system.
        Memory.release()
        guard let raw = readline(prompt) else {
            if Interrupt.isRequested {
                Interrupt.clear()
                return .interrupted
            }
            return .end
        }
        defer { free(raw) }
        return .line(String(cString: raw))
    }

    /// Adds an input to history and saves it to the file at once (atomically, see
    /// ``HistoryFile``), so that nothing is lost if the terminal is closed. Blank inputs and
    /// repeats of the last one are skipped. Returns a note the first time saving fails.
    @discardableResult
    func remember(_ entry: String) -> String? {
        guard !entry.allSatisfy(\.isWhitespace), entry != lastEntry else { return nil }
        lastEntry = entry
        _ = add_history(entry)
        guard let history, let problem = history.append([entry]) else { return nil }
        defer { historyNote = problem }
        return historyNote == nil ? problem : nil
    }

    /// libedit drops non-ASCII input unless the C library is told the terminal speaks
    /// UTF-8; a C or POSIX locale falls back to C.UTF-8.
    static func useUTF8() {
        _ = setlocale(LC_CTYPE, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    /// `$XDG_STATE_HOME/attn-tutor/history`, by default under `~/.local/state`; the
    /// directories are created. Nil when there is no place to keep it.
    static func defaultHistoryPath() -> String? {
        var base = Terminal.environment("XDG_STATE_HOME") ?? ""
        if !base.hasPrefix("/") {
            var home = Terminal.environment("HOME") ?? ""
            if home.isEmpty, let pw = getpwuid(getuid()), let dir = pw.pointee.pw_dir { home = String(cString: dir) }
            guard !home.isEmpty else { return nil }
            base = home + "/.local/state"
        }
        let directory = base + "/attn-tutor"
        guard makeDirectories(directory) else { return nil }
        return directory + "/history"
    }

    /// `mkdir -p`, private to the user; true when the directory exists afterwards.
    static func makeDirectories(_ path: String) -> Bool {
        var partial = ""
        for component in path.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o700) != 0 && errno != EEXIST { return false }
        }
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// C strings libedit keeps pointers to for the life of the process.
    nonisolated(unsafe) static let name = UnsafePointer(strdup("attn-tutor")!)
    nonisolated(unsafe) static let wordBreaks = strdup(Completion.wordBreaks)!
}

/// The completion behind the C callback (a C function pointer cannot capture context).
nonisolated(unsafe) private var activeCompleter: ((String, String) -> Completion)?

/// libedit's completion callback: the word under the cursor and its start, as a
/// character offset into the line. Returns a malloc'd, NULL-terminated array whose first
/// entry replaces the word (the common prefix when there are several matches), then the
/// matches. A single match is listed after itself too: libedit looks at the third entry
/// to recognise a unique match (and only then appends the space).
private func completeWord(_ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    // Never fall back to file names.
    rl_attempted_completion_over = 1
    guard let text, let complete = activeCompleter else { return nil }
    let word = String(cString: text)
    let line = rl_line_buffer.map { String(cString: $0) } ?? ""
    let scalars = Array(line.unicodeScalars)
    var before = String.UnicodeScalarView()
    before.append(contentsOf: scalars[0..<max(0, min(Int(start), scalars.count))])
    let completion = complete(word, String(before))
    guard !completion.matches.isEmpty else { return nil }
    rl_completion_append_character = completion.appendSpace && completion.matches.count == 1 ? 32 : 0
    let entries = [Completion.commonPrefix(completion.matches)] + completion.matches
    // libedit frees the array and its strings with free(), so both come from malloc.
    let raw = malloc(MemoryLayout<UnsafeMutablePointer<CChar>?>.stride * (entries.count + 1))!
    let result = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: entries.count + 1)
    for (i, e) in entries.enumerated() { result[i] = strdup(e) }
    result[entries.count] = nil
    return result
}

/// Signals at the terminal. Ctrl-C only raises the interrupt flag, which the evaluator
/// and the BLAS loop poll; `readline` returns nil with the flag raised.
enum Signals {
    static func installInterruptHandler() {
        // Touch the flag first so that the handler never runs its lazy initialisation.
        Interrupt.clear()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in Interrupt.request() }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
        // A parent may have started us with SIGINT blocked (threads of test runners and
        // some launchers block signals); then Ctrl-C would never reach the handler.
        var interrupt = sigset_t()
        sigemptyset(&interrupt)
        sigaddset(&interrupt, SIGINT)
        pthread_sigmask(SIG_UNBLOCK, &interrupt, nil)
        confineTerminalSignals()
    }

    /// Threads that have blocked the terminal's signals at our request.
    static let confined = Atomic<Int>(0)

    /// libedit handles SIGTSTP, SIGCONT, SIGWINCH and SIGINT in handlers that assume they
    /// run on the thread inside `readline()`. A signal sent to the process lands on any
    /// thread that does not block it, and OpenBLAS starts its workers (nothing blocked)
    /// before `main`: Ctrl-Z then `fg` ran libedit's handler on a BLAS thread and crashed.
    /// So every other thread that exists now is asked, with SIGUSR2, to block these
    /// signals; threads Dispatch starts later block them by themselves.
    static func confineTerminalSignals() {
        let me = attn_gettid()
        _ = confined.load(ordering: .relaxed)
        var action = sigaction(), previous = sigaction()
        // The mask in the handler's context is the one restored when the handler returns,
        // so adding to it blocks the signals in that thread for good.
        action.__sigaction_handler.sa_sigaction = { _, _, context in
            guard let context else { return }
            let uc = context.assumingMemoryBound(to: ucontext_t.self)
            sigaddset(&uc.pointee.uc_sigmask, SIGINT)
            sigaddset(&uc.pointee.uc_sigmask, SIGQUIT)
            sigaddset(&uc.pointee.uc_sigmask, SIGTSTP)
            sigaddset(&uc.pointee.uc_sigmask, SIGCONT)
            sigaddset(&uc.pointee.uc_sigmask, SIGWINCH)
            sigaddset(&uc.pointee.uc_sigmask, SIGTTIN)
            sigaddset(&uc.pointee.uc_sigmask, SIGTTOU)
            sigaddset(&uc.pointee.uc_sigmask, SIGHUP)
            sigaddset(&uc.pointee.uc_sigmask, SIGTERM)
            Signals.confined.add(1, ordering: .sequentiallyConsistent)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_RESTART
        guard sigaction(SIGUSR2, &action, &previous) == 0, let tasks = opendir("/proc/self/task") else { return }
        var asked = 0
        while let entry = readdir(tasks) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard let tid = pid_t(name), tid != me else { continue }
            if attn_tgkill(tid, SIGUSR2) == 0 { asked += 1 }
        }
        closedir(tasks)
        var pause = timespec(tv_sec: 0, tv_nsec: 1_000_000)
        for _ in 0..<200 where confined.load(ordering: .sequentiallyConsistent) < asked { nanosleep(&pause, nil) }
        if confined.load(ordering: .sequentiallyConsistent) < asked {
            // A thread that has not answered must not be killed by a late SIGUSR2.
            var ignore = sigaction()
            ignore.__sigaction_handler.sa_handler = SIG_IGN
            sigaction(SIGUSR2, &ignore, nil)
        } else {
            sigaction(SIGUSR2, &previous, nil)
        }
    }
}
