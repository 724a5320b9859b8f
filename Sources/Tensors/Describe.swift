/// Words and numbers for messages, shared by every module that explains a value: the
/// language's errors, the grader's verdicts, the printer's headers.
extension Shape {
    /// A shape that cannot be mistaken for a value, as the end of "X is …":
    /// `a single number`, `a vector of 3`, `4×2`.
    public static func words(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "a single number"
        case 1: return "a vector of \(shape[0])"
        default: return text(shape)
        }
    }

    /// The index along each axis of the element at `flat` in row-major order:
    /// `unravel(5, in: [2, 3])` is `[1, 2]`. Axes of size 0 count as 1.
    public static func unravel(_ flat: Int, in shape: [Int]) -> [Int] {
        var index = [Int](repeating: 0, count: shape.count)
        var rest = flat
        for axis in shape.indices.reversed() {
            let size = Swift.max(shape[axis], 1)
            index[axis] = rest % size
            rest /= size
        }
        return index
    }
}

/// Numbers in messages ("not 2.5", "√8 ≈ 2.8284").
public enum Number {
    /// A whole number without a decimal point, `nan`, `inf`, `-inf`; any other number
    /// rounded to `decimals` places when given (else in full).
    public static func short(_ v: Double, decimals: Int? = nil) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        var r = v
        if let decimals {
            let scale = (0..<Swift.min(Swift.max(decimals, 0), 15)).reduce(1.0) { p, _ in p * 10 }
            let rounded = (v * scale).rounded() / scale
            if rounded.isFinite { r = rounded }
        }
        if r.rounded() == r, Swift.abs(r) < 1e16 { return r == 0 ? "0" : String(Int(r)) }
        return String(r)
    }
}

extension Tensor {
    /// The one rule of closeness for two numbers: |x − y| ≤ atol + rtol·|y| where y is
    /// finite; an infinity is close only to itself; NaN is close to NaN only with `equalNaN`.
    /// NumPy's `allclose` is this with `equalNaN: false`; the grader's check with a
    /// tolerance for both and `equalNaN: true` (a NaN the author expects is matched).
    @inlinable
    public static func isClose(_ x: Double, _ y: Double, rtol: Double, atol: Double, equalNaN: Bool = false) -> Bool {
        if x == y { return true }
        if x.isNaN || y.isNaN { return equalNaN && x.isNaN && y.isNaN }
        // An infinite y would make the tolerance infinite and accept anything.
        return y.isFinite && x.isFinite && Swift.abs(x - y) <= atol + rtol * Swift.abs(y)
    }
}
