#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Reads and writes `progress.json` under `$XDG_DATA_HOME/attn-tutor/` (default
/// `~/.local/share/attn-tutor/`).
///
/// Every change is a transaction: under a lock on `progress.lock`, the file is read
/// again, the change applied to what it holds, and the result written to a temporary
/// file that is renamed over the old one. So two tutors on one data directory never undo
/// each other's saves (nor a `progress --reset`), and a kill mid-write leaves the
/// previous version. A file that cannot be read is moved aside with a note and never
/// written over; if it cannot even be moved, nothing is saved.
public struct ProgressStore: Sendable {
    public let directory: String
    public var path: String { directory + "/progress.json" }
    var lockPath: String { directory + "/progress.lock" }

    public init(directory: String) { self.directory = directory }

    /// The default location from the environment.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStore {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { base = xdg }
        else { base = (environment["HOME"] ?? "/tmp") + "/.local/share" }
        return ProgressStore(directory: base + "/attn-tutor")
    }

    /// The saved progress, and a note if the file was unreadable (and set aside).
    public func load() -> (Progress, warning: String?) {
        let lock = Lock(lockPath)
        defer { lock.release() }
        let read = self.read()
        return (read.progress, read.note)
    }

    /// Applies `change` to the progress on disk and saves it; returns the result, a note
    /// when something was set aside or could not be saved, and whether it was saved.
    @discardableResult
    public func update(_ change: (inout Progress) -> Void) -> (progress: Progress, note: String?, saved: Bool) {
        if let problem = makeDirectory() {
            var p = read().progress
            change(&p)
            return (p, problem, false)
        }
        let lock = Lock(lockPath)
        defer { lock.release() }
        removeStaleTemporaries()
        var read = self.read()
        change(&read.progress)
        guard read.writable else { return (read.progress, read.note, false) }
        let problem = write(read.progress)
        return (read.progress, [read.note, problem].compactMap { $0 }.joined(separator: "; ").nilIfEmpty, problem == nil)
    }

    /// Replaces the saved progress with `progress` (under the lock); returns a message if it could not.
    @discardableResult
    public func save(_ progress: Progress) -> String? {
        let result = update { $0 = progress }
        return result.saved ? nil : result.note ?? "progress not saved"
    }

    // MARK: - The file

    struct Read {
        var progress = Progress()
        var note: String?
        /// False when the file could not be read and could not be moved aside: it must not be replaced.
        var writable = true
    }

    /// Progress files are small; a huge one is not ours.
    static let sizeLimit = 64 << 20

    func read() -> Read {
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ENOENT { return Read() }
            return setAside(because: String(cString: strerror(errno)))
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { return setAside(because: "it is not a regular file") }
        guard st.st_size <= ProgressStore.sizeLimit else { return setAside(because: "it is larger than a progress file can be") }
        guard let data = ProgressStore.contents(path) else { return setAside(because: String(cString: strerror(errno))) }
        if data.isEmpty { return setAside(because: "it is empty") }
        guard let progress = Progress.decode(data) else { return setAside(because: "it is not a progress file of this version") }
        if progress.unreadableEntries > 0 {
            // Keep what can be read, and a copy of the whole file for what cannot.
            let copy = asideName()
            let kept = ProgressStore.writeFile(copy, data) == nil
            let n = progress.unreadableEntries
            return Read(progress: progress, note: "\(n) lesson\(n == 1 ? "" : "s") in your progress file could not be read"
                        + (kept ? "; the whole file was kept as \(copy)" : "") + ", the others are kept")
        }
        return Read(progress: progress)
    }

    func setAside(because reason: String) -> Read {
        let aside = asideName()
        if rename(path, aside) == 0 {
            return Read(note: "your progress file could not be read (\(reason)); it was kept as \(aside) and progress starts afresh")
        }
        return Read(note: "your progress file \(path) could not be read (\(reason)) and could not be moved aside; progress is not saved over it",
                    writable: false)
    }

    /// A name beside the file that no earlier copy has.
    func asideName() -> String {
        let stamp = Progress.iso8601(Progress.now()).filter { $0.isNumber }
        var candidate = path + ".unreadable-\(stamp)-\(getpid())"
        var n = 1
        while access(candidate, F_OK) == 0 {
            n += 1
            candidate = path + ".unreadable-\(stamp)-\(getpid())-\(n)"
        }
        return candidate
    }

    func write(_ progress: Progress) -> String? {
        let data: Data
        do { data = try progress.encoded() } catch { return "cannot encode the progress: \(error)" }
        let temp = path + ".tmp-\(getpid())"
        if let problem = ProgressStore.writeFile(temp, data) { return "cannot save progress in \(directory): \(problem)" }
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            return "cannot save progress as \(path): \(reason)"
        }
        return nil
    }

    func makeDirectory() -> String? {
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            return "cannot save progress: cannot create the folder \(directory)"
        }
        return nil
    }

    /// Temporary files of tutors that died mid-save.
    func removeStaleTemporaries() {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix("progress.json.tmp-") {
            guard let pid = Int32(name.dropFirst("progress.json.tmp-".count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { unlink(directory + "/" + name) }
        }
    }

    /// The whole file (nil with `errno` set when it cannot be read).
    static func contents(_ path: String, limit: Int = ProgressStore.sizeLimit) -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { return data }
            data.append(contentsOf: buffer[0..<n])
            if data.count > limit { errno = EFBIG; return nil }
        }
    }

    /// Writes a new file (never through a link), flushed to disk; a message if it could not.
    static func writeFile(_ path: String, _ data: Data) -> String? {
        unlink(path)
        let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        var failure: String?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = String(cString: strerror(errno)); return }
                offset += n
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        close(fd)
        if failure != nil { unlink(path) }
        return failure
    }

    /// An exclusive `flock` held for one transaction; without a lock file (a read-only
    /// folder) the transaction goes ahead unlocked — it cannot write anyway.
    struct Lock {
        let fd: Int32

        init(_ path: String) {
            fd = open(path, O_CREAT | O_RDWR | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { return }
            while flock(fd, LOCK_EX) != 0, errno == EINTR {}
        }

        func release() {
            guard fd >= 0 else { return }
            flock(fd, LOCK_UN)
            close(fd)
        }
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
