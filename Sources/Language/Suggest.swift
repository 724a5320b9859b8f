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
            let d = distance(w, chars)
            if d > allowed { continue }
            if let b = best, d > b.distance || (d == b.distance && c.count >= b.name.count) { continue }
            best = (c, d)
        }
        return best?.name
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and
    /// swaps of neighbours (the typo "sfotmax") each cost one.
    public static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
