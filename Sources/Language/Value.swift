import Tensors

/// What an expression evaluates to.
public enum Value: Sendable, Equatable {
    case tensor(Tensor)
    case string(String)
    /// A builtin function, by name (`help(softmax)` passes one).
    case function(String)
    /// `None`: "no value", e.g. `axis=None`.
    case none

    /// The kind of value, for messages: "a tensor", "a string"…
    public var kindName: String {
        switch self {
        case .tensor(let t):
            switch t.rank {
            case 0: return "a number"
            case 1: return "a vector of \(t.shape[0])"
            default: return "a \(Shape.text(t.shape)) tensor"
            }
        case .string: return "a string"
        case .function(let f): return "the function \(f)"
        case .none: return "None"
        }
    }

    public var tensor: Tensor? {
        if case let .tensor(t) = self { return t }
        return nil
    }
}
