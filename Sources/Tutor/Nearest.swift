/// "Did you mean …?" for commands and help topics: a word the typed one starts, or failing
/// that the closest by edit distance when it is close enough to be a typo.
enum Nearest {
    static func word(to typed: String, in candidates: [String]) -> String? {
        let t = typed.lowercased()
        guard !t.isEmpty else { return nil }
        if let prefixed = candidates.filter({ $0.lowercased().hasPrefix(t) }).min(by: { $0.count < $1.count }) {
            return prefixed
        }
        let a = Array(t)
        var best: (String, Int)?
        for c in candidates {
            let d = distance(a, Array(c.lowercased()))
            if d < (best?.1 ?? .max) { best = (c, d) }
        }
        guard let (name, d) = best else { return nil }
        // Half the word may be wrong, up to 3 edits: `vra` → `vars`, but not `zzzzzz` → anything.
        return d <= min(3, (a.count + 1) / 2) ? name : nil
    }

    /// Edit distance counting a swap of neighbours as one edit (`shwo` → `show`).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
