import ArgumentParser
import Display

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A subcommand that could not do its work (an unknown lesson, an unreadable file): the
/// message goes to standard error and the exit status is 1. Unlike `ValidationError`, no
/// usage text follows, because the command line itself was fine.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = ANSI.visible(message, keepingLines: true) }
}

/// Reading files a learner or an author names, without trusting what they are.
enum BoundedFile {
    /// Files above this are refused: no lesson or setup file comes near it, and `/dev/zero`
    /// or a 10 GB log must not be read into memory.
    static let limit = 16 << 20

    /// The bytes of a regular file of at most `limit` bytes, or why it cannot be read.
    /// A FIFO, a directory or a device is refused before it is opened for reading, so that
    /// nothing blocks on a pipe no one writes to.
    static func read(_ path: String, limit: Int = BoundedFile.limit) -> Result<[UInt8], CommandFailure> {
        var info = stat()
        guard stat(path, &info) == 0 else { return .failure(CommandFailure("cannot read \(path): \(reason(errno))")) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "a folder" : "not a regular file"
            return .failure(CommandFailure("cannot read \(path): it is \(kind)"))
        }
        guard info.st_size <= limit else {
            return .failure(CommandFailure("cannot read \(path): it is \(info.st_size) bytes, more than the \(limit >> 20) MB a file may have"))
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { return .failure(CommandFailure("cannot read \(path): \(reason(errno))")) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(CommandFailure("cannot read \(path): \(reason(errno))"))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            // A file that grows while it is read (or lies about its size, as /proc does) is still capped.
            guard bytes.count <= limit else {
                return .failure(CommandFailure("cannot read \(path): it is more than the \(limit >> 20) MB a file may have"))
            }
        }
        return .success(bytes)
    }

    /// A file's text, which must be UTF-8.
    static func text(_ path: String) -> Result<String, CommandFailure> {
        read(path).flatMap { bytes in
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return .failure(CommandFailure("cannot read \(path): it is not UTF-8 text"))
            }
            return .success(text)
        }
    }

    static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }
}

/// Whether everything written to standard output reached it. A command whose output
/// could not be written (`> /dev/full`, a closed descriptor) has failed, whatever it
/// computed: the check runs when the process exits, and turns a success into status 1.
public enum OutputCheck {
    /// Registers the check; call it once, first thing in `main`.
    public static func install() {
        atexit {
            // fflush reports a write that fails now; ferror one that failed earlier.
            if fflush(stdout) != 0 || ferror(stdout) != 0 {
                let code = errno
                fputs("attn-tutor: cannot write the output: \(String(cString: strerror(code == 0 ? EIO : code)))\n", stderr)
                _exit(1)
            }
        }
    }
}
