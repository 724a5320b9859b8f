import Tensors

/// The colour scales of heatmaps, as xterm 256-colour indices (every terminal a learner is
/// likely to use shows them; 24-bit colour is not universal).
public struct Palette: Sendable, Equatable {
    /// Background colours from the low end of the scale to the high end.
    public let colours: [UInt8]
    /// For each background, a text colour that stays readable on it (black or white).
    public let text: [UInt8]

    /// Viridis, sampled at 8 steps and matched to the nearest xterm colours in CIELAB:
    /// perceptually ordered, readable by colour-blind learners, dark for low values and
    /// bright for high ones, so the heaviest attention weights stand out.
    public static let sequential = Palette(colours: [53, 61, 24, 30, 36, 78, 148, 220],
                                           text: [231, 231, 231, 231, 16, 16, 16, 16])

    /// Blue for negative, near-white for zero, red for positive (ColorBrewer's RdBu).
    public static let diverging = Palette(colours: [25, 68, 111, 153, 255, 224, 217, 167, 124],
                                          text: [231, 231, 16, 16, 16, 16, 16, 231, 231])

    /// The step for a position `t` in [0, 1] along the scale.
    public func step(_ t: Double) -> Int {
        let clamped = t.isNaN ? 0.5 : min(1, max(0, t))
        return min(colours.count - 1, Int(clamped * Double(colours.count)))
    }

    /// Shading characters for terminals without colour, lightest first.
    public static let shades: [Character] = [" ", "░", "▒", "▓", "█"]

    /// The shading character for a position `t` in [0, 1].
    public static func shade(_ t: Double) -> Character {
        let clamped = t.isNaN ? 0 : min(1, max(0, t))
        return shades[min(shades.count - 1, Int(clamped * Double(shades.count)))]
    }
}

/// How the values of a tensor map onto a colour scale.
public struct HeatScale: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Every value in [0, 1], e.g. attention weights: the scale is fixed at 0…1 so that
        /// the same weight always has the same colour.
        case probability
        /// All values on one side of zero: the scale runs from the smallest to the largest.
        case sequential
        /// Values of both signs: the scale is symmetric around zero.
        case diverging
    }

    public let kind: Kind
    /// The values at the two ends of the scale.
    public let low: Double, high: Double
    /// The smallest and largest finite values.
    public let min: Double, max: Double
    /// Whether any value is infinite or NaN (e.g. a causal mask's -inf).
    public let hasNonFinite: Bool

    public init(_ values: [Double]) {
        var lo = Double.infinity, hi = -Double.infinity, nonFinite = false
        for (k, v) in values.enumerated() {
            // Ctrl-C ends a pass over a huge tensor; the caller sees the flag and shows nothing.
            if k & 0xF_FFFF == 0, Interrupt.isRequested { break }
            if v.isFinite { lo = Swift.min(lo, v); hi = Swift.max(hi, v) } else { nonFinite = true }
        }
        if lo > hi { lo = 0; hi = 0 }
        min = lo
        max = hi
        hasNonFinite = nonFinite
        if lo >= 0 && hi <= 1 {
            kind = .probability; low = 0; high = 1
        } else if lo < 0 && hi > 0 {
            let m = Swift.max(-lo, hi)
            kind = .diverging; low = -m; high = m
        } else {
            kind = .sequential; low = lo; high = hi
        }
    }

    /// Where `v` sits on the scale, from 0 (low end) to 1 (high end).
    public func position(_ v: Double) -> Double {
        guard high > low else { return 0.5 }
        return Swift.min(1, Swift.max(0, (v - low) / (high - low)))
    }

    public var palette: Palette { kind == .diverging ? .diverging : .sequential }
}
