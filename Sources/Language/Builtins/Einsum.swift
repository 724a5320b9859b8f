import Tensors

/// `einsum("ij,jk->ik", A, B)`: Einstein summation over one or two tensors, done as
/// diagonals, sums, one batched matrix product and a transpose.
extension Builtins {
    static let einsum: [Builtin] = [
        Builtin("einsum(subscripts, *operands)", "Einstein summation over one or two tensors: einsum(\"ij,kj->ik\", Q, K) is Q @ K.T") { c throws(LanguageError) in
            let spec = try c.string("subscripts").filter { !$0.isWhitespace }
            let operands = try c.restTensors()
            return .tensor(try Einsum(spec: spec, call: c).evaluate(operands))
        },
    ]
}

struct Einsum {
    let spec: String
    let call: Call

    func fail(_ message: String) -> LanguageError {
        LanguageError(.value, "einsum: \(message)", call.arg("subscripts")?.span ?? call.span)
    }

    func evaluate(_ operands: [Tensor]) throws(LanguageError) -> Tensor {
        if spec.contains(".") { throw fail("... (broadcast axes) is not available; name every axis with a letter") }
        let sides = spec.components("->")
        guard sides.count <= 2 else { throw fail("a subscript has at most one ->") }
        let inputs = sides[0].split(separator: ",", omittingEmptySubsequences: false).map { Array($0) }
        guard operands.count == inputs.count else {
            throw fail("\"\(sides[0])\" names \(inputs.count) tensor\(inputs.count == 1 ? "" : "s") but \(operands.count) \(operands.count == 1 ? "was" : "were") given")
        }
        guard (1...2).contains(operands.count) else { throw fail("one or two tensors only") }
        for ch in inputs.joined() + (sides.count == 2 ? Array(sides[1]) : []) where !(ch.isASCII && ch.isLetter) {
            throw fail("'\(ch)' is not a letter: name each axis with a letter, e.g. \"ij,jk->ik\"")
        }
        var sizes: [Character: Int] = [:]
        for (t, letters) in zip(operands, inputs) {
            guard letters.count == t.rank else {
                throw fail("\"\(String(letters))\" names \(letters.count) axes, but that tensor has \(t.rank) (\(Shape.text(t.shape)))")
            }
            for (l, n) in zip(letters, t.shape) {
                if let m = sizes[l], m != n { throw fail("axis '\(l)' is \(m) in one place and \(n) in another") }
                sizes[l] = n
            }
        }
        let all = inputs.joined()
        let output: [Character]
        if sides.count == 2 {
            output = Array(sides[1])
            guard Set(output).count == output.count else { throw fail("an output letter is repeated in \"\(sides[1])\"") }
            for l in output where sizes[l] == nil { throw fail("the output letter '\(l)' names no input axis") }
        } else {
            output = Set(all).filter { l in all.filter { $0 == l }.count == 1 }.sorted()
        }
        // Each operand: repeated letters become a diagonal; letters no one else needs are summed.
        var parts: [(Tensor, [Character])] = []
        for (i, (t, letters)) in zip(operands, inputs).enumerated() {
            var (x, ls) = diagonal(t, letters)
            let others = Set(output).union(inputs.enumerated().filter { $0.offset != i }.flatMap(\.element))
            let summed = ls.indices.filter { !others.contains(ls[$0]) }
            if !summed.isEmpty {
                x = try Builtins.reduce(call, x, .sum, axes: summed.count == 1 ? summed + [] : summed, keepdims: false)
                ls = ls.enumerated().filter { !summed.contains($0.offset) }.map(\.element)
            }
            parts.append((x, ls))
        }
        if parts.count == 1 { return try arrange(parts[0].0, parts[0].1, to: output) }
        let (a, la) = parts[0], (b, lb) = parts[1]
        let batch = la.filter { lb.contains($0) && output.contains($0) }
        let contract = la.filter { lb.contains($0) && !output.contains($0) }
        let left = la.filter { !lb.contains($0) }, right = lb.filter { !la.contains($0) }
        func size(_ ls: [Character]) -> Int { ls.reduce(1) { $0 * sizes[$1]! } }
        let product = try call.engine { () throws(TensorError) in
            let a3 = try a.transposed((batch + left + contract).map { la.firstIndex(of: $0)! })
                .reshaped([size(batch), size(left), size(contract)])
            let b3 = try b.transposed((batch + contract + right).map { lb.firstIndex(of: $0)! })
                .reshaped([size(batch), size(contract), size(right)])
            return try Tensor.matmul(a3, b3).reshaped((batch + left + right).map { sizes[$0]! })
        }
        return try arrange(product, batch + left + right, to: output)
    }

    /// The axes of `x`, named by `letters`, put in the order of `output`.
    func arrange(_ x: Tensor, _ letters: [Character], to output: [Character]) throws(LanguageError) -> Tensor {
        let perm = output.map { letters.firstIndex(of: $0)! }
        return try call.engine { () throws(TensorError) in try x.transposed(perm) }
    }

    /// A letter repeated within one operand ("ii") reads its diagonal: one axis for it.
    func diagonal(_ t: Tensor, _ letters: [Character]) -> (Tensor, [Character]) {
        var unique: [Character] = []
        for l in letters where !unique.contains(l) { unique.append(l) }
        guard unique.count < letters.count else { return (t, letters) }
        let sizes = unique.map { l in t.shape[letters.firstIndex(of: l)!] }
        let strides = t.strides
        let count = sizes.reduce(1, *)
        var data = [Double](repeating: 0, count: count)
        var index = [Int](repeating: 0, count: unique.count)
        for k in 0..<count {
            var offset = 0
            for (axis, l) in letters.enumerated() { offset += index[unique.firstIndex(of: l)!] * strides[axis] }
            data[k] = t.data[offset]
            var d = unique.count - 1
            while d >= 0 { index[d] += 1; if index[d] < sizes[d] { break }; index[d] = 0; d -= 1 }
        }
        return (Tensor(shape: sizes, data: data), unique)
    }
}

extension String {
    /// The pieces between occurrences of `separator` (the standard library has no such split for strings).
    func components(_ separator: String) -> [String] {
        var out: [String] = []
        var rest = Substring(self)
        while let r = rest.firstRange(of: separator) {
            out.append(String(rest[..<r.lowerBound]))
            rest = rest[r.upperBound...]
        }
        out.append(String(rest))
        return out
    }
}
