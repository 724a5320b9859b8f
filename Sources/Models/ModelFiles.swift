#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Small file helpers for model folders (no Foundation: plain POSIX reads).
public enum ModelFiles {
    /// The whole of a (small) file.
    public static func read(_ path: String, limit: Int = 64 << 20) throws(ModelError) -> [UInt8] {
        let (fd, size) = try openRegularFile(path)
        defer { close(fd) }
        guard size <= limit else { throw ModelError(.malformed, "\(path): \(size) bytes is far too large for this kind of file") }
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + done, size - done) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw ModelError(.unreadable, "\(path): reading stopped after \(done) of \(size) bytes") }
            done += n
        }
        return bytes
    }

    /// Opens `path` for reading if it is a regular file (not a folder, FIFO or device, which
    /// could block or never end); returns the descriptor, which the caller closes, and the size.
    static func openRegularFile(_ path: String) throws(ModelError) -> (fd: Int32, size: Int) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ModelError(errno == ENOENT ? .notFound : .unreadable, "\(path): cannot open it (\(reason))")
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ModelError(.unreadable, "\(path): not a regular file")
        }
        return (fd, Int(info.st_size))
    }

    /// A JSON file, parsed.
    public static func readJSON(_ path: String) throws(ModelError) -> JSONValue {
        let bytes = try read(path)
        do {
            return try JSONValue.parse(bytes)
        } catch {
            throw ModelError(.malformed, "\(path): not valid JSON: \(error.message)")
        }
    }

    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Names in a directory (without . and ..), sorted; empty if it cannot be read.
    public static func list(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }
}
