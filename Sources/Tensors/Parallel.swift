import Dispatch

#if canImport(Glibc)
import Glibc
#endif

/// Splits large loops over the machine's cores.
///
/// Dispatch's `concurrentPerform` runs the pieces on its worker pool (the first call
/// starts the threads, ~0.3 ms once; later calls cost a few µs) and the calling thread
/// takes part, so nothing is spawned until a tensor is big enough to need it.
enum Parallel {
    /// Cores online when first asked.
    static let cores: Int = {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n < 1 ? 1 : min(n, 256)
    }()

    /// Below this many elements a loop stays on the calling thread: waking a worker
    /// costs more than a core saves on less work than this.
    static let elementThreshold = 1 << 15

    /// Calls `body` on consecutive ranges that cover `0..<count` exactly once, on
    /// several threads when there are at least `minimumPerTask` items per extra task.
    /// No range is longer than `maximumPerTask`, so a body that polls ``Interrupt`` once
    /// per range notices Ctrl-C promptly. Ranges are cut at multiples of `alignment` so
    /// vector loops see whole vectors until the very end. Returns when every range is done.
    static func forRanges(_ count: Int, minimumPerTask: Int = elementThreshold, maximumPerTask: Int = Int.max,
                          alignment: Int = 8, _ body: (Range<Int>) -> Void) {
        guard count > 0 else { return }
        // More pieces than cores, so a core slowed by other work does not hold up the rest.
        let most = max(1, maximumPerTask)
        let wanted = max(cores == 1 ? 1 : cores * 4, count / most + (count % most == 0 ? 0 : 1))
        let tasks = min(wanted, count / max(1, minimumPerTask))
        let step = tasks > 1 ? (count / tasks + alignment - 1) / alignment * alignment : count
        let pieces = (count + step - 1) / step
        if pieces == 1 || cores == 1 {
            var start = 0
            while start < count { body(start..<min(count, start + step)); start += step }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let work = UncheckedSendable(escapable)
            DispatchQueue.concurrentPerform(iterations: pieces) { t in
                let start = t * step
                work.value(start..<min(count, start + step))
            }
        }
    }
}

/// Lets a value the caller knows to be safe cross into `concurrentPerform`:
/// the pieces write disjoint parts of one buffer and the call waits for all of them.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
