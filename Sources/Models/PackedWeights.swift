import CKernels
import Tensors

/// A weight matrix in float32 panels, as the model's matrix kernel reads it
/// (Sources/CKernels/linear.c). Packed once when the model loads; never changed after.
final class PackedWeights: @unchecked Sendable {
    /// W is outputs × inputs, one row per output, as PyTorch stores a Linear layer.
    let outputs: Int, inputs: Int
    private let panels: UnsafeMutablePointer<Float>

    /// Packs a W of outputs × inputs that `fill` hands over a block of rows at a time:
    /// `fill(put)` calls `put(rows, count, first)` with `count` rows of W (row-major) that
    /// are rows `first ..< first + count`, until every row has been put.
    init(outputs: Int, inputs: Int,
         _ fill: (_ put: (UnsafePointer<Float>, Int, Int) -> Void) throws(ModelError) -> Void) throws(ModelError) {
        precondition(outputs > 0 && inputs > 0)
        self.outputs = outputs
        self.inputs = inputs
        guard let panels = attn_panels_allocate(Int32(outputs), Int32(inputs)) else {
            throw ModelError(.unsupported, "not enough memory for a \(outputs) × \(inputs) weight matrix")
        }
        self.panels = panels
        try fill { rows, count, first in
            precondition(first >= 0 && count >= 0 && first + count <= outputs)
            attn_pack_rows(rows, Int32(count), Int32(inputs), Int32(first), panels)
        }
    }

    /// Packs `w`, row-major outputs × inputs.
    convenience init(_ w: [Float], outputs: Int, inputs: Int) {
        precondition(w.count == outputs * inputs)
        try! self.init(outputs: outputs, inputs: inputs) { put in put(w, outputs, 0) }
    }

    deinit { attn_panels_free(panels, Int32(outputs), Int32(inputs)) }

    /// `x @ Wᵀ + bias (+ residual)`, then `activation`, for the rows of x (rows × inputs → rows × outputs).
    func apply(_ x: Tensor, bias: Tensor, residual: Tensor?, activation: Activation) throws(TensorError) -> Tensor {
        guard x.rank == 2, x.shape[1] == inputs, bias.count == outputs else { throw .matmul(x.shape, [inputs, outputs]) }
        let rows = x.shape[0]
        if let residual, residual.shape != [rows, outputs] { throw .broadcast(residual.shape, [rows, outputs]) }
        try Memory.reserve(elements: rows * outputs)
        var status: Int32 = 0
        let y = [Double](unsafeUninitializedCapacity: rows * outputs) { out, initialized in
            status = x.data.withUnsafeBufferPointer { px in
                bias.data.withUnsafeBufferPointer { pb in
                    (residual?.data ?? []).withUnsafeBufferPointer { pr in
                        attn_linear(panels, Int32(outputs), Int32(inputs), px.baseAddress, Int32(rows), pb.baseAddress,
                                    residual == nil ? nil : pr.baseAddress,
                                    Int32(activation == .gelu ? ATTN_GELU.rawValue : ATTN_IDENTITY.rawValue), out.baseAddress)
                    }
                }
            }
            if status != 0 { out.initialize(repeating: 0) }
            initialized = rows * outputs
        }
        if status != 0 { throw .invalidArgument("not enough memory for a \(rows)-row product with the model's weights") }
        return Tensor(shape: [rows, outputs], data: y, labels: [x.labels[0], nil])
    }

    /// W[output][input], widened exactly to a Double.
    func at(_ output: Int, _ input: Int) -> Double {
        Double(attn_packed_at(panels, Int32(inputs), Int32(output), Int32(input)))
    }
}

/// What a Linear layer applies to its outputs after the bias.
public enum Activation: Sendable {
    case identity
    /// GELU in its exact form, x·Φ(x) = x/2·(1 + erf(x/√2)): Hugging Face's "gelu", not the tanh approximation.
    case gelu
}

/// Runs `body(i)` for every i in 0..<count on the kernel's threads (the caller's among them)
/// and returns when all are done. `body` runs on several threads at once and the compiler
/// does not check that this is safe: the caller answers for each i touching only its own
/// part of the output.
func parallelFor(_ count: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let box = Unmanaged.passRetained(TaskBox(body))
        defer { box.release() }
        attn_parallel({ context, i in
            Unmanaged<TaskBox>.fromOpaque(context!).takeUnretainedValue().body(Int(i))
        }, box.toOpaque(), Int32(count))
    }
}

private final class TaskBox {
    let body: (Int) -> Void
    init(_ body: @escaping (Int) -> Void) { self.body = body }
}
