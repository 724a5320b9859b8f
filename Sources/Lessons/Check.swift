import Language
import Tensors

/// Everything needed to judge answers to one exercise: the expected value, the clean
/// workspace it came from, and the author's extras. Used for lesson exercises and for
/// free-form `grade --setup` alike.
public struct Check {
    public var expected: Tensor
    /// The step's clean workspace (the solution was evaluated here; known wrong answers are too).
    public var clean: Interpreter
    public var tolerance: Double = 1e-6
    /// Axis names for messages, e.g. ["tokens", "d_k"].
    public var dims: [String]?
    public var wrong: [KnownWrong] = []
    public var mustUse: [String] = []
    public var explain: String?
    /// An exercise's `accept:` condition over `answer`, and `shape-only:` (see Acceptance.swift).
    public var accept: String?
    public var shapeOnly = false
    /// A workspace built the same way with other random numbers, and the expected value
    /// there; nil when the exercise does not re-check.
    public var replay: (() -> (Interpreter, Tensor)?)?

    public init(expected: Tensor, clean: Interpreter) {
        self.expected = expected
        self.clean = clean
    }

    /// The size √ of which attention divides by: the workspace's `d_k`, if it has one.
    var scaleSize: Int? {
        if case let .tensor(t)? = clean.variables["d_k"], let v = t.scalarValue, v.rounded() == v, v > 0 { return Int(v) }
        return nil
    }

    /// Sizes a learner might wrongly scale by: every whole-number scalar and axis size in the workspace.
    var sizesInScope: [Int] {
        var sizes = Set<Int>()
        for (_, value) in clean.variables {
            guard case let .tensor(t) = value else { continue }
            if t.isScalar, let v = t.scalarValue, v.rounded() == v, v > 1, v < 1e6 { sizes.insert(Int(v)) }
            for s in t.shape where s > 1 { sizes.insert(s) }
        }
        return sizes.sorted()
    }

    /// `tokens × d_k (4×2)` when the axes are named, else as ``describe(_:)`` says.
    func shapeText(_ shape: [Int]) -> String {
        if let dims, dims.count == shape.count, !shape.isEmpty {
            return dims.joined(separator: " × ") + " (\(Shape.text(shape)))"
        }
        return Check.describe(shape)
    }

    /// A shape in words that cannot be mistaken for a value: `a single number`, `a vector of 3`, `4×2`.
    static func describe(_ shape: [Int]) -> String {
        switch shape.count {
        case 0: return "a single number"
        case 1: return "a vector of \(shape[0])"
        default: return Shape.text(shape)
        }
    }

    /// Equal shapes and values within the tolerance (relative and absolute); NaN matches NaN.
    public func close(_ a: Tensor, _ b: Tensor) -> Bool {
        guard a.shape == b.shape else { return false }
        for (x, y) in zip(a.data, b.data) {
            if x == y || (x.isNaN && y.isNaN) { continue }
            // An infinity (a masked score) only matches itself.
            guard x.isFinite, y.isFinite else { return false }
            if !(Swift.abs(x - y) <= tolerance + tolerance * Swift.abs(y)) { return false }
        }
        return true
    }
}

extension Tensor {
    /// Every row (along the last axis) holds one repeated number.
    var hasUniformRows: Bool {
        guard let n = shape.last, n > 1 else { return false }
        return stride(from: 0, to: count, by: n).allSatisfy { start in
            (start..<(start + n)).allSatisfy { data[$0] == data[start] }
        }
    }
}
