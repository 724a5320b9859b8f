import Language
import Tensors

/// Numbers typed from the screen are rounded: `3.0955 * 0.5068` stands for the printed
/// Q[1] and K[3], each off by up to half a unit in its last digit. This finds how far
/// the answer can be from the exact value for that reason alone, by nudging each typed
/// number by half a unit of its last digit and measuring the change.
struct HandWork {
    let learner: Interpreter
    let source: String

    /// The typed decimals of the answer (with at least two significant digits: `0.5` or
    /// `2` are taken as exact), and for each element of the answer the largest error
    /// their rounding explains. Nil when the answer has no such numbers.
    func roundingError(_ expr: Expr, value: Tensor) -> (typed: [String], error: [Double])? {
        let chars = Array(source)
        var literals: [(span: SourceSpan, text: String, half: Double)] = []
        func walk(_ e: Expr) {
            if case .number = e.kind, e.span.start >= 0, e.span.end <= chars.count, e.span.start < e.span.end {
                let text = String(chars[e.span.start..<e.span.end])
                if let half = HandWork.halfUnit(text) { literals.append((e.span, text, half)) }
            }
            e.children.forEach(walk)
        }
        walk(expr)
        guard !literals.isEmpty, literals.count <= 32 else { return nil }
        var error = [Double](repeating: 0, count: value.count)
        for literal in literals {
            let nudged = expr.rewritten { node in
                guard node.span == literal.span, case let .number(v) = node.kind else { return nil }
                return Expr(.number(v + literal.half), node.span)
            }
            guard let t = (try? learner.evaluate(nudged, source: source))?.tensor, t.shape == value.shape else { return nil }
            for i in 0..<t.count { error[i] += Swift.abs(t.data[i] - value.data[i]) }
        }
        // The nudges add up linearly; half as much again covers the curvature of products and quotients.
        return (literals.map(\.text), error.map { $0 * 1.5 })
    }

    /// Half a unit in the last digit of a decimal such as `3.0955` or `4.30387e-06`;
    /// nil for whole numbers and for decimals with fewer than two significant digits.
    static func halfUnit(_ text: String) -> Double? {
        let lower = text.lowercased()
        let parts = lower.split(separator: "e", maxSplits: 1)
        guard let mantissa = parts.first, mantissa.contains(".") || parts.count == 2 else { return nil }
        let exponent = parts.count == 2 ? Int(parts[1]) ?? 0 : 0
        let decimals = mantissa.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
        // `2.0` and `0.50` are exact numbers written long, not rounded ones.
        var digits = Array(mantissa.filter(\.isNumber).drop { $0 == "0" })
        while digits.last == "0", mantissa.contains(".") { digits.removeLast() }
        let significant = digits.count
        guard significant >= 2 else { return nil }
        var unit = 1.0
        for _ in 0..<Swift.abs(exponent - decimals) { unit *= 10 }
        if exponent - decimals < 0 { unit = 1 / unit }
        return unit / 2
    }

    /// Every element within the rounding error (plus the exercise's tolerance).
    static func within(_ got: Tensor, _ expected: Tensor, error: [Double], tolerance: Double) -> Bool {
        guard got.shape == expected.shape, error.count == got.count else { return false }
        for i in 0..<got.count {
            let (x, y) = (got.data[i], expected.data[i])
            guard x.isFinite, y.isFinite else { if x == y { continue } else { return false } }
            if Swift.abs(x - y) > error[i] + tolerance * (1 + Swift.abs(y)) { return false }
        }
        return true
    }
}
