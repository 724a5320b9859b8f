import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// Names a mistake by comparing the learner's value with the expected one: a
/// transpose, a constant factor such as √d_k, the other softmax axis, rows that do not
/// sum to 1, a missing or reversed mask, the other positional-encoding layout.
struct Detectors {
    let check: Check
    var expected: Tensor { check.expected }

    func find(_ got: Tensor) -> (Mistake, String)? {
        let e = expected
        if got.rank == 2, e.rank == 2, got.shape == e.shape.reversed(), let t = try? e.transposed(),
           check.close(got, t), !(got.shape == e.shape && check.close(e, t)) {
            return (.transposed, "this is the transpose of the answer: rows and columns are swapped (yours is \(Shape.words(got.shape)), the answer \(check.shapeText(e.shape))). Check which operand needs .T")
        }
        guard got.shape == e.shape else {
            return (.shape, "the answer should be \(check.shapeText(e.shape)), but yours is \(Shape.words(got.shape))")
        }
        // A single number (a count, an index) that is off is just off: no scale story.
        guard e.count > 1 else { return nil }
        // A constant factor that means something (the token count, √d_k) is the plainer story
        // than "rows that do not sum to 1", which every scaled set of weights also shows.
        return layout(got) ?? mask(got) ?? factor(got) ?? softmaxShape(got)
    }

    /// Sines and cosines in two halves instead of interleaved, or in each other's columns.
    func layout(_ got: Tensor) -> (Mistake, String)? {
        let e = expected
        guard e.rank == 2, e.shape[1] >= 2, e.shape[1] % 2 == 0 else { return nil }
        let d = e.shape[1]
        let evens = Array(stride(from: 0, to: d, by: 2)), odds = Array(stride(from: 1, to: d, by: 2))
        guard let sines = try? e.indexed([.slice(start: nil, stop: nil, step: nil), .positions(evens)]),
              let cosines = try? e.indexed([.slice(start: nil, stop: nil, step: nil), .positions(odds)]) else { return nil }
        if let halves = try? Tensor.concat([sines, cosines], axis: 1), check.close(got, halves), !check.close(halves, e) {
            return (.peLayout, "you put all the sines first and all the cosines after; the paper interleaves them: column 2i is sin, column 2i+1 the cos of the same angle")
        }
        let pairs = (0..<d).map { $0 % 2 == 0 ? $0 + 1 : $0 - 1 }
        if let swapped = try? e.indexed([.slice(start: nil, stop: nil, step: nil), .positions(pairs)]),
           check.close(got, swapped), !check.close(swapped, e) {
            return (.peLayout, "sine and cosine are swapped: even columns (2i) hold sin, odd columns (2i+1) hold cos")
        }
        return nil
    }

    /// Where a causal pattern is expected: entries above the diagonal 0 (weights) or −∞ (scores).
    func mask(_ got: Tensor) -> (Mistake, String)? {
        let e = expected
        guard e.rank >= 2, let n = e.shape.last, n >= 2, e.shape[e.rank - 2] == n else { return nil }
        func hidden(_ v: Double) -> Bool { v == 0 || v == -.infinity }
        func all(_ t: Tensor, above: Bool, _ test: (Double) -> Bool) -> Bool {
            let count = t.count / (n * n)
            for m in 0..<count {
                for i in 0..<n {
                    for j in 0..<n where above ? j > i : j < i {
                        if !test(t.data[m * n * n + i * n + j]) { return false }
                    }
                }
            }
            return true
        }
        guard all(e, above: true, hidden), !all(e, above: false, hidden) else { return nil }
        if all(got, above: false, hidden), !all(got, above: true, hidden) {
            return (.maskDirection, "the mask is the wrong way round: each token may look at itself and the tokens before it, never after — hide what is above the diagonal (the future), not below")
        }
        if !all(got, above: true, hidden) {
            return (.missingMask, "tokens can still see the future: everything above the diagonal must be hidden. Add causal_mask(\(n)) to the scores before softmax")
        }
        return nil
    }

    /// Softmax along the wrong axis, no softmax at all, or exponentials never normalised.
    func softmaxShape(_ got: Tensor) -> (Mistake, String)? {
        let e = expected
        guard e.rank >= 2, rowsSumToOne(e, axis: -1), e.data.allSatisfy({ $0 >= 0 }) else { return nil }
        if !rowsSumToOne(got, axis: -1), rowsSumToOne(got, axis: -2) {
            return (.softmaxAxis, "softmax went down the columns (axis 0): each column sums to 1. Attention weights must sum to 1 across each row — one query's weights over all keys — so use axis=-1")
        }
        if let twice = try? e.softmax(axis: -1), !check.close(twice, e), check.close(got, twice) {
            return (.softmaxTwice, "softmax was applied twice: these are already weights, and softmax of weights flattens them towards uniform. Apply softmax once, to the scores")
        }
        if !e.hasUniformRows, let s = try? got.softmax(axis: -1), check.close(s, e) {
            return (.missingSoftmax, "these are scores, not weights: apply softmax along the last axis so each row becomes positive weights that sum to 1")
        }
        if got.data.allSatisfy({ $0 > 0 }), let sums = try? got.reduce(.sum, axis: -1, keepdims: true),
           let normalised = try? Tensor.binary(.divide, got, sums), check.close(normalised, e) {
            return (.notNormalized, "the rows do not sum to 1: divide each row by its sum (after exp, that division is what makes softmax a set of weights)")
        }
        if rowsSumToOne(got, axis: -1), got.data.allSatisfy({ $0 > 0 }),
           let c = constantRatio(centredLog(got), centredLog(e)) {
            return scaleVerdict(c, inside: true)
        }
        return nil
    }

    /// The learner's value is the expected one times a constant.
    func factor(_ got: Tensor) -> (Mistake, String)? {
        guard let c = constantRatio(got, expected) else { return nil }
        return scaleVerdict(c, inside: false)
    }

    /// Names a constant factor, but only one that means something here: √d_k (the scale
    /// left out), d_k (divided by d_k instead of √d_k), √d_model and d_model, and the
    /// number of tokens (a sum where a mean was wanted). Any other factor tells no story:
    /// `X[8] @ Wq` is not "0.125 times too small".
    func scaleVerdict(_ c: Double, inside: Bool) -> (Mistake, String)? {
        guard c.isFinite, Swift.abs(c - 1) > 1e-6, c != 0 else { return nil }
        let whereText = inside ? "the scores inside softmax are" : "your values are"
        let sizes = check.meaningfulSizes
        if let k = check.scaleSize {
            let r = Double(k).squareRoot()
            if near(c, r) {
                return (.missingScale, "\(whereText) √d_k = \(fmt(r)) times too large: divide the scores by √d_k (√\(k))")
            }
            if near(c, 1 / r), k > 1 {
                return (.wrongScale, "\(whereText) divided by d_k = \(k) instead of √d_k = \(fmt(r)): the scale is the square root")
            }
            if near(c, Double(k)) {
                return (.missingScale, "\(whereText) d_k = \(k) times too large: divide the scores by √d_k = \(fmt(r)), not multiply")
            }
            if let d = sizes.dModel, d != k, near(c, r / Double(d).squareRoot()) {
                return (.wrongScale, "\(whereText) scaled by √\(d) (√d_model) instead of √d_k = √\(k): divide by the square root of the key size d_k, not of the model width")
            }
        }
        if let d = sizes.dModel, d > 1, d != check.scaleSize {
            let r = Double(d).squareRoot()
            if near(c, r) { return (.wrongScale, "\(whereText) √d_model = √\(d) ≈ \(fmt(r)) times the expected ones") }
            if near(c, 1 / r) { return (.wrongScale, "\(whereText) √d_model = √\(d) ≈ \(fmt(r)) times too small") }
        }
        if !inside, let n = sizes.tokens, n > 1 {
            if near(c, Double(n)) {
                return (.wrongScale, "\(whereText) \(n) times the expected ones — the number of tokens: a sum over the \(n) tokens where their average (weights summing to 1) is wanted")
            }
            if near(c, 1 / Double(n)) {
                return (.wrongScale, "\(whereText) \(n) times too small — the number of tokens: divided by \(n) once too often")
            }
        }
        return nil
    }

    func near(_ a: Double, _ b: Double) -> Bool { Swift.abs(a - b) <= 1e-6 * Swift.max(1, Swift.abs(b)) }

    func rowsSumToOne(_ t: Tensor, axis: Int) -> Bool {
        guard t.rank >= 1, let sums = try? t.reduce(.sum, axis: axis) else { return false }
        return sums.data.allSatisfy { Swift.abs($0 - 1) < 1e-6 }
    }

    /// log of each element, minus its row's mean: softmax outputs differ only by a per-row constant in log space.
    func centredLog(_ t: Tensor) -> Tensor {
        let logs = t.unary(.log)
        guard let means = try? logs.reduce(.mean, axis: -1, keepdims: true), let c = try? Tensor.binary(.subtract, logs, means) else { return logs }
        return c
    }

    /// c such that a ≈ c·b everywhere (zeros in the same places), if there is one.
    func constantRatio(_ a: Tensor, _ b: Tensor) -> Double? {
        guard a.shape == b.shape else { return nil }
        var c: Double?
        for (x, y) in zip(a.data, b.data) {
            guard x.isFinite, y.isFinite else { if x == y { continue } else { return nil } }
            if Swift.abs(y) < 1e-12 {
                if Swift.abs(x) > 1e-9 { return nil }
                continue
            }
            let r = x / y
            if let c0 = c { if Swift.abs(r - c0) > 1e-6 * Swift.max(1, Swift.abs(c0)) { return nil } } else { c = r }
        }
        return c
    }
}
