#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The history file, in libedit's format (`_HiStOrY_V2_`, then one entry per line with
/// blanks and backslashes escaped), read and written here rather than by libedit:
///
/// - a save never rewrites the file in place: it writes a temporary file in the same
///   folder and renames it over the old one, so a closed terminal or a kill leaves the old
///   file or the new one, never half of one;
/// - it never follows a symbolic link (the link is replaced, its target left alone);
/// - two tutors at once both keep their inputs: under a lock, each save re-reads the file
///   and adds only this session's new entries;
/// - entries longer than ``maxEntryBytes`` are not kept, and the file keeps the newest
///   entries that fit ``maxEntries`` and ``maxFileBytes``, so one Enter costs little;
/// - a file in another format (plain lines, another program's history), or one larger than
///   the cap, is renamed aside, not overwritten; its (newest) lines become the first entries.
struct HistoryFile {
    let path: String

    static let cookie = "_HiStOrY_V2_"
    static let maxEntries = 1000
    static let maxEntryBytes = 16 << 10
    static let maxFileBytes = 1 << 20
    /// More than this is not read at start: only the newest part of an oversized file counts.
    static let readLimit = 4 << 20

    /// What is on disk now, and a note for the learner when something was odd.
    enum Loaded {
        case entries([String])
        /// A file in another format; its lines, and the note saying where it went.
        case foreign([String], note: String)
        /// Nothing can be kept (a folder, a FIFO, a link, unreadable): why.
        case unusable(String)
    }

    /// The entries saved so far. A file in another format is moved aside here.
    func load() -> (entries: [String], note: String?) {
        switch read() {
        case let .entries(e): return (e, nil)
        case let .foreign(e, note):
            // Its lines start the new file, so the next save (which re-reads it) keeps them.
            return (e, write(e).map { note + "; " + $0 } ?? note)
        case let .unusable(why): return ([], why)
        }
    }

    func read() -> Loaded {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            return errno == ENOENT ? .entries([]) : .unusable("cannot read the history file \(path): \(HistoryFile.reason())")
        }
        let type = info.st_mode & S_IFMT
        // A link is not followed: the next save replaces the link itself.
        if type == S_IFLNK { return .entries([]) }
        guard type == S_IFREG else { return .unusable("the history file \(path) is not a regular file; history is not saved") }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .unusable("cannot read the history file \(path): \(HistoryFile.reason())") }
        defer { close(fd) }
        let head = HistoryFile.bytes(fd, count: HistoryFile.cookie.utf8.count + 1)
        if info.st_size == 0 { return .entries([]) }
        let isOurs = head.starts(with: Array(HistoryFile.cookie.utf8))
        // Only the newest part of a huge file: its last `readLimit` bytes, without the line cut
        // in two. Otherwise the first line is the cookie.
        let truncated = info.st_size > HistoryFile.readLimit
        lseek(fd, truncated ? off_t(info.st_size) - off_t(HistoryFile.readLimit) : 0, SEEK_SET)
        let skipFirst = isOurs || truncated
        let data = HistoryFile.bytes(fd, count: min(Int(info.st_size), HistoryFile.readLimit))
        var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)[...]
        if skipFirst, !lines.isEmpty { lines = lines.dropFirst() }
        if isOurs, info.st_size <= HistoryFile.maxFileBytes {
            return .entries(HistoryFile.newest(lines.map { HistoryFile.decode($0) }))
        }
        if isOurs {
            // Bigger than this program keeps (an older version wrote it): kept whole, aside,
            // rather than cut down to what fits by the next save.
            let aside = path + ".large-\(time(nil))-\(getpid())"
            guard rename(path, aside) == 0 else {
                return .unusable("the history file \(path) is too large and cannot be moved aside (\(HistoryFile.reason())); history is not saved")
            }
            let entries = HistoryFile.newest(lines.map { HistoryFile.decode($0) })
            return .foreign(entries, note: "the history file was \(info.st_size >> 20) MB, more than the \(HistoryFile.maxFileBytes >> 20) MB kept: "
                            + "it is kept as \(aside), and its newest entries that fit are in your history")
        }
        // Another format: keep the file, under a name of its own, and take its lines.
        let aside = path + ".other-\(time(nil))-\(getpid())"
        guard rename(path, aside) == 0 else {
            return .unusable("the history file \(path) is not attn-tutor's and cannot be moved aside (\(HistoryFile.reason())); history is not saved")
        }
        let entries = lines.compactMap { String(validating: $0, as: UTF8.self) }.filter { !$0.allSatisfy(\.isWhitespace) }
        return .foreign(HistoryFile.newest(entries), note: "the history file was not in attn-tutor's format: it is kept as \(aside), and its lines are in your history")
    }

    /// Adds `entries` to the file: under the lock, re-read what is there (another tutor
    /// may have added to it), append, keep the newest, write a temporary file and rename it.
    /// Returns why it failed, or nil.
    func append(_ entries: [String]) -> String? {
        let kept = entries.filter { $0.utf8.count <= HistoryFile.maxEntryBytes }
        guard !kept.isEmpty else { return nil }
        let lock = open(path + ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard lock >= 0 else { return "cannot lock the history file: \(HistoryFile.reason())" }
        defer { close(lock) }
        while flock(lock, LOCK_EX) != 0 { if errno != EINTR { return "cannot lock the history file: \(HistoryFile.reason())" } }
        defer { flock(lock, LOCK_UN) }
        var current: [String]
        switch read() {
        case let .entries(e): current = e
        case let .foreign(e, _): current = e
        case let .unusable(why): return why
        }
        current += kept
        return write(HistoryFile.newest(current))
    }

    /// Writes the whole file atomically.
    func write(_ entries: [String]) -> String? {
        var text = HistoryFile.cookie + "\n"
        for e in entries { text += HistoryFile.encode(e) + "\n" }
        let temporary = path + ".tmp"
        // O_EXCL after unlink: a link planted under the temporary name is never written through.
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return "cannot save the history: \(HistoryFile.reason())" }
        var ok = true
        text.utf8CString.withUnsafeBufferPointer { buffer in
            var offset = 0
            let total = buffer.count - 1
            while offset < total {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, total - offset)
                if n < 0 { if errno == EINTR { continue }; ok = false; return }
                offset += n
            }
        }
        let failure = ok ? nil : HistoryFile.reason()
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let why = failure ?? HistoryFile.reason()
            unlink(temporary)
            return "cannot save the history: \(why)"
        }
        return nil
    }

    /// The newest entries that fit the count and size limits.
    static func newest(_ entries: [String]) -> [String] {
        var kept: [String] = []
        var bytes = cookie.utf8.count + 1
        for e in entries.reversed() {
            guard kept.count < maxEntries, e.utf8.count <= maxEntryBytes else { if kept.count >= maxEntries { break }; continue }
            let size = encode(e).utf8.count + 1
            if bytes + size > maxFileBytes { break }
            bytes += size
            kept.append(e)
        }
        return kept.reversed()
    }

    /// libedit's escaping (strvis with VIS_WHITE, as its readers undo): blanks and other
    /// control characters as three octal digits, a backslash doubled.
    static func encode(_ entry: String) -> String {
        var out: [UInt8] = []
        for b in entry.utf8 {
            switch b {
            case UInt8(ascii: "\\"): out += [b, b]
            case 0..<0x21, 0x7F:
                out += [UInt8(ascii: "\\"), 0x30 + (b >> 6), 0x30 + ((b >> 3) & 7), 0x30 + (b & 7)]
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Undoes strvis: `\ooo`, `\\`, `\M-x`, `\^X`, `\M^X`, and C-style `\n \t \s …`.
    static func decode(_ line: ArraySlice<UInt8>) -> String {
        let bytes = Array(line)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        func isOctal(_ k: Int) -> Bool { k < bytes.count && bytes[k] >= 0x30 && bytes[k] <= 0x37 }
        while i < bytes.count {
            let b = bytes[i]
            guard b == UInt8(ascii: "\\"), i + 1 < bytes.count else { out.append(b); i += 1; continue }
            let c = bytes[i + 1]
            if isOctal(i + 1) {
                var value = 0, k = i + 1
                while k < i + 4, isOctal(k) { value = value * 8 + Int(bytes[k] - 0x30); k += 1 }
                out.append(UInt8(truncatingIfNeeded: value))
                i = k
            } else if c == UInt8(ascii: "M"), i + 3 < bytes.count, bytes[i + 2] == UInt8(ascii: "-") {
                out.append(bytes[i + 3] | 0x80); i += 4
            } else if c == UInt8(ascii: "M"), i + 3 < bytes.count, bytes[i + 2] == UInt8(ascii: "^") {
                out.append((bytes[i + 3] == UInt8(ascii: "?") ? 0x7F : bytes[i + 3] & 0x1F) | 0x80); i += 4
            } else if c == UInt8(ascii: "^"), i + 2 < bytes.count {
                out.append(bytes[i + 2] == UInt8(ascii: "?") ? 0x7F : bytes[i + 2] & 0x1F); i += 3
            } else {
                let simple: [UInt8: UInt8] = [UInt8(ascii: "n"): 10, UInt8(ascii: "t"): 9, UInt8(ascii: "s"): 32,
                                              UInt8(ascii: "r"): 13, UInt8(ascii: "b"): 8, UInt8(ascii: "a"): 7,
                                              UInt8(ascii: "v"): 11, UInt8(ascii: "f"): 12, UInt8(ascii: "E"): 27]
                out.append(simple[c] ?? c); i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Up to `count` bytes from `fd`.
    static func bytes(_ fd: Int32, count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = out.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + filled, count - filled) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { break }
            filled += n
        }
        return Array(out[0..<filled])
    }

    static func reason() -> String { String(cString: strerror(errno)) }
}
