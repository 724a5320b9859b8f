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
    /// A workspace built the same way with other random numbers, and the expected value
    /// there; nil when the exercise does not re-check.
    public var replay: (() -> (Interpreter, Tensor)?)?
    /// A workspace where the lesson's named numbers (`n_layers = 96`) differ too, the
    /// expected value there, and the names changed with their values here: an answer
    /// right only because two of the lesson's numbers happen to be equal fails there.
    public var coincidenceReplay: (() -> (Interpreter, Tensor, [String: Double])?)?
    /// A workspace where every named number differs (axis sizes too): an answer that
    /// lands on an author's known wrong value only through the lesson's numbers
    /// (`/ sqrt(4)` where d_k = 2 and the wrong answer is `/ d_k`) is another mistake.
    public var attributionReplay: (() -> (Interpreter, [String: Double])?)?
    /// The expression the expected value came from, when known (the solution).
    public var solution: String?
    /// The task invites computing by hand: typed numbers count at the precision they were typed.
    public var invitesHandWork = false

    public init(expected: Tensor, clean: Interpreter) {
        self.expected = expected
        self.clean = clean
    }

    /// The size √ of which attention divides by, and how to write it: the workspace's
    /// `d_k` if it has one, else what the expected expression takes the square root of.
    var scale: (size: Int, expr: Expr)? {
        let span = SourceSpan(0, 0)
        if case let .tensor(t)? = clean.variables["d_k"], let v = t.scalarValue, v.rounded() == v, v > 0, v < 1e9 {
            return (Int(v), Expr(.name("d_k"), span))
        }
        guard let solution, let e = try? Parser.parseExpression(solution) else { return nil }
        var found: Expr?
        func walk(_ e: Expr) {
            guard found == nil else { return }
            switch e.kind {
            case let .call(f, args) where args.count == 1:
                if case .name("sqrt") = f.kind { found = args[0].value }
            case let .unary(.sqrt, x): found = x
            case let .binary(.power, x, p):
                if case let .number(v) = p.kind, v == 0.5 { found = x }
                if case let .unary(.negate, q) = p.kind, case let .number(v) = q.kind, v == 0.5 { found = x }
            default: break
            }
            e.children.forEach(walk)
        }
        walk(e)
        guard let inner = found, case let .tensor(t)? = try? clean.evaluate(inner, source: solution),
              let v = t.scalarValue, v.rounded() == v, v > 1, v < 1e9 else { return nil }
        return (Int(v), inner)
    }

    var scaleSize: Int? { scale?.size }

    /// The sizes a constant factor can meaningfully be about: the key size d_k, the model
    /// width d_model and the number of tokens. Any other factor tells no story.
    var meaningfulSizes: (dModel: Int?, tokens: Int?) {
        func whole(_ name: String) -> Int? {
            guard case let .tensor(t)? = clean.variables[name], let v = t.scalarValue, v.rounded() == v, v > 1, v < 1e9 else { return nil }
            return Int(v)
        }
        var dModel = whole("d_model"), tokens = whole("n")
        if case let .tensor(x)? = clean.variables["X"], x.rank == 2 {
            dModel = dModel ?? x.shape[1]
            tokens = tokens ?? x.shape[0]
        }
        if tokens == nil, expected.rank == 2, expected.shape[0] == expected.shape[1] { tokens = expected.shape[0] }
        return (dModel, tokens)
    }

    /// `tokens × d_k (4×2)` when the axes are named, else in words (``Shape/words(_:)``).
    func shapeText(_ shape: [Int]) -> String {
        if let dims, dims.count == shape.count, !shape.isEmpty {
            return dims.joined(separator: " × ") + " (\(Shape.text(shape)))"
        }
        return Shape.words(shape)
    }

    /// Equal shapes and values within the tolerance (relative and absolute); NaN matches NaN.
    public func close(_ a: Tensor, _ b: Tensor) -> Bool {
        guard a.shape == b.shape else { return false }
        // An infinity (a masked score) only matches itself.
        return zip(a.data, b.data).allSatisfy { Tensor.isClose($0, $1, rtol: tolerance, atol: tolerance, equalNaN: true) }
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
