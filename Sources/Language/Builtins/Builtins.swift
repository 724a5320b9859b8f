import Tensors

/// Every builtin function, by name. Each family lives in its own file beside this one.
public enum Builtins {
    public static let all: [Builtin] = creation + random + math + reductions + shaping + numpy + einsum + python + attention + recurrent + text + model + meta + training
    public static let table: [String: Builtin] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })
}
