import Language
import Tensors

/// At an exercise a "did you mean …" or "write …" is a promise: typed, it gives the
/// answer. The language suggests fixes without knowing the answer (`X @ Wq[4:8]` gets
/// `X @ Wq[4:8].T`, which runs but is wrong), so each suggested fix is tried first —
/// alone and in place of the part of the answer the error points at — and kept only if
/// it gives the expected value. Advice that is not a fix ("help() lists the builtins") stays.
struct Suggestions {
    let check: Check
    let learner: Interpreter
    let source: String

    func verified(_ error: LanguageError) -> LanguageError {
        guard let suggestion = error.suggestion, Suggestions.isFix(suggestion) else { return error }
        if candidates(suggestion, error).contains(where: gives) { return error }
        var shown = error
        shown.suggestion = nil
        return shown
    }

    /// Whether a suggestion offers something to type.
    static func isFix(_ s: String) -> Bool {
        s.hasPrefix("did you mean") || s.contains("write ") || s.contains("`") || s.contains("call it as a function")
            || s.contains("use *:") || s.contains("use @:")
    }

    /// The code a suggestion offers, whole answers first, then each fragment put in place
    /// of the span the error points at.
    func candidates(_ s: String, _ error: LanguageError) -> [String] {
        var fragments: [String] = []
        let pieces = s.split(separator: "`", omittingEmptySubsequences: false)
        for (i, piece) in pieces.enumerated() where i % 2 == 1 { fragments.append(String(piece)) }
        if fragments.isEmpty {
            var rest = Substring(s)
            if let r = rest.firstRange(of: "did you mean ") { rest = rest[r.upperBound...] }
            else if let r = lastRange(of: "write ", in: rest) { rest = rest[r.upperBound...] }
            else if let r = lastRange(of: ": ", in: rest) { rest = rest[r.upperBound...] }
            var fragment = String(rest.drop { $0 == " " })
            while let last = fragment.last, last == "?" || last == "." && !fragment.hasSuffix(".T") { fragment.removeLast() }
            fragments.append(fragment)
        }
        var out: [String] = []
        let chars = Array(source)
        for f in fragments {
            out.append(f)
            guard let span = error.span, span.start >= 0, span.end <= chars.count, span.start <= span.end else { continue }
            let before = String(chars[..<span.start]), after = String(chars[span.end...])
            let inside = String(chars[span.start..<span.end])
            out.append(before + f + after)
            // `.tranpose` → `.T`: the fragment replaces the attribute's name only.
            if f.hasPrefix("."), let dot = inside.lastIndex(of: ".") {
                out.append(before + inside[..<dot] + f + after)
            } else if !f.contains(where: { !($0.isLetter || $0.isNumber || $0 == "_") }), let dot = inside.lastIndex(of: ".") {
                out.append(before + inside[..<dot] + "." + f + after)
            }
        }
        return out
    }

    func gives(_ text: String) -> Bool {
        guard !text.contains("…"), let e = try? Parser.parseExpression(text),
              let t = (try? learner.evaluate(e, source: text))?.tensor else { return false }
        return check.close(t, check.expected)
    }
}

/// The last occurrence of `target` in `s`.
private func lastRange(of target: String, in s: Substring) -> Range<Substring.Index>? {
    var found: Range<Substring.Index>?
    var rest = s
    while let r = rest.firstRange(of: target) { found = r; rest = s[r.upperBound...] }
    return found
}
