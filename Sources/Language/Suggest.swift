/// "Did you mean …?": the closest candidate by edit distance, if it is close enough to help.
public enum Suggest {
    /// The nearest candidate, or nil when none is close enough to be a likely typo.
    ///
    /// Case is ignored (`q` finds `Q`). Otherwise a name may be off by one edit per three
    /// characters, at most three: `sofmax` finds `softmax`, but `x` does not find `a` —
    /// suggesting an unrelated one-letter variable only misleads.
    static func nearest(to word: String, in candidates: some Sequence<String>) -> String? {
        let w = Array(word.lowercased())
        let allowed = min(3, w.count / 3)
        var best: (name: String, distance: Int)?
        for c in candidates where c != word {
            let chars = Array(c.lowercased())
            // Cheap bound first: the distance is at least the difference in length.
            guard Swift.abs(chars.count - w.count) <= allowed else { continue }
            let d = distance(w, chars, limit: allowed)
            if d > allowed { continue }
            if let b = best, d > b.distance || (d == b.distance && c.count >= b.name.count) { continue }
            best = (c, d)
        }
        return best?.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// swaps of neighbours (the typo "sfotmax") each cost one.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        distance(a, b, limit: Swift.max(a.count, b.count))
    }

    /// ``distance(_:_:)`` when it is at most `limit`, else `limit + 1`. Only the band of
    /// cells within `limit` of the diagonal is computed, three rows at a time: time
    /// O(n·limit) and memory O(n), so two 32 000-character names cost microseconds, not an
    /// n×n table of gigabytes.
    public static func distance(_ a: [Character], _ b: [Character], limit: Int) -> Int {
        let n = a.count, m = b.count
        let big = limit + 1
        if Swift.abs(n - m) > limit { return big }
        if n == 0 || m == 0 { return Swift.max(n, m) }
        var older = [Int](repeating: big, count: m + 1)
        var previous = [Int](repeating: big, count: m + 1)
        var current = [Int](repeating: big, count: m + 1)
        for j in 0...Swift.min(m, limit) { previous[j] = j }
        for i in 1...n {
            let lo = Swift.max(1, i - limit), hi = Swift.min(m, i + limit)
            // Cells just outside the band read as "too far".
            for j in (lo - 1)...Swift.min(m, hi + 1) { current[j] = big }
            if lo == 1 { current[0] = i <= limit ? i : big }
            var rowMin = current[lo - 1]
            for j in lo...hi {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var d = Swift.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d = Swift.min(d, older[j - 2] + 1) }
                current[j] = Swift.min(d, big)
                rowMin = Swift.min(rowMin, current[j])
            }
            if rowMin > limit { return big }
            (older, previous, current) = (previous, current, older)
        }
        return Swift.min(previous[m], big)
    }
}
