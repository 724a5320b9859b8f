import Tensors

/// A toy problem that only attention can solve, with the pattern its head should learn.
///
/// Copying the input is deliberately not one: a model can copy without looking anywhere
/// else (each position already holds its answer), so its attention would show nothing.
public struct Task: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Output position i is input position T−1−i: every query needs its mirror key.
        case reverse
        /// Output position i is input position i−1, under a causal mask.
        case previousToken = "previous-token"
    }

    public var kind: Kind
    /// Tokens are 0 ..< vocabulary.
    public var vocabulary: Int
    /// T: tokens per sequence.
    public var length: Int

    public init(_ kind: Kind, length: Int? = nil, vocabulary: Int = 10) {
        self.kind = kind
        self.length = length ?? Task.defaultLength
        self.vocabulary = vocabulary
    }

    public static let defaultLength = 8
    /// Lengths that train in seconds (longer ones need more steps than the defaults).
    public static let lengths = 2...32

    /// Whether each query sees only itself and earlier keys.
    public var causal: Bool { kind == .previousToken }

    /// What the task says in one line.
    public var summary: String {
        switch kind {
        case .reverse: return "output the \(length) input tokens in reverse order"
        case .previousToken: return "at each position output the token before it (a causal mask hides later ones)"
        }
    }

    /// The key each query should attend to most, or nil where the task asks nothing of
    /// that query (the first position of previous-token has no previous token).
    public func expectedKey(query i: Int) -> Int? {
        switch kind {
        case .reverse: return length - 1 - i
        case .previousToken: return i == 0 ? nil : i - 1
        }
    }

    /// The answer at each position of one sequence, and whether that position counts.
    public func targets(_ sequence: [Int]) -> (targets: [Int], weights: [Double]) {
        let positions = 0..<sequence.count
        let targets = positions.map { i in expectedKey(query: i).map { sequence[$0] } ?? 0 }
        let weights = positions.map { expectedKey(query: $0) == nil ? 0.0 : 1.0 }
        return (targets, weights)
    }

    /// A batch of random sequences, one after another.
    public struct Batch: Sendable {
        public var ids: [Int]
        public var targets: [Int]
        public var weights: [Double]
        public var count: Int
    }

    /// `count` sequences of uniformly random tokens drawn from `g`.
    public func batch(_ count: Int, using g: inout RandomGenerator) -> Batch {
        var b = Batch(ids: [], targets: [], weights: [], count: count)
        for _ in 0..<count {
            let s = (0..<length).map { _ in min(vocabulary - 1, Int(g.uniform() * Double(vocabulary))) }
            let (t, w) = targets(s)
            b.ids += s
            b.targets += t
            b.weights += w
        }
        return b
    }

    /// The model this task trains by default.
    public func model(positions: AttentionModel.Positions = .learned) -> AttentionModel.Config {
        AttentionModel.Config(vocabulary: vocabulary, length: length, width: 32, keyWidth: 32,
                              positions: positions, causal: causal)
    }

    /// Whether an attention matrix (T × T, rows = queries) shows the task's pattern: each
    /// query's strongest key is the expected one, and under a causal mask nothing above
    /// the diagonal has any weight.
    public func patternHolds(_ attention: Tensor) -> Bool {
        guard attention.shape == [length, length] else { return false }
        for i in 0..<length {
            let row = Array(attention.data[(i * length)..<((i + 1) * length)])
            if causal, row[(i + 1)...].contains(where: { $0 != 0 }) { return false }
            guard let want = expectedKey(query: i) else { continue }
            let best = row.indices.max { row[$0] < row[$1] }!
            if best != want { return false }
        }
        return true
    }
}
