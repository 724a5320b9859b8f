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
        switch storage {
        case .float32(let packed):
            return Tensor(shape: [rows.count, inputs], data: rows.flatMap { o in (0..<inputs).map { packed.at(o, $0) } })
        case .float64(let weight):
            return Tensor(shape: [rows.count, inputs], data: Array(weight.data[(rows.lowerBound * inputs)..<(rows.upperBound * inputs)]))
        }
    }

    /// All of W, outputs × inputs.
    public var weight: Tensor { weightRows(0..<outputs) }

    /// The same formula as the float32 kernel's (CKernels/linear.c), in Swift.
    static func gelu(_ x: Double) -> Double {
        0.5 * x * (1 + erf(x * 0.7071067811865476))
    }
}
