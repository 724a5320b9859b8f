#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Tensors

/// `y = x Wᵀ + b`, with W stored as PyTorch stores it: one row per output.
public struct Linear: Sendable {
    public let outputs: Int, inputs: Int
    public let bias: Tensor
    let storage: Storage

    /// The forward pass runs in float32 like the checkpoint and PyTorch (the model's own
    /// kernel), or in float64 through `@` (OpenBLAS dgemm) for checks against a float64 reference.
    enum Storage: Sendable {
        case float32(PackedWeights)
        case float64(Tensor)
    }

    init(outputs: Int, inputs: Int, bias: Tensor, storage: Storage) {
        self.outputs = outputs
        self.inputs = inputs
        self.bias = bias
        self.storage = storage
    }

    /// A layer from W (outputs × inputs) and b, multiplied at `precision`.
    init(weight: Tensor, bias: Tensor, precision: BertModel.Precision) {
        let (outputs, inputs) = (weight.shape[0], weight.shape[1])
        switch precision {
        case .float32:
            self.init(outputs: outputs, inputs: inputs, bias: bias,
                      storage: .float32(PackedWeights(weight.data.map { Float($0) }, outputs: outputs, inputs: inputs)))
        case .float64:
            self.init(outputs: outputs, inputs: inputs, bias: bias, storage: .float64(weight))
        }
    }

    /// `x @ Wᵀ + b` (plus `residual`, the same shape as the result, when given), then
    /// `activation`, for the rows of x (tokens × inputs → tokens × outputs); labels of x's rows kept.
    public func callAsFunction(_ x: Tensor, activation: Activation = .identity, adding residual: Tensor? = nil) throws(TensorError) -> Tensor {
        switch storage {
        case .float32(let packed):
            return try packed.apply(x, bias: bias, residual: residual, activation: activation)
        case .float64(let weight):
            var y = try Tensor.binary(.add, Tensor.matmul(x, weight, transposeB: true), bias)
            if let residual { y = try Tensor.binary(.add, y, residual) }
            return activation == .gelu ? y.map(Linear.gelu) : y
        }
    }

    /// Rows `rows` of W (those outputs × inputs), as Doubles: float32 weights widen exactly.
    public func weightRows(_ rows: Range<Int>) -> Tensor {
        var data = [Double](repeating: 0, count: rows.count * inputs)
        for (i, o) in rows.enumerated() {
            for k in 0..<inputs {
                switch storage {
                case .float32(let packed): data[i * inputs + k] = packed.at(o, k)
                case .float64(let weight): data[i * inputs + k] = weight.data[o * inputs + k]
                }
            }
        }
        return Tensor(shape: [rows.count, inputs], data: data)
    }

    /// All of W, outputs × inputs.
    public var weight: Tensor { weightRows(0..<outputs) }

    /// The same formula as the float32 kernel's (CKernels/linear.c), in Swift.
    static func gelu(_ x: Double) -> Double {
        0.5 * x * (1 + erf(x * 0.7071067811865476))
    }
}

/// Layer normalisation with a learned scale and shift.
public struct LayerNorm: Sendable {
    public let gamma: Tensor
    public let beta: Tensor
    public let eps: Double

    /// Each row: subtract its mean, divide by √(variance + ε) (the biased variance, as in
    /// PyTorch), then scale by γ and shift by β. Labels of x's rows kept.
    public func callAsFunction(_ x: Tensor) throws(TensorError) -> Tensor {
        let n = gamma.count
        guard x.rank == 2, x.shape[1] == n, beta.count == n else { throw .broadcast(x.shape, [n]) }
        let rows = x.shape[0]
        let out = [Double](unsafeUninitializedCapacity: x.count) { out, initialized in
            x.data.withUnsafeBufferPointer { x in
                gamma.data.withUnsafeBufferPointer { g in
                    beta.data.withUnsafeBufferPointer { b in
                        for r in 0..<rows {
                            let row = x.baseAddress! + r * n, o = out.baseAddress! + r * n
                            let mean = LayerNorm.sum(row, n) { $0 } / Double(n)
                            let variance = LayerNorm.sum(row, n) { ($0 - mean) * ($0 - mean) } / Double(n)
                            let inverse = 1 / (variance + eps).squareRoot()
                            for i in 0..<n { o[i] = (row[i] - mean) * inverse * g[i] + b[i] }
                        }
                    }
                }
            }
            initialized = x.count
        }
        return Tensor(shape: x.shape, data: out, labels: [x.labels[0], nil])
    }

    /// Σ f(x[i]) in eight running sums: one sum would wait on each addition in turn.
    @inline(__always)
    static func sum(_ x: UnsafePointer<Double>, _ n: Int, _ f: (SIMD8<Double>) -> SIMD8<Double>) -> Double {
        var sums = SIMD8<Double>(repeating: 0)
        var i = 0
        while i + 8 <= n {
            sums += f(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<Double>.self))
            i += 8
        }
        var total = sums.sum()
        while i < n { total += f(SIMD8<Double>(repeating: x[i]))[0]; i += 1 }
        return total
    }
}

/// The weights of one encoder layer.
public struct EncoderLayerWeights: Sendable {
    public let query: Linear, key: Linear, value: Linear
    /// Mixes the heads' concatenated outputs back into the residual stream.
    public let attentionOutput: Linear
    public let attentionNorm: LayerNorm
    /// The feed-forward block: hidden → intermediate (then GELU) → hidden.
    public let intermediate: Linear, output: Linear
    public let outputNorm: LayerNorm
}

/// Reading a model's tensors by their Hugging Face names, with their shapes checked.
struct WeightReader {
    let file: SafeTensorsFile
    /// `""`, or `"bert."` for checkpoints saved from BertForPreTraining and similar.
    let prefix: String

    init(file: SafeTensorsFile) {
        self.file = file
        prefix = file.entry("embeddings.word_embeddings.weight") == nil && file.entry("bert.embeddings.word_embeddings.weight") != nil ? "bert." : ""
    }

    func name(_ n: String) -> String { prefix + n }

    func tensor(_ n: String, shape: [Int]) throws(ModelError) -> Tensor {
        let entry = try file.require(name(n))
        guard entry.shape == shape else {
            throw ModelError(.malformed, "\(file.path): '\(name(n))' has shape \(entry.shape), but config.json implies \(shape)")
        }
        return try file.tensor(name(n))
    }

    func check(_ n: String, shape: [Int]) throws(ModelError) {
        let entry = try file.require(name(n))
        guard entry.shape == shape else {
            throw ModelError(.malformed, "\(file.path): '\(name(n))' has shape \(entry.shape), but config.json implies \(shape)")
        }
    }

    func linear(_ n: String, outputs: Int, inputs: Int, precision: BertModel.Precision) throws(ModelError) -> Linear {
        let bias = try tensor(n + ".bias", shape: [outputs])
        switch precision {
        case .float32:
            try check(n + ".weight", shape: [outputs, inputs])
            let packed = PackedWeights(try file.floats(name(n + ".weight")), outputs: outputs, inputs: inputs)
            return Linear(outputs: outputs, inputs: inputs, bias: bias, storage: .float32(packed))
        case .float64:
            return Linear(outputs: outputs, inputs: inputs, bias: bias, storage: .float64(try tensor(n + ".weight", shape: [outputs, inputs])))
        }
    }

    func norm(_ n: String, size: Int, eps: Double) throws(ModelError) -> LayerNorm {
        LayerNorm(gamma: try tensor(n + ".weight", shape: [size]), beta: try tensor(n + ".bias", shape: [size]), eps: eps)
    }

    func layer(_ i: Int, _ c: BertConfig, _ precision: BertModel.Precision) throws(ModelError) -> EncoderLayerWeights {
        let p = "encoder.layer.\(i)."
        let d = c.hiddenSize
        return EncoderLayerWeights(
            query: try linear(p + "attention.self.query", outputs: d, inputs: d, precision: precision),
            key: try linear(p + "attention.self.key", outputs: d, inputs: d, precision: precision),
            value: try linear(p + "attention.self.value", outputs: d, inputs: d, precision: precision),
            attentionOutput: try linear(p + "attention.output.dense", outputs: d, inputs: d, precision: precision),
            attentionNorm: try norm(p + "attention.output.LayerNorm", size: d, eps: c.layerNormEps),
            intermediate: try linear(p + "intermediate.dense", outputs: c.intermediateSize, inputs: d, precision: precision),
            output: try linear(p + "output.dense", outputs: d, inputs: c.intermediateSize, precision: precision),
            outputNorm: try norm(p + "output.LayerNorm", size: d, eps: c.layerNormEps))
    }
}
