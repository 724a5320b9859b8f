import CBLAS
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// How big tensors get their memory.
///
/// A fresh 128 MB buffer (one 4096×4096 score matrix) costs far more to fault in, page by
/// page, than to compute: measured on a 2-core VM, 150 ms of page faults against 15 ms to
/// fill it. glibc serves every block over 32 MB with a new `mmap` and unmaps it on free, so
/// each large result would pay that again. Two changes avoid it:
///
/// - large blocks come from the heap instead (`M_MMAP_MAX` = 0) and freed memory stays
///   there (`M_TRIM_THRESHOLD` = 1 GB), so the next large tensor reuses pages that are
///   already mapped; ``release()`` hands it back to the system;
/// - buffers of 4 MB or more are advised to use transparent huge pages (as NumPy does),
///   so memory that is touched for the first time faults 2 MB at a time.
public enum Memory {
    /// Set once, before the first large buffer is allocated.
    static let configured: Bool = {
        // <malloc.h> is not in Swift's Glibc module: look the functions up instead, which
        // also leaves other C libraries (musl) alone. Parameter numbers from glibc's malloc.h.
        if let mallopt = function("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self) {
            let trimThreshold: Int32 = -1, mmapMax: Int32 = -4
            _ = mallopt(mmapMax, 0)
            _ = mallopt(trimThreshold, 1 << 30)
        }
        return true
    }()

    /// A C function of the running process by name, if there is one.
    static func function<F>(_ name: String, as type: F.Type) -> F? {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
        #else
        return nil
        #endif
    }

    /// Buffers at least this large are advised to use huge pages.
    static let hugePageThreshold = 4 << 20

    /// Advises the kernel to back `buffer` with huge pages, before it is first written.
    static func prepare(_ buffer: UnsafeMutableBufferPointer<Double>) {
        #if os(Linux)
        let bytes = buffer.count * MemoryLayout<Double>.stride
        guard bytes >= hugePageThreshold, let base = buffer.baseAddress else { return }
        let page = 4096
        let start = (Int(bitPattern: base) + page - 1) / page * page
        let end = (Int(bitPattern: base) + bytes) / page * page
        guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(pointer, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// An array of `count` doubles whose elements `body` writes; huge-page advice and the
    /// allocator settings above apply to it.
    static func array(count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) throws(TensorError) -> [Double] {
        _ = configured
        try reserve(elements: count)
        return unchecked(count: count, body)
    }

    /// ``array(count:_:)`` without the budget check, for a result the size of an operand that
    /// already exists (one elementwise pass), where the caller cannot throw.
    static func unchecked(count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        _ = configured
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            let exact = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            prepare(exact)
            body(exact)
            initialized = count
        }
    }

    // MARK: - The workspace budget

    /// The most memory, in bytes, that tensors may hold at once; a computation that would
    /// need more is refused with ``TensorError/outOfMemory(requested:inUse:budget:)``
    /// before the system refuses it (which would end the process and lose the workspace).
    /// By default ``defaultBudget``; `--memory` changes it.
    public static var budget: Int {
        get { budgetBytes.load(ordering: .relaxed) }
        set { budgetBytes.store(Swift.max(minimumBudget, newValue), ordering: .relaxed) }
    }
    private static let budgetBytes = Atomic<Int>(defaultBudget)
    /// No budget below this: the tutor itself needs a little.
    public static let minimumBudget = 16 << 20

    /// A quarter of physical memory, and never more than half the process's own limit
    /// (``processLimit``) when there is one: that leaves room for the program and for the
    /// temporaries of the computation being refused.
    public static let defaultBudget: Int = {
        let physical = physicalMemory ?? (4 << 30)
        var budget = physical / 4
        if let limit = processLimit { budget = Swift.min(budget, limit / 2) }
        return Swift.max(minimumBudget, budget)
    }()

    /// The most a budget may be: physical memory, and half the process's limit.
    public static var maximumBudget: Int {
        var most = physicalMemory ?? Int.max
        if let limit = processLimit { most = Swift.min(most, limit / 2) }
        return Swift.max(minimumBudget, most)
    }

    /// Bytes of RAM, from sysconf.
    public static var physicalMemory: Int? {
        #if canImport(Glibc)
        let pages = sysconf(Int32(_SC_PHYS_PAGES)), size = sysconf(Int32(_SC_PAGESIZE))
        guard pages > 0, size > 0 else { return nil }
        let (bytes, overflow) = pages.multipliedReportingOverflow(by: size)
        return overflow ? Int.max : bytes
        #else
        return nil
        #endif
    }

    /// The smallest memory limit set on this process: its address space (`ulimit -v`) or
    /// its cgroup (`memory.max`, or `memory.limit_in_bytes` of cgroup v1); nil when none.
    public static let processLimit: Int? = {
        var limits: [Int] = []
        #if canImport(Glibc)
        var rl = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_AS.rawValue), &rl) == 0, rl.rlim_cur != rlim_t.max, rl.rlim_cur < UInt(Int.max) {
            limits.append(Int(rl.rlim_cur))
        }
        #endif
        limits += cgroupLimits()
        return limits.min()
    }()

    /// Memory limits of the cgroups this process is in (v2 and v1 layouts).
    static func cgroupLimits() -> [Int] {
        var limits: [Int] = []
        guard let membership = smallFile("/proc/self/cgroup") else { return limits }
        for line in membership.split(separator: "\n") {
            // `0::/path` (v2) or `N:memory:/path` (v1).
            let parts = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { continue }
            let path = String(parts[2])
            var files: [String] = []
            if parts[0] == "0", parts[1].isEmpty {
                files = ["/sys/fs/cgroup\(path)/memory.max", "/sys/fs/cgroup/memory.max"]
            } else if parts[1].split(separator: ",").contains("memory") {
                files = ["/sys/fs/cgroup/memory\(path)/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.limit_in_bytes"]
            }
            for file in files {
                guard let text = smallFile(file) else { continue }
                // "max", or v1's huge "no limit" number.
                if let value = Int(text.split(separator: "\n").first ?? ""), value > 0, value < (1 << 60) { limits.append(value) }
                break
            }
        }
        return limits
    }

    /// The first 4 KB of a file (for /proc and /sys), nil when it cannot be read.
    static func smallFile(_ path: String) -> String? {
        #if canImport(Glibc)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n], as: UTF8.self)
        #else
        return nil
        #endif
    }

    /// Bytes the allocator has handed out and not had back (glibc `mallinfo2`); nil when unknown.
    public static func inUse() -> Int? {
        let bytes = Int(truncatingIfNeeded: attn_heap_in_use())
        return bytes > 0 ? bytes : nil
    }

    /// Requests smaller than this are not checked: they cannot matter, and asking the
    /// allocator costs a little.
    static let checkedSize = 1 << 20

    /// Throws when `elements` doubles more would take the memory in use past ``budget``.
    public static func reserve(elements: Int) throws(TensorError) {
        let (bytes, overflow) = elements.multipliedReportingOverflow(by: MemoryLayout<Double>.stride)
        guard overflow || bytes >= checkedSize else { return }
        let used = inUse() ?? 0
        let limit = budget
        if overflow || bytes > limit || used > limit - bytes {
            throw .outOfMemory(requested: overflow ? Int.max : bytes, inUse: used, budget: limit)
        }
    }

    /// Returns freed heap memory to the system (glibc `malloc_trim`). Call it when idle,
    /// e.g. while waiting for the next line of input, not between repeated timings.
    public static func release() {
        if let trim = function("malloc_trim", as: (@convention(c) (Int) -> Int32).self) { _ = trim(0) }
    }
}

extension Memory {
    /// `512 MB`, `3.2 GB`: a size as people read it.
    public static func text(_ bytes: Int) -> String {
        let b = Double(bytes)
        if b >= 1e15 { return "far more than any machine has" }
        if b >= Double(1 << 30) { return String(Double(Int(b / Double(1 << 30) * 10)) / 10) + " GB" }
        if b >= Double(1 << 20) { return "\(Int((b / Double(1 << 20)).rounded())) MB" }
        return "\(Int((b / 1024).rounded())) KB"
    }

    /// Reads `512M`, `2G`, `1.5GB`, `800MB`, `65536` (bytes); nil when it is not a size.
    public static func parseSize(_ text: String) -> Int? {
        var s = text.trimmingCharacters(in: " ").uppercased()
        if s.hasSuffix("B") { s.removeLast() }
        if s.hasSuffix("I") { s.removeLast() }
        var scale = 1.0
        if let last = s.last, let power = ["K": 1, "M": 2, "G": 3, "T": 4][String(last)] {
            scale = Double(1 << (10 * power))
            s.removeLast()
        }
        guard let value = Double(s.trimmingCharacters(in: " ")), value.isFinite, value > 0 else { return nil }
        let bytes = value * scale
        return bytes < 9e18 ? Int(bytes) : Int.max
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
