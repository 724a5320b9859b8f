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
    static func array(count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
        _ = configured
        return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
            let exact = UnsafeMutableBufferPointer(rebasing: buffer[0..<count])
            prepare(exact)
            body(exact)
            initialized = count
        }
    }

    /// Returns freed heap memory to the system (glibc `malloc_trim`). Call it when idle,
    /// e.g. while waiting for the next line of input, not between repeated timings.
    public static func release() {
        if let trim = function("malloc_trim", as: (@convention(c) (Int) -> Int32).self) { _ = trim(0) }
    }
}
