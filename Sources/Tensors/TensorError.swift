/// What can go wrong inside a tensor operation. These carry shapes, never names:
/// the language layer knows what the learner typed and turns them into messages.
public enum TensorError: Error, Equatable, Sendable {
    /// Two shapes that do not broadcast together; `axis` is the first clash (counted from the left of the result).
    case broadcast([Int], [Int])
    /// `@` with inner sizes that differ, or an operand that is a scalar.
    case matmul([Int], [Int])
    case reshape(from: [Int], to: [Int])
    case axisOutOfRange(axis: Int, rank: Int)
    case index(index: Int, axis: Int, size: Int)
    case tooLarge(shape: [Int])
    /// More memory than the workspace budget allows (``Memory/budget``), in bytes.
    case outOfMemory(requested: Int, inUse: Int, budget: Int)
    case invalidArgument(String)
    /// The computation was interrupted (Ctrl-C).
    case interrupted

    /// A plain-language description that needs no operand names.
    public var description: String {
        switch self {
        case let .broadcast(a, b):
            return "shapes \(Shape.text(a)) and \(Shape.text(b)) cannot be broadcast together"
        case let .matmul(a, b):
            if a.isEmpty || b.isEmpty { return "@ needs tensors with at least one axis, not scalars (use * to scale)" }
            return "@ needs the last size of the left (\(a.last!)) to equal the "
                + "\(b.count == 1 ? "size" : "second-to-last size") of the right (\(b.count == 1 ? b[0] : b[b.count - 2]))"
        case let .reshape(from, to):
            return "cannot reshape \(Shape.text(from)) (\(from.reduce(1, *)) elements) into \(Shape.text(to))"
        case let .axisOutOfRange(axis, rank):
            return "axis \(axis) is out of range for a tensor with \(rank) \(rank == 1 ? "axis" : "axes")"
        case let .index(index, axis, size):
            return "index \(index) is out of range for axis \(axis) of size \(size)"
        case let .tooLarge(shape):
            return "a tensor of shape \(Shape.text(shape)) would be too large (the limit is \(Tensor.maxElements / 1_000_000) million elements)"
        case let .outOfMemory(requested, inUse, budget):
            return "not enough memory: this needs \(Memory.text(requested)) more, and \(Memory.text(inUse)) of the "
                + "\(Memory.text(budget)) budget are in use (start with --memory SIZE for another budget, or free "
                + "some: reassign big variables, :reset)"
        case let .invalidArgument(message):
            return message
        case .interrupted:
            return "interrupted"
        }
    }
}

/// Shape helpers shared by error messages and display.
public enum Shape {
    /// `4×2`, `3`, or `scalar`.
    public static func text(_ shape: [Int]) -> String {
        shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "×")
    }
}
