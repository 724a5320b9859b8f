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
        "True": .tensor(Tensor(1)), "False": .tensor(Tensor(0)), "None": .none,
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
            if Builtins.table[name] != nil || Interpreter.constants[name] != nil {
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
        order + Builtins.table.keys.sorted() + Interpreter.constants.keys.sorted()
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
        if let advice = Interpreter.pythonNames[name] {
            throw LanguageError(.name, "'\(name)' is not defined", span, suggestion: advice)
        }
        let near = Suggest.nearest(to: name, in: knownNames)
        throw LanguageError(.name, "'\(name)' is not defined", span,
                            suggestion: near.map { "did you mean \($0)?" })
    }

    /// Modules and functions a NumPy user reaches for, with what to write here instead.
    static let pythonNames: [String: String] = [
        "np": "there is no np here: call the builtins directly, e.g. zeros(3), softmax(S)",
        "numpy": "there is no numpy here: call the builtins directly, e.g. zeros(3), softmax(S)",
        "torch": "there is no torch here: call the builtins directly, e.g. zeros(3), softmax(S)",
        "print": "type the expression alone to see its value",
        "len": "A.shape gives the sizes of A; A.shape[0] its number of rows",
        "matmul": "multiply matrices with @: A @ B",
        "array": "write the tensor directly: [[1, 2], [3, 4]]",
        "tensor": "write the tensor directly: [[1, 2], [3, 4]]",
        "concatenate": "did you mean concat?",
        "cat": "did you mean concat?",
        "true": "did you mean True?",
        "false": "did you mean False?",
        "none": "did you mean None?",
        "null": "did you mean None?",
    ]

    /// `np.zeros` and friends: the learner's NumPy habit, answered with the plain builtin.
    func moduleAttribute(_ base: Expr, _ name: String, _ span: SourceSpan) -> LanguageError? {
        // Find the root of `np.linalg.norm`: the module is the leftmost name.
        var root = base
        var path: [String] = []
        while case let .attribute(inner, sub) = root.kind { path.insert(sub, at: 0); root = inner }
        guard case let .name(name0) = root.kind, variables[name0] == nil,
              ["np", "numpy", "torch", "F", "math", "jnp", "nn"].contains(name0) else { return nil }
        let module = ([name0] + path).joined(separator: ".")
        let aliases = ["concatenate": "concat", "cat": "concat", "matmul": "@", "transpose": "transpose", "array": "[…]",
                       "tensor": "[…]", "asarray": "[…]", "normal": "randn", "random": "rand", "hstack": "concat",
                       "vstack": "concat", "maximum": "where", "minimum": "where", "power": "**", "multiply": "*",
                       "add": "+", "divide": "/", "subtract": "-", "layer_norm": "layernorm", "triu_indices": "triu",
                       "amax": "max", "amin": "min", "average": "mean"]
        let target = Builtins.table[name] != nil ? name : aliases[name]
        guard let target else {
            return LanguageError(.name, "there is no \(module) here, and no builtin called '\(name)'", span,
                                 suggestion: "help() lists the builtins")
        }
        let how: String
        switch target {
        case "@": how = "multiply matrices with @: A @ B"
        case "[…]": how = "write the tensor directly: [[1, 2], [3, 4]]"
        case "*", "+", "-", "/", "**": how = "use the operator: A \(target) B"
        default: how = "write \(target)(…)"
        }
        return LanguageError(.name, "there is no \(module) here: builtins are called without a prefix", span, suggestion: how)
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
                throw LanguageError(.shape, "the rows of a tensor must have the same shape: \(text(items[0].span)) is \(Value.shapeWords(first.shape)) but \(text(item.span)) is \(Value.shapeWords(t.shape))", item.span)
            }
            parts.append(t)
        }
        do { return try Tensor.stack(parts.map { Tensor(shape: $0.shape, data: $0.data) }) } catch { throw LanguageError(error, span) }
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
            return try Tensor.binary(engineOp, a, b)
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
        let shapes = "\(ta) is \(Value.shapeWords(a.shape)), \(tb) is \(Value.shapeWords(b.shape))"
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

    /// NumPy attributes a learner may try, with what to write here instead.
    static func numpyAttribute(_ name: String, of base: String) -> String? {
        switch name {
        case "size": return "\(base).shape gives the size of each axis"
        case "ndim": return "\(base).shape has one entry per axis"
        case "dtype": return "every tensor holds 64-bit floating-point numbers"
        case "transpose": return "write \(base).T"
        default: return nil
        }
    }

    func engine<T>(_ span: SourceSpan, _ body: () throws(TensorError) -> T) throws(LanguageError) -> T {
        do { return try body() } catch { throw LanguageError(error, span) }
    }

    func attribute(_ base: Expr, _ name: String, _ span: SourceSpan) throws(LanguageError) -> Value {
        if let error = moduleAttribute(base, name, span) { throw error }
        let t = try tensorOperand(base, for: ".\(name)")
        switch name {
        case "T":
            return .tensor(try engine(span) { () throws(TensorError) in try t.transposed() })
        case "shape":
            return .tensor(Tensor(shape: [t.rank], data: t.shape.map(Double.init)))
        default:
            if let advice = Interpreter.numpyAttribute(name, of: text(base.span)) {
                throw LanguageError(.name, "a tensor has no attribute '.\(name)' (there are .T and .shape)", span, suggestion: advice)
            }
            if let b = Builtins.table[name] {
                // A NumPy method: here it is a function taking the tensor first.
                let more = b.parameters.count > 1 ? ", …" : ""
                throw LanguageError(.name, "a tensor has no attribute '.\(name)' (there are .T and .shape)", span,
                                    suggestion: "call it as a function: \(name)(\(text(base.span))\(more))")
            }
            let near = Suggest.nearest(to: name, in: ["T", "shape"])
            throw LanguageError(.name, "a tensor has no attribute '.\(name)' (there are .T and .shape)", span,
                                suggestion: near.map { "did you mean .\($0)?" })
        }
    }

    func index(_ t: Tensor, _ base: Expr, _ subs: [Subscript], _ span: SourceSpan) throws(LanguageError) -> Tensor {
        if subs.count > t.rank {
            let has = t.rank == 0 ? "is a single number, with no axes to index" : "has \(t.rank) \(t.rank == 1 ? "axis" : "axes") (\(Shape.text(t.shape)))"
            throw LanguageError(.index, "`\(text(span))`: \(text(base.span)) \(has), but \(subs.count) \(subs.count == 1 ? "index was" : "indices were") given", span)
        }
        var items: [IndexItem] = []
        for (position, sub) in subs.enumerated() {
            switch sub {
            case let .at(e):
                if case .name("None") = e.kind {
                    // NumPy inserts the new axis where the None stands.
                    var sizes = t.shape.map(String.init)
                    sizes.insert("1", at: min(position, sizes.count))
                    throw LanguageError(.index, "None (NumPy's newaxis) cannot be used in an index here", e.span,
                                        suggestion: "add an axis of size 1 with reshape, e.g. reshape(\(text(base.span)), \(sizes.joined(separator: ", ")))")
                }
                let v = try tensorOperand(e, for: "an index")
                if v.count == 1 && v.rank <= 1 && v.isScalar {
                    items.append(.at(try wholeNumber(v.data[0], e)))
                } else if v.rank == 1 {
                    var positions: [Int] = []
                    for x in v.data { positions.append(try wholeNumber(x, e)) }
                    items.append(.positions(positions))
                } else {
                    throw LanguageError(.index, "an index must be a number or a list of numbers, not a \(Shape.text(v.shape)) tensor", e.span,
                                        suggestion: "to choose elements by a condition, use where(condition, x, y)")
                }
            case let .slice(a, b, c):
                func bound(_ x: Expr?) throws(LanguageError) -> Int? {
                    guard let x else { return nil }
                    let v = try evaluate(x)
                    if v == .none { return nil }
                    guard case let .tensor(t) = v, t.isScalar else {
                        throw LanguageError(.index, "a slice bound must be a whole number, not \(v.kindName)", x.span)
                    }
                    return try wholeNumber(t.data[0], x)
                }
                items.append(.slice(start: try bound(a), stop: try bound(b), step: try bound(c)))
            }
        }
        do {
            return try t.indexed(items)
        } catch {
            throw LanguageError(error, span, context: "`\(text(span))` (\(text(base.span)) is \(Shape.text(t.shape)))")
        }
    }

    func wholeNumber(_ v: Double, _ e: Expr) throws(LanguageError) -> Int {
        guard v.rounded() == v else {
            throw LanguageError(.index, "an index must be a whole number, not \(Call.show(v))", e.span)
        }
        guard Swift.abs(v) < 1e15 else {
            throw LanguageError(.index, "the index \(Call.show(v)) is far beyond any tensor's size", e.span)
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
            let arg = Call.Arg(value: try evaluate(a.value), span: a.span, text: text(a.value.span))
            if let n = a.name { keywords.append((n, arg)) } else { positional.append(arg) }
        }
        var c = try Call(builtin: builtin, positional: positional, keywords: keywords, span: span, interpreter: self)
        return try builtin.run(&c)
    }
}
