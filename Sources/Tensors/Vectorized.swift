#if canImport(Glibc)
import Glibc
#endif

/// Eight doubles: on baseline x86-64 (SSE2) four registers, so one loop step keeps four
/// independent dependency chains in flight; on AVX or NEON the same code maps to fewer.
typealias Vector = SIMD8<Double>

/// Loads and stores of whole and partial vectors at any alignment.
enum Lanes {
    static let width = Vector.scalarCount

    @inline(__always)
    static func load(_ p: UnsafePointer<Double>) -> Vector {
        UnsafeRawPointer(p).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: Vector.self)
    }

    /// The first `n` (< width) elements at `p`, the other lanes `fill`. The tail of a loop
    /// goes through the same vector code as the body, so every element gets the same arithmetic.
    @inline(__always)
    static func load(_ p: UnsafePointer<Double>, count n: Int, fill: Double = 0) -> Vector {
        var v = Vector(repeating: fill)
        for i in 0..<n { v[i] = p[i] }
        return v
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Double>, count n: Int) {
        for i in 0..<n { p[i] = v[i] }
    }

    /// Whether every lane of `mask` is set. The standard library's `all(_:)` reduces
    /// through a generic call that is not inlined, which costs a tenth of `exp`'s time.
    @inline(__always)
    static func all(_ mask: SIMDMask<SIMD8<Int64>>) -> Bool {
        // Set lanes are all ones (−1), clear lanes 0: AND the halves down to one lane.
        let s = unsafeBitCast(mask, to: SIMD8<Int64>.self)
        let quarter = s.lowHalf & s.highHalf
        let pair = quarter.lowHalf & quarter.highHalf
        return (pair[0] & pair[1]) != 0
    }
}

/// Vector versions of libm functions, accurate to about one unit in the last place and
/// with libm's answers at the edges (±∞, NaN, overflow, underflow, subnormal results).
enum VectorMath {
    /// e^x for eight lanes.
    ///
    /// x = n·ln2 + r with |r| ≤ ln2/2; e^r = 1 + r + r²/2 + r³·g(r) with g a degree-8
    /// Chebyshev fit (error < 3e-17, computed with mpmath), evaluated by Estrin's scheme
    /// to keep the dependency chain short; then scaled by 2ⁿ built in the exponent bits.
    /// Rounding to n uses the 1.5·2⁵² shifter, because SSE2 has no vector round.
    @inline(__always)
    static func exp(_ x: Vector) -> Vector {
        // Inside [-708, 709] 2ⁿ is a normal double and the core is exact enough; lanes
        // outside (or NaN) are computed from a clamped input and then fixed.
        let lo = Vector(repeating: -708), hi = Vector(repeating: 709)
        let inside = (x .>= lo) .& (x .<= hi)
        if _fastPath(Lanes.all(inside)) { return expCore(x) }
        return expEdges(x, inside)
    }

    /// e^x for x in [-708, 709].
    @inline(__always)
    static func expCore(_ x: Vector) -> Vector {
        let shifter = 0x1.8p52
        let kd = x * 1.4426950408889634 + shifter
        let n = kd - shifter
        // ln2 split so that n·ln2hi is exact for |n| < 2¹¹ (fdlibm's constants).
        let r = (x - n * 6.93147180369123816490e-01) - n * 1.90821492927058770002e-10
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        let p01 = r * 0.041666666666651364 + 0.16666666666666666
        let p23 = r * 0.0013888888905871347 + 0.008333333333332157
        let p45 = r * 2.4801536409064087e-05 + 0.0001984126985433077
        let p67 = r * 2.761379555451986e-07 + 2.7557280082684685e-06
        let g = ((p67 * r2 + p45) * r4 + (p23 * r2 + p01)) + r8 * 2.509554598170022e-08
        // The large terms last, so their rounding dominates: ≤ 1 ulp over the whole range.
        let er = (r2 * (r * g + 0.5) + r) + 1.0
        // The shifter leaves n in the low mantissa bits; shifting them into the exponent
        // field and adding the bias gives 2ⁿ.
        let bits = (unsafeBitCast(kd, to: SIMD8<UInt64>.self) &<< 52) &+ SIMD8<UInt64>(repeating: 1023 << 52)
        return er * unsafeBitCast(bits, to: Vector.self)
    }

    /// Lanes the fast path cannot do. Underflow to 0 (masked scores are −∞) and overflow
    /// to ∞ stay vectorised; NaN and the narrow bands with subnormal or near-overflow
    /// results go to libm one by one.
    @inline(never)
    static func expEdges(_ x: Vector, _ inside: SIMDMask<SIMD8<Int64>>) -> Vector {
        let lo = Vector(repeating: -708), hi = Vector(repeating: 709)
        var xc = x.replacing(with: lo, where: .!(x .>= lo))
        xc.replace(with: hi, where: xc .> hi)
        var e = expCore(xc)
        let zero = x .< Vector(repeating: -745.2), infinite = x .> Vector(repeating: 709.8)
        e.replace(with: 0, where: zero)
        e.replace(with: .infinity, where: infinite)
        let rest = .!(inside .| zero .| infinite)
        if any(rest) { e = expLibm(x, e, rest) }
        return e
    }

    @inline(never)
    static func expLibm(_ x: Vector, _ fast: Vector, _ lanes: SIMDMask<SIMD8<Int64>>) -> Vector {
        var e = fast
        for i in 0..<Lanes.width where lanes[i] { e[i] = Glibc.exp(x[i]) }
        return e
    }
}
