import Language

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
        let allowed = min(3, (a.count + 1) / 2)
        var best: (String, Int)?
        for c in candidates {
            let d = Suggest.distance(a, Array(c.lowercased()), limit: allowed)
            if d < (best?.1 ?? .max) { best = (c, d) }
        }
        guard let (name, d) = best else { return nil }
        // Half the word may be wrong, up to 3 edits: `vra` → `vars`, but not `zzzzzz` → anything.
        return d <= min(3, (a.count + 1) / 2) ? name : nil
    }
}
