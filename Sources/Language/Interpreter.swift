import Tensors

/// Evaluates statements against a workspace of variables.
///
/// A statement either completes or changes nothing: an assignment binds its name only
/// after its value was computed, so an error (or Ctrl-C) never loses the workspace.
public final class Interpreter {
    /// The learner's variables.
    public private(set) var variables: [String: Value] = [:]
    /// For each variable, the statement that last set it (shown by `:vars`).
    public private(set) var origins: [String: String] = [:]
    /// The order in which variables were first defined.
    public private(set) var order: [String] = []
    /// The generator behind `seed`, `rand` and `randn`.
    public var random: RandomGenerator
    /// Added to every seed (`seed(n)` starts from n + seedShift, and so do `embed`'s
    /// word vectors): a grader replays a lesson with another shift to tell an
    /// expression from numbers pasted in by hand.
    public let seedShift: UInt64

    /// The text being evaluated, so errors can quote operands.
    private var source: [Character] = []

    /// Names that are not variables and cannot be assigned.
    public static let constants: [String: Value] = [
        "pi": .tensor(Tensor(Double.pi)), "e": .tensor(Tensor(2.718281828459045)),
        "inf": .tensor(Tensor(.infinity)), "nan": .tensor(Tensor(.nan)),
        "True": Builtins.boolean(Tensor(1)), "False": Builtins.boolean(Tensor(0)), "None": .none,
    ]

    public init(seed: UInt64 = 0, seedShift: UInt64 = 0) {
        self.seedShift = seedShift
        random = RandomGenerator(seed: seed &+ seedShift)
    }

    /// The outcome of one statement.
    public struct Outcome: Sendable {
        /// The statement's own text.
        public var text: String
        /// The value to show: nil for an assignment.
        public var value: Value?
        /// For an assignment, the name it set.
        public var assigned: String?
    }

    /// Runs every statement of `source` in order, stopping at the first error.
    /// Returns what the statements before the error produced, and the error.
    public func run(_ source: String) -> (outcomes: [Outcome], error: LanguageError?) {
        let statements: [Statement]
        do { statements = try Parser.parse(source) } catch { return ([], error) }
        self.source = Array(source)
        var outcomes: [Outcome] = []
        for statement in statements {
            do { outcomes.append(try execute(statement)) } catch { return (outcomes, error) }
        }
        return (outcomes, nil)
    }

    /// Runs one parsed statement (`source` must be the text it was parsed from).
    public func execute(_ statement: Statement, source: String) throws(LanguageError) -> Outcome {
        self.source = Array(source)
        return try execute(statement)
    }

    func execute(_ statement: Statement) throws(LanguageError) -> Outcome {
        let text = self.text(statement.span)
        switch statement.kind {
        case let .expression(e):
            return Outcome(text: text, value: try evaluate(e), assigned: nil)
        case let .assign(name, e):
            if Builtins.table[name] != nil || Interpreter.constants[name] != nil || Spelling.reserved.contains(name) {
                throw LanguageError(.name, "'\(name)' is a built-in name and cannot be assigned", statement.span,
                                    suggestion: "choose another name, e.g. \(name)_")
            }
            let value = try evaluate(e)
            set(name, value, origin: text)
            return Outcome(text: text, value: nil, assigned: name)
        }
    }

    /// Binds a variable, recording where it came from.
    public func set(_ name: String, _ value: Value, origin: String) {
        if variables[name] == nil { order.append(name) }
        variables[name] = value
        origins[name] = origin
    }

    /// Removes a variable.
    public func remove(_ name: String) {
        variables[name] = nil
        origins[name] = nil
        order.removeAll { $0 == name }
    }

    /// Removes every variable whose name satisfies `condition`, in one pass (removing
    /// names one by one would cost the square of the workspace's size).
    public func remove(where condition: (String) -> Bool) {
        order.removeAll { name in
            guard condition(name) else { return false }
            variables[name] = nil
            origins[name] = nil
            return true
        }
    }

    /// An independent workspace with the same variables, origins, order and random state.
    /// Cheap: the tables are shared until one side changes (tensors are values too).
    /// Lessons keep one copy per step, so reaching step k starts from step k−1's.
    public func copy() -> Interpreter {
        let other = Interpreter(seedShift: seedShift)
        other.variables = variables
        other.origins = origins
        other.order = order
        other.random = random
        return other
    }

    /// Evaluates one expression parsed from `source`.
    public func evaluate(_ expr: Expr, source: String) throws(LanguageError) -> Value {
        self.source = Array(source)
        return try evaluate(expr)
    }

    /// Every name an expression can refer to: variables, builtins, constants.
    public var knownNames: [String] {
        order + Builtins.table.keys.sorted() + Interpreter.constants.keys.sorted() + Spelling.reserved.sorted()
    }

    /// What may follow `base.` (for Tab): the functions of a namespace (`np`, `torch.nn.functional`,
    /// `F`), or a tensor's attributes and methods.
    public func completions(after base: String) -> [String] {
        if variables[base] == nil {
            if let ns = Spelling.modules[base] { return ns.names }
            if base == "F" { return Namespace.functional.names }
        }
        return Interpreter.attributes + Methods.names
    }

    func text(_ span: SourceSpan) -> String {
        let s = max(0, min(span.start, source.count)), e = max(s, min(span.end, source.count))
        return String(source[s..<e])
    }

    func evaluate(_ expr: Expr) throws(LanguageError) -> Value {
        try checkInterrupt(expr)
        let value = try evaluateNode(expr)
        // Checked again on the way back up: the work of `----randn(4000, 8000)` happens
        // after every node below it was entered, and must still stop at Ctrl-C.
        try checkInterrupt(expr)
        return value
    }

    func checkInterrupt(_ expr: Expr) throws(LanguageError) {
        if Interrupt.isRequested { throw LanguageError(.interrupted, "interrupted; your variables are as they were before this line", expr.span) }
    }

    func evaluateNode(_ expr: Expr) throws(LanguageError) -> Value {
        switch expr.kind {
        case let .number(v):
            return .tensor(Tensor(v))
        case let .string(s):
            return .string(s)
        case let .name(n):
            return try lookup(n, expr.span)
        case let .list(items):
            return .tensor(try list(items, expr.span))
        case let .unary(op, operand):
            let t = try tensorOperand(operand, for: op.rawValue)
            switch op {
            case .negate: return .tensor(t.unary(.negate))
            case .plus: return .tensor(t)
            case .sqrt: return .tensor(t.unary(.sqrt))
            }
        case let .binary(op, left, right):
            return .tensor(try binary(op, left, right, expr.span))
        case let .call(callee, args):
            return try call(callee, args, expr.span)
        case let .index(base, subs):
            let t = try tensorOperand(base, for: "indexing")
            return .tensor(try index(t, base, subs, expr.span))
        case let .attribute(base, name):
            return try attribute(base, name, expr.span)
        }
    }

    func lookup(_ name: String, _ span: SourceSpan) throws(LanguageError) -> Value {
        if let v = variables[name] { return v }
        if Builtins.table[name] != nil { return .function(name) }
        if let c = Interpreter.constants[name] { return c }
        if Spelling.reserved.contains(name) || name == "F" {
            let module = name == "F" ? "torch.nn.functional" : (Spelling.modules[name] == .torch ? "PyTorch" : (name == "math" ? "Python's math" : (name == "nn" ? "torch.nn" : "NumPy")))
            throw LanguageError(.name, "\(name) is \(module)'s namespace, not a value", span,
                                suggestion: "call a function of it, e.g. \(name == "F" ? "F.softmax(S, dim=-1)" : name == "math" ? "math.sqrt(d_k)" : name == "nn" ? "nn.functional.softmax(S, dim=-1)" : "\(name).exp(S)")")
        }
        if name == "Ellipsis" {
            throw LanguageError(.name, "... (Ellipsis) stands only in an index, for the axes in between: x[..., 0]", span)
        }
        if let advice = Interpreter.pythonNames[name] {
            throw LanguageError(.name, "'\(name)' is not defined", span, suggestion: advice)
        }
        let near = Suggest.nearest(to: name, in: knownNames)
        throw LanguageError(.name, "'\(name)' is not defined", span,
                            suggestion: near.map { "did you mean \($0)?" })
    }

    /// Names a NumPy user reaches for that mean nothing here, with what to write instead.
    static let pythonNames: [String: String] = [
        "tensor": "write the tensor directly: [[1, 2], [3, 4]] (or torch.tensor([[1, 2], [3, 4]]))",
        "true": "did you mean True?",
        "false": "did you mean False?",
        "none": "did you mean None?",
        "null": "did you mean None?",
        "range": "arange(n) gives 0, 1, …, n-1 as a tensor",
    ]

    /// NumPy and PyTorch functions the namespaces lack, with what to write instead.
    static let unavailable: [String: String] = [
        "scaled_dot_product_attention": "compute it step by step: softmax(Q @ K.T / sqrt(d_k)) @ V",
        "log_softmax": "write log(softmax(x, axis=-1))",
        "gelu": "the builtins have relu, tanh and sigmoid",
        "set_printoptions": "the tutor's command :precision 3 sets the digits shown",
        "no_grad": "nothing here records gradients: leave it out",
        "default_rng": "seed(n) then randn(…) or rand(…)",
        "inv": "matrix inverses are not available; attention never needs one",
        "softmax": "NumPy has no softmax (SciPy does): write softmax(x, axis=-1), or torch.softmax(x, dim=-1)",
        "sort": "there is no sort; argmax finds the largest",
        "argsort": "there is no argsort; argmax finds the largest",
        "nonzero": "index with the mask itself: x[x > 0]",
        "count_nonzero": "sum(x != 0) counts them",
        "linear": "multiply by the weights: x @ W.T + b",
        "dropout": "there is no dropout here: every weight is used",
    ]

    /// `np.foo` or `np.linalg.bar` that no rule rewrote: say what there is instead.
    func moduleAttribute(_ base: Expr, _ name: String, _ span: SourceSpan) -> LanguageError? {
        guard let (path, ns) = Spelling.namespace(base), variables[Spelling.dotted(base)?.split(separator: ".").first.map(String.init) ?? ""] == nil else {
            return nil
        }
        if let value = Spelling.attribute(base, name, span), case let .name(n) = value.kind, Builtins.table[n] != nil { _ = n; return nil }
        if ns.rules[name] != nil {
            return LanguageError(.name, "\(path).\(name) stands for an operation, not a function value", span,
                                 suggestion: "call it: \(path).\(name)(…)")
        }
        if let advice = Interpreter.unavailable[name] {
            return LanguageError(.name, "\(path).\(name) is not available here", span, suggestion: advice)
        }
        if let near = Suggest.nearest(to: name, in: ns.names) {
            return LanguageError(.name, "\(path).\(name) is not available here", span, suggestion: "the closest supported spelling is \(path).\(near)")
        }
        if Builtins.table[name] != nil {
            return LanguageError(.name, "\(path).\(name) is not available here", span, suggestion: "the builtin \(name)(…) may be what you want: help(\(name))")
        }
        return LanguageError(.name, "\(path).\(name) is not available here", span,
                             suggestion: "\(path) offers: " + ns.names.prefix(12).joined(separator: ", ") + ", …; help() lists the builtins")
    }

    /// Evaluates an operand that must be a tensor.
    func tensorOperand(_ e: Expr, for op: String) throws(LanguageError) -> Tensor {
        let v = try evaluate(e)
        guard case let .tensor(t) = v else {
            var hint: String? = nil
            var what = "\(text(e.span)) is \(v.kindName)"
            if case let .function(f) = v {
                hint = "call it with parentheses: \(f)(…)"
                if text(e.span) == f { what = "\(f) is a function" }
            }
            if v == .none, text(e.span) == "None" { what = "got None" }
            throw LanguageError(.type, "\(op) needs a tensor or a number, but \(what)", e.span, suggestion: hint)
        }
        return t
    }

    /// `[a, b, …]`: numbers make a vector; equal-shaped tensors stack into one more axis.
    func list(_ items: [Expr], _ span: SourceSpan) throws(LanguageError) -> Tensor {
        if items.isEmpty { return Tensor(shape: [0], data: []) }
        var parts: [Tensor] = []
        for item in items {
            let t = try tensorOperand(item, for: "a tensor literal")
            if let first = parts.first, first.shape != t.shape {
                throw LanguageError(.shape, "the rows of a tensor must have the same shape: \(text(items[0].span)) is \(Shape.words(first.shape)) but \(text(item.span)) is \(Shape.words(t.shape))", item.span)
            }
            parts.append(t)
        }
        do {
            var out = try Tensor.stack(parts.map { Tensor(shape: $0.shape, data: $0.data) })
            // [True, False] is a mask, as in NumPy; mixing in numbers makes numbers.
            out.isBoolean = parts.allSatisfy(\.isBoolean)
            return out
        } catch { throw LanguageError(error, span) }
    }

    func binary(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ span: SourceSpan) throws(LanguageError) -> Tensor {
        if op == .matmul { return try matmul(left, right, span) }
        let a = try tensorOperand(left, for: op.rawValue), b = try tensorOperand(right, for: op.rawValue)
        let engineOp: BinaryOp
        switch op {
        case .add: engineOp = .add
        case .subtract: engineOp = .subtract
        case .multiply: engineOp = .multiply
        case .divide: engineOp = .divide
        case .power: engineOp = .power
        case .less: engineOp = .less
        case .lessEqual: engineOp = .lessEqual
        case .greater: engineOp = .greater
        case .greaterEqual: engineOp = .greaterEqual
        case .equal: engineOp = .equal
        case .notEqual: engineOp = .notEqual
        case .matmul: fatalError("handled above")
        }
        do {
            var out = try Tensor.binary(engineOp, a, b)
            out.isBoolean = [.less, .lessEqual, .greater, .greaterEqual, .equal, .notEqual].contains(op)
            return out
        } catch let error {
            throw describe(error, op: op.rawValue, left, a, right, b, span)
        }
    }

    /// `a @ b`, handing a `.T` operand to BLAS as a flag instead of copying it.
    func matmul(_ left: Expr, _ right: Expr, _ span: SourceSpan) throws(LanguageError) -> Tensor {
        let (a, ta) = try maybeTransposed(left)
        let (b, tb) = try maybeTransposed(right)
        do {
            return try Tensor.matmul(a, b, transposeA: ta, transposeB: tb)
        } catch let error {
            let shownA = ta ? (try? a.transposed()) ?? a : a, shownB = tb ? (try? b.transposed()) ?? b : b
            throw describe(error, op: "@", left, shownA, right, shownB, span)
        }
    }

    /// For `X.T` with X a matrix: X and `true`; otherwise the operand's value and `false`.
    func maybeTransposed(_ e: Expr) throws(LanguageError) -> (Tensor, Bool) {
        if case let .attribute(inner, "T") = e.kind {
            let t = try tensorOperand(inner, for: ".T")
            if t.rank == 2 { return (t, true) }
            return (try engine(e.span) { () throws(TensorError) in try t.transposed() }, false)
        }
        return (try tensorOperand(e, for: "@"), false)
    }

    /// A shape error that names the operands as written, with their shapes and a likely fix.
    func describe(_ error: TensorError, op: String, _ left: Expr, _ a: Tensor, _ right: Expr, _ b: Tensor, _ span: SourceSpan) -> LanguageError {
        let ta = text(left.span), tb = text(right.span)
        let shapes = "\(ta) is \(Shape.words(a.shape)), \(tb) is \(Shape.words(b.shape))"
        switch error {
        case .broadcast where op == "@":
            let ba = Array(a.shape.dropLast(2)), bb = Array(b.shape.dropLast(2))
            return LanguageError(.shape, "`\(ta) \(op) \(tb)`: \(shapes); the leading (batch) axes \(Shape.text(ba)) and \(Shape.text(bb)) do not broadcast", span)
        case .matmul:
            if a.isScalar || b.isScalar {
                return LanguageError(.shape, "`\(ta) \(op) \(tb)`: @ multiplies matrices, and \(a.isScalar ? ta : tb) is a single number", span,
                                     suggestion: "to scale, use *: \(ta) * \(tb)")
            }
            let k = a.shape[a.rank - 1], k2 = b.rank == 1 ? b.shape[0] : b.shape[b.rank - 2]
            if k == k2 {
                // The inner sizes agree: the leading (batch) axes are what clash.
                let ba = Array(a.shape.dropLast(2)), bb = Array(b.shape.dropLast(2))
                return LanguageError(.shape, "`\(ta) \(op) \(tb)`: \(shapes); the leading (batch) axes \(Shape.text(ba)) and \(Shape.text(bb)) do not broadcast", span)
            }
            var suggestion: String?
            if b.rank == 2, b.shape[1] == k { suggestion = "did you mean `\(ta) \(op) \(transposedText(tb, right))`?" }
            else if a.rank == 2, a.shape[0] == k2 { suggestion = "did you mean `\(transposedText(ta, left)) \(op) \(tb)`?" }
            else if a.rank == 2, b.rank == 2, b.shape[1] == a.shape[0] { suggestion = "did you mean `\(tb) \(op) \(ta)`?" }
            return LanguageError(.shape, "`\(ta) \(op) \(tb)`: \(shapes); the inner sizes \(k) and \(k2) differ", span, suggestion: suggestion)
        case .broadcast:
            var suggestion: String?
            let flipped = a.rank == 2 && b.rank == 2 && a.shape == b.shape.reversed()
            if op == "*", a.rank == 2, b.rank == 2, a.shape[1] == b.shape[0] {
                suggestion = "for a matrix product use @: `\(ta) @ \(tb)`"
                if flipped { suggestion! += "; elementwise, `\(ta) * \(transposedText(tb, right))`" }
            } else if flipped {
                suggestion = "did you mean `\(ta) \(op) \(transposedText(tb, right))`?"
            }
            return LanguageError(.shape, "`\(ta) \(op) \(tb)`: \(shapes); these shapes do not broadcast (sizes must match or be 1, aligned from the right)", span, suggestion: suggestion)
        default:
            return LanguageError(error, span, context: "`\(ta) \(op) \(tb)`")
        }
    }

    /// How to write the transpose of an operand: drop its `.T`, or add one (in parentheses
    /// unless the operand is a single postfix term such as `K`, `W[0]` or `ones(3, 2)`).
    func transposedText(_ t: String, _ e: Expr) -> String {
        if case .attribute(_, "T") = e.kind {
            if t.hasSuffix(".T") { return String(t.dropLast(2)) }
            if t.hasSuffix("ᵀ") { return String(t.dropLast()) }
        }
        switch e.kind {
        case .name, .call, .index, .attribute, .list:
            // A parenthesised operand keeps its own parentheses in `t`.
            return "\(t).T"
        default:
            return Interpreter.parenthesised(t) ? "\(t).T" : "(\(t)).T"
        }
    }

    /// Whether `t` is one parenthesised group, `(a + b)`, rather than `(a) + (b)`.
    static func parenthesised(_ t: String) -> Bool {
        guard t.first == "(", t.last == ")" else { return false }
        var depth = 0
        for (i, c) in t.enumerated() {
            if c == "(" { depth += 1 } else if c == ")" { depth -= 1 }
            if depth == 0 { return i == t.count - 1 }
        }
        return false
    }

    func engine<T>(_ span: SourceSpan, _ body: () throws(TensorError) -> T) throws(LanguageError) -> T {
        do { return try body() } catch { throw LanguageError(error, span) }
    }

    /// Attributes with a meaning of their own; the other NumPy methods are rewritten into calls by the parser.
    static let attributes = ["T", "shape", "ndim", "size", "dtype", "mT"]

    func attribute(_ base: Expr, _ name: String, _ span: SourceSpan) throws(LanguageError) -> Value {
        if let error = moduleAttribute(base, name, span) { throw error }
        if case .name("F") = base.kind, variables["F"] == nil {
            if let f = Namespace.functional.functionName(name) { return .function(f) }
            throw LanguageError(.name, "F.\(name) is not available here", span,
                                suggestion: "F (torch.nn.functional) offers " + Namespace.functional.names.joined(separator: ", "))
        }
        let t = try tensorOperand(base, for: ".\(name)")
        switch name {
        case "T":
            return .tensor(try engine(span) { () throws(TensorError) in
                var out = try t.transposed()
                out.isBoolean = t.isBoolean
                return out
            })
        case "shape":
            return .tensor(Tensor(shape: [t.rank], data: t.shape.map(Double.init)))
        case "ndim":
            return .tensor(Tensor(Double(t.rank)))
        case "size":
            return .tensor(Tensor(Double(t.count)))
        case "dtype":
            return .string(t.isBoolean ? "bool" : "float64")
        default:
            if let b = Methods.builtin(for: name), Builtins.table[b] != nil {
                // `S.sum` without parentheses: the function, which `S.sum()` calls.
                return .function(b)
            }
            if name.hasSuffix("_"), Methods.table[String(name.dropLast())] != nil {
                throw LanguageError(.name, "\(name) changes a tensor in place, and tensors here are values", span,
                                    suggestion: "assign the result instead: \(text(base.span)) = \(text(base.span)).\(name.dropLast())(…)")
            }
            let near = Suggest.nearest(to: name, in: Interpreter.attributes + Methods.names)
            throw LanguageError(.name, "a tensor has no attribute or method '.\(name)'", span,
                                suggestion: near.map { "did you mean .\($0)?" } ?? "there are .T, .shape, .ndim, .size and NumPy's methods (.sum(), .reshape(…), …)")
        }
    }

    /// Builtins that only move, cut or join elements, so a mask in gives a mask out.
    static let keepsTruth: Set<String> = ["reshape", "transpose", "swapaxes", "tril", "triu", "concat", "stack", "hstack",
                                          "vstack", "expand_dims", "squeeze", "array", "diag"]

    func wholeNumber(_ v: Double, _ e: Expr) throws(LanguageError) -> Int {
        guard v.rounded() == v else {
            throw LanguageError(.index, "an index must be a whole number, not \(Number.short(v))", e.span)
        }
        guard Swift.abs(v) < 1e15 else {
            throw LanguageError(.index, "the index \(Number.short(v)) is far beyond any tensor's size", e.span)
        }
        return Int(v)
    }

    func call(_ callee: Expr, _ args: [Argument], _ span: SourceSpan) throws(LanguageError) -> Value {
        let f = try evaluate(callee)
        guard case let .function(name) = f, let builtin = Builtins.table[name] else {
            var suggestion: String?
            if case .attribute = callee.kind {
                suggestion = "leave out the parentheses: \(text(callee.span))"
            } else if f.tensor != nil {
                suggestion = "to multiply, write \(text(callee.span)) * (…)"
            }
            throw LanguageError(.type, "\(text(callee.span)) is \(f.kindName), not a function", callee.span, suggestion: suggestion)
        }
        var positional: [Call.Arg] = []
        var keywords: [(String, Call.Arg)] = []
        for a in args {
            // The span covers `name=value`, so a message about a keyword points at all of it.
            var arg = Call.Arg(value: try evaluate(a.value), span: a.span, text: text(a.value.span))
            arg.isPositional = a.name == nil
            if let n = a.name { keywords.append((n, arg)) } else { positional.append(arg) }
        }
        var c = try Call(builtin: builtin, positional: positional, keywords: keywords, span: span, interpreter: self)
        var result = try builtin.run(&c)
        // A mask moved or cut stays a mask, as NumPy's bool arrays do.
        if Interpreter.keepsTruth.contains(name), case var .tensor(t) = result, !t.isBoolean {
            let inputs = (positional + keywords.map(\.1)).compactMap { $0.value.tensor }
            if let first = inputs.first, first.isBoolean, name != "where" || inputs.dropFirst().allSatisfy(\.isBoolean) {
                t.isBoolean = true
                result = .tensor(t)
            }
        }
        return result
    }
}
