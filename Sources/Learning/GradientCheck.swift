import Tensors

/// Checks every backward rule against finite differences: for a loss L = Σ out · R
/// (R fixed random numbers), the gradient the rules compute must match
/// (L(x + h) − L(x − h)) / 2h, element by element of every input.
///
/// The error of one check is ‖analytic − numeric‖ / max(‖analytic‖, ‖numeric‖) over all
/// elements of all its inputs (Euclidean norms), so one tiny gradient entry cannot make
/// the relative error meaningless. Central differences in Double with h = 1e-6 are good
/// to about 1e-9 for these functions, so a wrong rule stands out by many orders.
public enum GradientCheck {
    /// One rule (or one way of using it) and its inputs.
    public struct Case: Sendable {
        public var name: String
        /// The inputs, all differentiated.
        var inputs: [Tensor]
        /// Builds the output from the input nodes.
        var build: @Sendable ([Node]) throws(TensorError) -> Node
    }

    public struct Result: Sendable, Equatable {
        public var name: String
        /// How many gradient entries were compared.
        public var entries: Int
        public var relativeError: Double
    }

    /// The step of the central differences.
    static let h = 1e-6

    /// Checks one case.
    public static func check(_ c: Case) throws(TensorError) -> Result {
        var g = RandomGenerator(seed: 7)
        let nodes = c.inputs.map { Node.parameter($0) }
        let out = try c.build(nodes)
        let weights = try Tensor.randn(out.shape, using: &g)
        let loss = try Node.multiply(out, .constant(weights)).sum()
        try loss.backward()

        func lossAt(_ inputs: [Tensor]) throws(TensorError) -> Double {
            let o = try c.build(inputs.map { Node.constant($0) }).value
            var s = 0.0
            for i in 0..<o.count where weights.data[i] != 0 { s += o.data[i] * weights.data[i] }
            return s
        }
        var difference = 0.0, analyticNorm = 0.0, numericNorm = 0.0, entries = 0
        for (k, input) in c.inputs.enumerated() {
            let analytic = nodes[k].grad ?? Tensor(shape: input.shape, data: [Double](repeating: 0, count: input.count))
            for i in 0..<input.count {
                var plus = c.inputs, minus = c.inputs
                plus[k].data[i] += h
                minus[k].data[i] -= h
                let numeric = (try lossAt(plus) - lossAt(minus)) / (2 * h)
                let a = analytic.data[i]
                difference += (a - numeric) * (a - numeric)
                analyticNorm += a * a
                numericNorm += numeric * numeric
                entries += 1
            }
        }
        let scale = max(analyticNorm, numericNorm).squareRoot()
        let error = scale == 0 ? difference.squareRoot() : difference.squareRoot() / scale
        return Result(name: c.name, entries: entries, relativeError: error)
    }

    /// Checks every case of ``cases``.
    public static func checkAll() throws(TensorError) -> [Result] {
        var results: [Result] = []
        for c in cases { results.append(try check(c)) }
        return results
    }

    /// Random inputs: `shape` of normal numbers, shifted by `offset` and pushed at least
    /// `margin` away from 0 (so relu's kink and log's pole stay out of reach of ±h).
    static func input(_ shape: [Int], seed: UInt64, offset: Double = 0, margin: Double = 0, positive: Bool = false) -> Tensor {
        var g = RandomGenerator(seed: seed)
        let t = (try? Tensor.randn(shape, using: &g)) ?? Tensor(0)
        return t.map { v in
            var x = v + offset
            if positive { x = abs(x) + 0.2 }
            if abs(x) < margin { x = x < 0 ? x - margin : x + margin }
            return x
        }
    }

    /// One case per rule and per way attention uses it.
    public static let cases: [Case] = [
        Case(name: "matmul", inputs: [input([3, 4], seed: 1), input([4, 5], seed: 2)]) { x throws(TensorError) in
            try .matmul(x[0], x[1]) },
        Case(name: "matmul Aᵀ·B", inputs: [input([4, 3], seed: 3), input([4, 5], seed: 4)]) { x throws(TensorError) in
            try .matmul(x[0], x[1], transposeA: true) },
        Case(name: "matmul A·Bᵀ", inputs: [input([3, 4], seed: 5), input([5, 4], seed: 6)]) { x throws(TensorError) in
            try .matmul(x[0], x[1], transposeB: true) },
        Case(name: "matmul Aᵀ·Bᵀ", inputs: [input([4, 3], seed: 7), input([5, 4], seed: 8)]) { x throws(TensorError) in
            try .matmul(x[0], x[1], transposeA: true, transposeB: true) },
        Case(name: "matmul batched", inputs: [input([2, 3, 4], seed: 9), input([2, 4, 3], seed: 10)]) { x throws(TensorError) in
            try .matmul(x[0], x[1]) },
        Case(name: "matmul batched, shared right matrix", inputs: [input([2, 3, 4], seed: 11), input([4, 5], seed: 12)]) { x throws(TensorError) in
            try .matmul(x[0], x[1]) },
        Case(name: "matmul batched Q·Kᵀ", inputs: [input([2, 3, 4], seed: 13), input([2, 3, 4], seed: 14)]) { x throws(TensorError) in
            try .matmul(x[0], x[1], transposeB: true) },
        Case(name: "add, broadcast a vector", inputs: [input([2, 3, 4], seed: 15), input([4], seed: 16)]) { x throws(TensorError) in
            try .add(x[0], x[1]) },
        Case(name: "add, broadcast a column", inputs: [input([3, 1], seed: 17), input([2, 3, 4], seed: 18)]) { x throws(TensorError) in
            try .add(x[0], x[1]) },
        Case(name: "subtract, broadcast", inputs: [input([3, 4], seed: 19), input([1, 4], seed: 20)]) { x throws(TensorError) in
            try .subtract(x[0], x[1]) },
        Case(name: "multiply, broadcast", inputs: [input([2, 3, 4], seed: 21), input([3, 1], seed: 22)]) { x throws(TensorError) in
            try .multiply(x[0], x[1]) },
        Case(name: "multiply, same shape", inputs: [input([3, 4], seed: 23), input([3, 4], seed: 24)]) { x throws(TensorError) in
            try .multiply(x[0], x[1]) },
        Case(name: "scale", inputs: [input([3, 4], seed: 25)]) { x in x[0].scaled(by: 0.37) },
        Case(name: "exp", inputs: [input([3, 4], seed: 26)]) { x in x[0].exp() },
        Case(name: "log", inputs: [input([3, 4], seed: 27, positive: true)]) { x in x[0].log() },
        Case(name: "relu", inputs: [input([3, 4], seed: 28, margin: 0.05)]) { x in x[0].relu() },
        Case(name: "gelu", inputs: [input([3, 4], seed: 29)]) { x in x[0].gelu() },
        Case(name: "softmax", inputs: [input([2, 3, 4], seed: 30)]) { x throws(TensorError) in try x[0].softmax() },
        Case(name: "softmax with a causal mask", inputs: [input([2, 4, 4], seed: 31)]) { x throws(TensorError) in
            try Node.add(x[0], .constant(Tensor.causalMask(4))).softmax() },
        Case(name: "layernorm", inputs: [input([3, 5], seed: 32)]) { x throws(TensorError) in try x[0].layerNorm() },
        Case(name: "reshape", inputs: [input([2, 3, 4], seed: 33)]) { x throws(TensorError) in
            try .multiply(x[0].reshaped([6, 4]), .constant(input([6, 4], seed: 34))) },
        Case(name: "transpose", inputs: [input([2, 3, 4], seed: 35)]) { x throws(TensorError) in
            try .multiply(x[0].transposed([2, 0, 1]), .constant(input([4, 2, 3], seed: 36))) },
        Case(name: "slice", inputs: [input([2, 5, 3], seed: 37)]) { x throws(TensorError) in
            try x[0].sliced(axis: 1, 1..<4).exp() },
        Case(name: "index rows (embedding lookup)", inputs: [input([5, 3], seed: 38)]) { x throws(TensorError) in
            try x[0].rows([4, 0, 4, 2, 1, 4], shape: [2, 3]).exp() },
        Case(name: "sum over everything", inputs: [input([3, 4], seed: 39)]) { x throws(TensorError) in
            try x[0].exp().sum() },
        Case(name: "sum over an axis", inputs: [input([2, 3, 4], seed: 40)]) { x throws(TensorError) in
            try x[0].sum(axis: 1) },
        Case(name: "mean over the last axis, kept", inputs: [input([2, 3, 4], seed: 41)]) { x throws(TensorError) in
            try Node.multiply(x[0], x[0].mean(axis: -1, keepdims: true)) },
        Case(name: "cross-entropy", inputs: [input([4, 5], seed: 42)]) { x throws(TensorError) in
            try .crossEntropy(x[0], targets: [1, 4, 0, 4], weights: [1, 0, 1, 1]) },
    ] + AttentionModel.gradientCases
}

extension GradientCheck {
    /// The largest relative error a rule may show.
    public static let tolerance = 1e-6
}
