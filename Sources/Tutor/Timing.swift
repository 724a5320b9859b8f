import Language

#if canImport(Glibc)
import Glibc
#endif

/// Best-of-N timing for `eval --time` and `:time`.
enum Timing {
    /// Nanoseconds on the monotonic clock.
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    /// Runs the statements of `source` repeatedly (assignments included) and returns the
    /// best time and the number of runs: at least 3, more while under ~0.5 s in all.
    static func best(_ source: String, in session: Session) -> Result<(best: UInt64, runs: Int), LanguageError> {
        var best = UInt64.max, runs = 0, total: UInt64 = 0
        while runs < 3 || (total < 500_000_000 && runs < 1000) {
            let start = now()
            let (_, error) = session.interpreter.run(source)
            let elapsed = now() - start
            if let error { return .failure(error) }
            best = min(best, elapsed)
            total += elapsed
            runs += 1
        }
        return .success((best, runs))
    }

    /// `best of 7: 12.3 ms`
    static func describe(_ nanoseconds: UInt64, runs: Int) -> String {
        let ns = Double(nanoseconds)
        let (value, unit): (Double, String) =
            ns < 1e3 ? (ns, "ns") : ns < 1e6 ? (ns / 1e3, "µs") : ns < 1e9 ? (ns / 1e6, "ms") : (ns / 1e9, "s")
        let digits = value < 10 ? 2 : value < 100 ? 1 : 0
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        let text = digits == 0 ? String(Int(rounded)) : String(rounded)
        return "best of \(runs): \(text) \(unit)"
    }

    /// Prints the timing line (or the error); returns false on error.
    static func report(_ source: String, in session: Session) -> Bool {
        switch best(source, in: session) {
        case let .success((ns, runs)):
            print(describe(ns, runs: runs))
            return true
        case let .failure(error):
            var stderr = StandardError()
            print(error.render(source: source), to: &stderr)
            return false
        }
    }
}
