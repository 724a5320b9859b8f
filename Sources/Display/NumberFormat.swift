import Tensors

#if canImport(Glibc)
import Glibc
#endif

/// How the numbers of one tensor are written: all as whole numbers, all with a fixed
/// number of decimals, or all in scientific notation — chosen once per tensor so the
/// columns line up, as NumPy does.
public struct NumberFormat: Sendable, Equatable {
    public enum Style: Sendable, Equatable { case integer, fixed, scientific }
    public var style: Style
    public var precision: Int

    /// Picks the style that shows every finite value of `values` faithfully.
    public init(for values: some Sequence<Double>, precision: Int) {
        self.precision = precision
        var allIntegers = true, maxAbs = 0.0, minAbs = Double.infinity
        var seen = 0
        for v in values where v.isFinite {
            // A pass over 50M numbers takes a while: Ctrl-C ends it (the caller sees the flag).
            seen &+= 1
            if seen & 0xF_FFFF == 0, Interrupt.isRequested { break }
            if v.rounded() != v { allIntegers = false }
            let a = Swift.abs(v)
            maxAbs = Swift.max(maxAbs, a)
            if a > 0 { minAbs = Swift.min(minAbs, a) }
        }
        var probabilities = true
        for v in values where v.isFinite && (v < 0 || v > 1) { probabilities = false; break }
        if allIntegers && maxAbs < 1e15 { style = .integer }
        // Weights (every value between 0 and 1, some of them visible) read best as decimals,
        // even beside a 1e-7: a tiny weight shows as 0.0000, which is what it means.
        else if probabilities && maxAbs >= 0.01 { style = .fixed }
        else if maxAbs >= 1e8 || (maxAbs < 1e-4) || (minAbs < 1e-4 && maxAbs / minAbs >= 1e6 && maxAbs < 1) { style = .scientific }
        else { style = .fixed }
    }

    /// One number in this format.
    public func string(_ v: Double) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        switch style {
        case .integer: return v == 0 ? "0" : String(Int(v))
        case .fixed: return NumberFormat.printf("%.*f", precision, v)
        case .scientific: return NumberFormat.printf("%.*e", precision, v)
        }
    }

    /// A lone number, with up to six significant digits (`0.880797`, `14`, `0.00572565`).
    public static func scalar(_ v: Double, precision: Int) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v.rounded() == v, Swift.abs(v) < 1e15 { return v == 0 ? "0" : String(Int(v)) }
        // Every digit of the whole part (1048576.5, not 1.04858e+06) below 10¹⁵.
        var whole = 0, a = Swift.abs(v)
        while a >= 1, whole < 16 { a /= 10; whole += 1 }
        return printf("%.*g", Swift.max(precision + 2, 6, whole < 16 ? whole + 1 : 0), v)
    }

    /// C's printf for one number: exact decimal rounding, the same as NumPy's.
    static func printf(_ format: String, _ precision: Int, _ v: Double) -> String {
        // Callers check the precision they are given; clamping here keeps any slip from trapping
        // in the Int32 conversion or asking printf for a billion digits.
        let precision = Int32(Swift.max(0, Swift.min(precision, 60)))
        var buffer = [CChar](repeating: 0, count: 64)
        let n = withVaList([precision, v]) { args in
            buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, 64, format, args) }
        }
        if n >= 64 {
            buffer = [CChar](repeating: 0, count: Int(n) + 1)
            _ = withVaList([precision, v]) { args in
                buffer.withUnsafeMutableBufferPointer { vsnprintf($0.baseAddress, Int(n) + 1, format, args) }
            }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
