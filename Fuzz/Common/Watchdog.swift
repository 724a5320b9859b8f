// Shared by every fuzz target: a watchdog that raises the Ctrl-C flag when one input has
// run longer than FUZZ_INTERRUPT_MS (default 2000), exactly as the REPL's SIGINT handler
// does. A computation that is merely long then ends as "interrupted"; one that ignores
// the flag runs into libFuzzer's -timeout and is reported as a hang.

import Synchronization
import Tensors

#if canImport(Glibc)
import Glibc
#endif

enum Watchdog {
    /// Nanoseconds on the monotonic clock when the current input started; 0 between inputs.
    static let inputStart = Atomic<Int64>(0)
    nonisolated(unsafe) static var interruptAfter: Int64 = 2_000_000_000

    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Starts the thread that polls every 50 ms.
    static func start() {
        if let ms = getenv("FUZZ_INTERRUPT_MS").flatMap({ Int64(String(cString: $0)) }) { interruptAfter = ms * 1_000_000 }
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { _ in
            while true {
                usleep(50_000)
                let start = Watchdog.inputStart.load(ordering: .relaxed)
                if start != 0, Watchdog.now() - start > Watchdog.interruptAfter { Interrupt.request() }
            }
        }, nil)
        precondition(rc == 0, "cannot start the watchdog thread")
    }

    /// Call at the start of each input …
    static func begin() {
        Interrupt.clear()
        inputStart.store(now(), ordering: .relaxed)
    }

    /// … and at its end.
    static func end() {
        inputStart.store(0, ordering: .relaxed)
        Interrupt.clear()
    }
}
