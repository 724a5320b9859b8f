import Tensors

/// A builtin function: its name, how it is called, one line saying what it does, and
/// the code that runs it.
public struct Builtin: Sendable {
    public let name: String
    /// How to call it, e.g. `softmax(x, axis=-1)`. Parameter names, order, defaults
    /// (`=`) and variadics (`*`) are read from here to bind the arguments.
    public let signature: String
    /// One line for `help` and tab completion.
    public let doc: String
    let run: @Sendable (inout Call) throws(LanguageError) -> Value

    init(_ signature: String, _ doc: String, _ run: @escaping @Sendable (inout Call) throws(LanguageError) -> Value) {
        self.signature = signature
        self.name = String(signature.prefix { $0 != "(" })
        self.doc = doc
        self.run = run
    }

    /// The parameters as written in the signature: name, optional, variadic.
    var parameters: [(name: String, optional: Bool, variadic: Bool)] {
        guard let open = signature.firstIndex(of: "("), let close = signature.lastIndex(of: ")") else { return [] }
        let inner = signature[signature.index(after: open)..<close]
        return inner.split(separator: ",").compactMap { raw in
            let p = raw.trimmingPrefix(" ")
            guard !p.isEmpty, p != "…" else { return nil }
            let variadic = p.hasPrefix("*")
            let name = String(p.drop { $0 == "*" }.prefix { $0 != "=" })
            return (name, p.contains("=") || p.hasPrefix("["), variadic)
        }
    }
}

/// One call of a builtin: its arguments bound to parameter names, with their spans
/// and source text so that errors can point at the argument at fault.
public struct Call {
    public struct Arg {
        public var value: Value
        public var span: SourceSpan
        public var text: String
        /// Given by position rather than by name (Python's max(3, 4) differs from max(x, axis=4)).
        public var isPositional = false
    }

    /// NumPy's and PyTorch's other names for the builtins' arguments, accepted as they are.
    static let keywordAliases = ["dim": "axis", "keepdim": "keepdims", "diagonal": "k", "input": "x", "a": "x",
                                 "min": "a_min", "max": "a_max", "axes": "axes", "dims": "axes", "fill_value": "fill_value",
                                 "endpoint": "endpoint"]

    public let name: String
    public let span: SourceSpan
    var named: [String: Arg] = [:]
    /// The arguments gathered by a `*` parameter.
    public var rest: [Arg] = []
    let interpreter: Interpreter

    init(builtin: Builtin, positional: [Arg], keywords: [(String, Arg)], span: SourceSpan, interpreter: Interpreter) throws(LanguageError) {
        self.name = builtin.name
        self.span = span
        self.interpreter = interpreter
        let params = builtin.parameters
        var i = 0
        for param in params {
            if param.variadic {
                rest = Array(positional[min(i, positional.count)...])
                i = positional.count
            } else if i < positional.count {
                named[param.name] = positional[i]
                i += 1
            }
        }
        if i < positional.count {
            throw LanguageError(.type, "\(name) takes at most \(params.count) argument\(params.count == 1 ? "" : "s") (\(builtin.signature))",
                                positional[i].span)
        }
        for (given, arg) in keywords {
            var key = given
            if !params.contains(where: { $0.name == key && !$0.variadic }), let alias = Call.keywordAliases[key],
               params.contains(where: { $0.name == alias && !$0.variadic }) {
                key = alias
            }
            guard params.contains(where: { $0.name == key && !$0.variadic }) else {
                // PyTorch's names for NumPy's arguments.
                let aliases = ["dim": "axis", "keepdim": "keepdims", "input": "x", "tensors": "*tensors"]
                let alias = aliases[key].flatMap { a in params.contains { $0.name == a && !$0.variadic } ? a : nil }
                let near = alias ?? Suggest.nearest(to: key, in: params.filter { !$0.variadic }.map(\.name))
                throw LanguageError(.type, "\(name) has no argument named '\(key)' (\(builtin.signature))", arg.span,
                                    suggestion: near.map { "did you mean \($0)=?" })
            }
            guard named[key] == nil else {
                throw LanguageError(.type, "\(name) got '\(key)' twice", arg.span)
            }
            named[key] = arg
        }
        for param in params where !param.optional && !param.variadic && named[param.name] == nil {
            throw LanguageError(.type, "\(name) needs its argument '\(param.name)': \(builtin.signature)", span)
        }
    }

    public func has(_ key: String) -> Bool {
        if let a = named[key], a.value != .none { return true }
        return false
    }

    public func arg(_ key: String) -> Arg? { named[key] }

    func fail(_ message: String, _ key: String? = nil) -> LanguageError {
        LanguageError(.type, "\(name): \(message)", key.flatMap { named[$0]?.span } ?? span)
    }

    /// A required tensor argument (numbers count as 0-d tensors).
    public func tensor(_ key: String) throws(LanguageError) -> Tensor {
        guard let a = named[key] else { throw fail("missing argument '\(key)'") }
        return try Call.tensor(a, name: name, key: key)
    }

    static func tensor(_ a: Arg, name: String, key: String) throws(LanguageError) -> Tensor {
        guard case let .tensor(t) = a.value else {
            throw LanguageError(.type, "\(name): '\(key)' must be a tensor or a number, not \(a.value.kindName)", a.span)
        }
        return t
    }

    public func restTensors() throws(LanguageError) -> [Tensor] {
        var out: [Tensor] = []
        for a in rest { out.append(try Call.tensor(a, name: name, key: a.text)) }
        return out
    }

    public func double(_ key: String, default value: Double? = nil) throws(LanguageError) -> Double {
        guard let a = named[key], a.value != .none else {
            if let value { return value }
            throw fail("missing argument '\(key)'")
        }
        guard case let .tensor(t) = a.value, let v = t.scalarValue, t.isScalar || t.count == 1 else {
            throw LanguageError(.type, "\(name): '\(key)' must be a single number, not \(a.value.kindName)", a.span)
        }
        return v
    }

    public func int(_ key: String, default value: Int? = nil) throws(LanguageError) -> Int {
        guard let a = named[key], a.value != .none else {
            if let value { return value }
            throw fail("missing argument '\(key)'")
        }
        return try Call.int(a, name: name, key: key)
    }

    static func int(_ a: Arg, name: String, key: String) throws(LanguageError) -> Int {
        guard case let .tensor(t) = a.value, t.count == 1, let v = t.scalarValue else {
            throw LanguageError(.type, "\(name): '\(key)' must be a whole number, not \(a.value.kindName)", a.span)
        }
        guard v.rounded() == v else {
            throw LanguageError(.type, "\(name): '\(key)' must be a whole number, not \(Number.short(v))", a.span)
        }
        guard Swift.abs(v) < 1e15 else {
            if key == "size" {
                throw LanguageError(.limit, "\(name): a size of \(Number.short(v)) is far beyond the limit of \(Tensor.maxElements / 1_000_000) million elements", a.span)
            }
            throw LanguageError(.value, "\(name): '\(key)' is \(Number.short(v)), far too large", a.span)
        }
        return Int(v)
    }

    /// An optional whole number; `None` or absent gives nil.
    public func optionalInt(_ key: String) throws(LanguageError) -> Int? {
        guard let a = named[key], a.value != .none else { return nil }
        return try Call.int(a, name: name, key: key)
    }

    /// No axis (nil), one, or several given as a tuple: `axis=(0, 1)`.
    public func axes(_ key: String) throws(LanguageError) -> [Int]? {
        guard let a = named[key], a.value != .none else { return nil }
        if case let .tensor(t) = a.value, t.rank == 1 {
            var out: [Int] = []
            for v in t.data { out.append(try Call.int(Arg(value: .tensor(Tensor(v)), span: a.span, text: a.text), name: name, key: key)) }
            return out
        }
        return [try Call.int(a, name: name, key: key)]
    }

    public func bool(_ key: String, default value: Bool) throws(LanguageError) -> Bool {
        guard has(key) else { return value }
        return try double(key) != 0
    }

    public func string(_ key: String) throws(LanguageError) -> String {
        guard let a = named[key], case let .string(s) = a.value else {
            throw fail("'\(key)' must be a string in quotes", key)
        }
        return s
    }

    /// A shape: whole numbers given separately (`zeros(2, 3)`) in `rest`, or one list (`zeros([2, 3])`).
    public func shape(from args: [Arg]) throws(LanguageError) -> [Int] {
        if args.count == 1, case let .tensor(t) = args[0].value, t.rank == 1 {
            var out: [Int] = []
            for v in t.data {
                guard v.rounded() == v else {
                    throw LanguageError(.type, "\(name): sizes must be whole numbers, not \(Number.short(v))", args[0].span)
                }
                guard Swift.abs(v) < 1e15 else {
                    throw LanguageError(.limit, "\(name): a size of \(Number.short(v)) is far beyond the limit of \(Tensor.maxElements / 1_000_000) million elements", args[0].span)
                }
                out.append(Int(v))
            }
            return out
        }
        var out: [Int] = []
        for a in args { out.append(try Call.int(a, name: name, key: "size")) }
        return out
    }

    /// Runs an engine operation, turning its errors into located language errors.
    public func engine<T>(_ body: () throws(TensorError) -> T) throws(LanguageError) -> T {
        do {
            return try body()
        } catch {
            if case let .axisOutOfRange(_, rank) = error, let axis = named["axis"] {
                // Point at the axis the learner gave, and say which ones exist.
                var e = LanguageError(error, axis.span, context: name)
                e.suggestion = rank == 0 ? "a single number has no axes" : "the axes are 0 to \(rank - 1), or -\(rank) to -1 counting from the end"
                throw e
            }
            throw LanguageError(error, span, context: name)
        }
    }

    /// See ``Interpreter/seedShift``.
    public var seedShift: UInt64 { interpreter.seedShift }

    /// The generator behind seed/rand/randn.
    public var random: RandomGenerator {
        get { interpreter.random }
        nonmutating set { interpreter.random = newValue }
    }
}
