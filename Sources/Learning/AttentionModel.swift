import Tensors

/// The smallest model in which attention has to do the work: token embeddings, positions,
/// one (or two) single-head attention layers, and a readout to one score per token.
///
/// For one layer without residual, exactly what a learner can compute by hand:
///
///     X = E[x] + P                       tokens × d (the positions P learned or sinusoidal)
///     A = softmax(X W_Q (X W_K)ᵀ / √d_k  + mask)
///     logits = (A X W_V) W_U + b_U
///
/// With `residual` a layer adds its output back, X + (A X W_V) W_O; with `feedForward`
/// a ReLU layer follows, H + relu(H W_1 + b_1) W_2 + b_2.
public struct AttentionModel: Sendable {
    /// Where the model learns where each token is.
    public enum Positions: String, Sendable, CaseIterable {
        /// A trained table P, one row per position.
        case learned
        /// The fixed sines and cosines of `posenc`.
        case sinusoidal
        /// None: attention then cannot tell places apart.
        case none
    }

    public struct Config: Sendable, Equatable {
        public var vocabulary: Int
        public var length: Int
        /// d: the width of embeddings and positions.
        public var width: Int
        /// d_k: the width of queries, keys and values.
        public var keyWidth: Int
        public var positions: Positions
        /// Each query sees only itself and earlier keys.
        public var causal: Bool
        public var layers: Int
        public var residual: Bool
        /// The hidden width of a feed-forward layer after each attention layer, if any.
        public var feedForward: Int?

        public init(vocabulary: Int, length: Int, width: Int, keyWidth: Int, positions: Positions = .learned,
                    causal: Bool = false, layers: Int = 1, residual: Bool = false, feedForward: Int? = nil) {
            self.vocabulary = vocabulary
            self.length = length
            self.width = width
            self.keyWidth = keyWidth
            self.positions = positions
            self.causal = causal
            self.layers = layers
            self.residual = residual || layers > 1
            self.feedForward = feedForward
        }
    }

    public var config: Config
    public var parameters: Parameters

    /// The name of a per-layer weight: `W_Q` for one layer, `W_Q1`, `W_Q2` for two.
    public func name(_ base: String, layer: Int) -> String {
        config.layers == 1 ? base : base + String(layer + 1)
    }

    /// A model with random weights drawn from `g`: embeddings and learned positions
    /// standard normal, each matrix normal with variance 1/(rows), biases 0.
    public init(_ config: Config, using g: inout RandomGenerator) throws(TensorError) {
        self.config = config
        parameters = Parameters()
        let d = config.width, dk = config.keyWidth
        func normal(_ shape: [Int], _ scale: Double) throws(TensorError) -> Tensor {
            try Tensor.randn(shape, using: &g).map { $0 * scale }
        }
        parameters["E"] = try normal([config.vocabulary, d], 1)
        if config.positions == .learned { parameters["P"] = try normal([config.length, d], 1) }
        for l in 0..<config.layers {
            for w in ["W_Q", "W_K", "W_V"] { parameters[name(w, layer: l)] = try normal([d, dk], 1 / Double(d).squareRoot()) }
            if config.residual { parameters[name("W_O", layer: l)] = try normal([dk, d], 1 / Double(dk).squareRoot()) }
            if let hidden = config.feedForward {
                parameters[name("W_1", layer: l)] = try normal([d, hidden], 1 / Double(d).squareRoot())
                parameters[name("b_1", layer: l)] = try Tensor.zeros([hidden])
                parameters[name("W_2", layer: l)] = try normal([hidden, d], 1 / Double(hidden).squareRoot())
                parameters[name("b_2", layer: l)] = try Tensor.zeros([d])
            }
        }
        let readIn = config.residual ? d : dk
        parameters["W_U"] = try normal([readIn, config.vocabulary], 1 / Double(readIn).squareRoot())
        parameters["b_U"] = try Tensor.zeros([config.vocabulary])
    }

    /// What one forward pass gives.
    public struct Forward {
        /// (batch · length) × vocabulary scores.
        public var logits: Node
        /// Each layer's attention weights, batch × length × length (rows = queries).
        public var attention: [Tensor]
        /// The parameter nodes, by name, to read gradients from after `backward()`.
        public var nodes: [String: Node]
    }

    /// Runs the model on `batch` sequences of token ids (row after row). `given` supplies
    /// the parameter nodes (the gradient check perturbs them); otherwise fresh ones are made.
    public func forward(_ ids: [Int], batch: Int, nodes given: [String: Node]? = nil) throws(TensorError) -> Forward {
        var nodes = given ?? [:]
        if given == nil { for n in parameters.names { nodes[n] = Node.parameter(parameters[n]!, name: n) } }
        let t = config.length, d = config.width, dk = config.keyWidth
        guard ids.count == batch * t else { throw .invalidArgument("expected \(batch) sequences of \(t) tokens, got \(ids.count) ids") }
        var x = try nodes["E"]!.rows(ids, shape: [batch, t])
        switch config.positions {
        case .learned: x = try .add(x, nodes["P"]!)
        case .sinusoidal: x = try .add(x, .constant(Tensor.positionalEncoding(t, d), name: "posenc"))
        case .none: break
        }
        let mask = config.causal ? Node.constant(try Tensor.causalMask(t), name: "causal mask") : nil
        var attention: [Tensor] = []
        for l in 0..<config.layers {
            let flat = try x.reshaped([batch * t, d])
            func project(_ w: String) throws(TensorError) -> Node {
                try Node.matmul(flat, nodes[name(w, layer: l)]!).reshaped([batch, t, dk])
            }
            let q = try project("W_Q"), k = try project("W_K"), v = try project("W_V")
            var scores = try Node.matmul(q, k, transposeB: true).scaled(by: 1 / Double(dk).squareRoot())
            if let mask { scores = try .add(scores, mask) }
            let weights = try scores.softmax()
            attention.append(weights.value)
            let z = try Node.matmul(weights, v)
            guard config.residual else { x = z; continue }
            let out = try Node.matmul(z.reshaped([batch * t, dk]), nodes[name("W_O", layer: l)]!)
            var h = try Node.add(flat, out)
            if config.feedForward != nil {
                let hidden = try Node.add(.matmul(h, nodes[name("W_1", layer: l)]!), nodes[name("b_1", layer: l)]!).relu()
                h = try .add(h, .add(.matmul(hidden, nodes[name("W_2", layer: l)]!), nodes[name("b_2", layer: l)]!))
            }
            x = try h.reshaped([batch, t, d])
        }
        let readIn = config.residual ? d : dk
        let logits = try Node.add(.matmul(x.reshaped([batch * t, readIn]), nodes["W_U"]!), nodes["b_U"]!)
        return Forward(logits: logits, attention: attention, nodes: nodes)
    }

    /// Gradient checks of the whole model, one per shape of model, on tiny sizes: every
    /// rule composed as training composes them.
    static let gradientCases: [GradientCheck.Case] = [
        modelCase("attention model, learned positions", Config(vocabulary: 4, length: 3, width: 4, keyWidth: 3)),
        modelCase("attention model, causal, sinusoidal, residual, feed-forward",
                  Config(vocabulary: 4, length: 3, width: 4, keyWidth: 2, positions: .sinusoidal, causal: true,
                         residual: true, feedForward: 5)),
        modelCase("attention model, two layers", Config(vocabulary: 3, length: 3, width: 4, keyWidth: 2, causal: true, layers: 2)),
    ]

    /// The model's loss as a function of all its weights (in ``Parameters`` order).
    static func modelCase(_ name: String, _ config: Config) -> GradientCheck.Case {
        var g = RandomGenerator(seed: 3)
        let model = try! AttentionModel(config, using: &g)
        let ids = [0, 2, 1, 3 % config.vocabulary, 1, 1]
        let targets = [2, 0, 1, 1, 0, 2].map { $0 % config.vocabulary }
        let names = model.parameters.names
        return GradientCheck.Case(name: name, inputs: names.map { model.parameters[$0]! }) { nodes throws(TensorError) in
            let byName = Dictionary(uniqueKeysWithValues: zip(names, nodes))
            let forward = try model.forward(ids, batch: 2, nodes: byName)
            return try .crossEntropy(forward.logits, targets: targets)
        }
    }
}
