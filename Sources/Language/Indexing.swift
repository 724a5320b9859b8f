import Tensors

/// `x[…]` as NumPy reads it: numbers, slices and lists of positions, plus truth masks
/// (`A[A > 0]`), `None` (a new axis of size 1) and `...` (every axis in between).
extension Interpreter {
    /// One subscript, evaluated.
    enum Piece {
        case item(IndexItem)
        /// A truth mask covering as many axes as it has.
        case mask(Tensor, Expr)
        case newAxis
        case ellipsis(Expr)
    }

    func index(_ t: Tensor, _ base: Expr, _ subs: [Subscript], _ span: SourceSpan) throws(LanguageError) -> Tensor {
        var pieces: [Piece] = []
        for sub in subs { pieces.append(try piece(sub)) }
        let consumed = pieces.reduce(0) { n, p in
            switch p {
            case .item: return n + 1
            case let .mask(m, _): return n + m.rank
            case .newAxis, .ellipsis: return n
            }
        }
        let ellipses = pieces.filter { if case .ellipsis = $0 { return true } else { return false } }
        if ellipses.count > 1, case let .ellipsis(e) = ellipses[1] {
            throw LanguageError(.index, "an index can have only one ...", e.span)
        }
        if consumed > t.rank {
            let has = t.rank == 0 ? "is a single number, with no axes to index" : "has \(t.rank) \(t.rank == 1 ? "axis" : "axes") (\(Shape.text(t.shape)))"
            throw LanguageError(.index, "`\(text(span))`: \(text(base.span)) \(has), but \(consumed) \(consumed == 1 ? "index was" : "indices were") given", span)
        }
        // Expand `...` and turn masks into the positions of their true elements, one list per axis.
        var items: [IndexItem] = []
        var order: [Character] = []  // s: slice, a: position(s), n: new axis — to place the new axes
        for p in pieces {
            switch p {
            case let .item(item):
                items.append(item)
                switch item {
                case .slice: order.append("s")
                case .at: order.append("i")
                case .positions: order.append("a")
                }
            case .newAxis:
                order.append("n")
            case .ellipsis:
                for _ in 0..<(t.rank - consumed) { items.append(.slice(start: nil, stop: nil, step: nil)); order.append("s") }
            case let .mask(m, e):
                let axis = items.count
                let covered = Array(t.shape[axis..<(axis + m.rank)])
                guard covered == m.shape else {
                    throw LanguageError(.index, "the mask \(text(e.span)) is \(Shape.text(m.shape)), but the axes it selects from are \(Shape.text(covered))", e.span,
                                        suggestion: "a mask has the shape of what it indexes, e.g. A[A > 0]")
                }
                for list in Interpreter.truePositions(m) { items.append(.positions(list)); order.append("a") }
            }
        }
        var out: Tensor
        do {
            out = try t.indexed(items)
        } catch {
            throw LanguageError(error, span, context: "`\(text(span))` (\(text(base.span)) is \(Shape.text(t.shape)))")
        }
        out.isBoolean = t.isBoolean
        guard order.contains("n") else { return out }
        return Builtins.inserting(out, axes: Interpreter.newAxisPositions(order))
    }

    func piece(_ sub: Subscript) throws(LanguageError) -> Piece {
        switch sub {
        case let .at(e):
            if case .name("None") = e.kind { return .newAxis }
            if case .name("Ellipsis") = e.kind, variables["Ellipsis"] == nil { return .ellipsis(e) }
            let v = try tensorOperand(e, for: "an index")
            if v.isBoolean {
                guard v.rank > 0 else {
                    throw LanguageError(.index, "a single True or False cannot index here", e.span, suggestion: "index with a mask of the tensor's shape, e.g. A[A > 0]")
                }
                return .mask(v, e)
            }
            if v.isScalar { return .item(.at(try wholeNumber(v.data[0], e))) }
            if v.rank == 1 {
                var positions: [Int] = []
                for x in v.data { positions.append(try wholeNumber(x, e)) }
                return .item(.positions(positions))
            }
            throw LanguageError(.index, "an index must be a number, a list of numbers or a mask, not a \(Shape.text(v.shape)) tensor of numbers", e.span,
                                suggestion: "to choose elements by a condition, index with the comparison itself: A[A > 0]")
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
            return .item(.slice(start: try bound(a), stop: try bound(b), step: try bound(c)))
        }
    }

    /// For each axis of a mask, the coordinates of its true elements in row-major order
    /// (NumPy's `mask.nonzero()`).
    static func truePositions(_ m: Tensor) -> [[Int]] {
        var lists = [[Int]](repeating: [], count: m.rank)
        let strides = m.strides
        for (k, v) in m.data.enumerated() where v != 0 {
            var rest = k
            for axis in 0..<m.rank { lists[axis].append(rest / strides[axis]); rest %= strides[axis] }
        }
        return lists
    }

    /// Where the new axes of `None` land in the result, from the subscripts in order (s: slice,
    /// i: number, a: list of positions, n: None). Slices and new axes keep their order; the
    /// axis of the positions (numbers join them) sits where they stand when they are together,
    /// else first — NumPy's rule.
    static func newAxisPositions(_ order: [Character]) -> [Int] {
        let basic = { (c: Character) in c == "s" || c == "n" }
        var sequence: [Character] = order.filter(basic)
        if order.contains("a") {
            let advanced = order.indices.filter { !basic(order[$0]) }
            let lo = advanced.first!, hi = advanced.last!
            if order[lo...hi].allSatisfy({ !basic($0) }) {
                sequence = order[..<lo].filter(basic) + ["A"] + order[(hi + 1)...].filter(basic)
            } else {
                sequence = ["A"] + order.filter(basic)
            }
        }
        return sequence.indices.filter { sequence[$0] == "n" }
    }
}
