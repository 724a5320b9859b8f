#if canImport(Glibc)
import Glibc
#endif

/// The random number generator behind `seed`, `rand` and `randn`.
///
/// It is specified completely so that `seed(1); randn(2, 2)` prints the same numbers on
/// every machine, in every test and in every lesson:
///
/// - state: four 64-bit words, filled from the seed by SplitMix64;
/// - step: xoshiro256** (Blackman and Vigna, 2018);
/// - `rand`: the top 53 bits of a step divided by 2⁵³, uniform in [0, 1);
/// - `randn`: Box–Muller, `sqrt(-2 ln(1 - u1)) * cos(2π u2)` from two `rand` draws, one
///   normal number per two draws (no cached spare, so every draw depends only on the count).
public struct RandomGenerator: Sendable, Equatable {
    private var s: (UInt64, UInt64, UInt64, UInt64)
    /// The seed this generator started from.
    public private(set) var seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        var z = seed
        func splitmix() -> UInt64 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            return x ^ (x >> 31)
        }
        s = (splitmix(), splitmix(), splitmix(), splitmix())
    }

    public static func == (a: RandomGenerator, b: RandomGenerator) -> Bool {
        a.s == b.s && a.seed == b.seed
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = RandomGenerator.rotl(s.1 &* 5, 7) &* 9
        let t = s.1 << 17
        s.2 ^= s.0
        s.3 ^= s.1
        s.1 ^= s.2
        s.0 ^= s.3
        s.2 ^= t
        s.3 = RandomGenerator.rotl(s.3, 45)
        return result
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Standard normal.
    public mutating func normal() -> Double {
        let u1 = uniform(), u2 = uniform()
        return (-2 * log(1 - u1)).squareRoot() * cos(2 * Double.pi * u2)
    }
}

extension Tensor {
    /// Uniform numbers in [0, 1).
    public static func rand(_ shape: [Int], using g: inout RandomGenerator) throws(TensorError) -> Tensor {
        let n = try checkedCount(shape)
        try Memory.reserve(elements: n)
        var data = [Double](repeating: 0, count: n)
        for i in 0..<n { data[i] = g.uniform() }
        return Tensor(shape: shape, data: data)
    }

    /// Standard normal numbers.
    public static func randn(_ shape: [Int], using g: inout RandomGenerator) throws(TensorError) -> Tensor {
        let n = try checkedCount(shape)
        try Memory.reserve(elements: n)
        var data = [Double](repeating: 0, count: n)
        for i in 0..<n { data[i] = g.normal() }
        return Tensor(shape: shape, data: data)
    }
}
