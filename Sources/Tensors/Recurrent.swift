#if canImport(Glibc)
import Glibc
#endif

/// A plain recurrent network, for the lessons that compare recurrence with attention.
///
/// One step per token, each waiting for the one before: h_t = tanh(x_t·Wx + h_{t−1}·Wh),
/// with h_0 = 0 unless given. Row vectors throughout, as in the rest of the language.
extension Tensor {
    /// Every hidden state, tokens × d_h, rows labelled like the input's.
    public static func rnn(_ x: Tensor, _ wx: Tensor, _ wh: Tensor, initial: Tensor? = nil) throws(TensorError) -> Tensor {
        let (n, dh) = try rnnShapes(x, wx, wh, initial)
        var h = initial?.data ?? [Double](repeating: 0, count: dh)
        var out = [Double]()
        out.reserveCapacity(n * dh)
        let input = try matmul(Tensor(shape: x.shape, data: x.data), Tensor(shape: wx.shape, data: wx.data))
        for t in 0..<n {
            try Interrupt.check()
            var next = Array(input.data[(t * dh)..<((t + 1) * dh)])
            for i in 0..<dh {
                for j in 0..<dh { next[j] += h[i] * wh.data[i * dh + j] }
            }
            h = next.map { Glibc.tanh($0) }
            out += h
        }
        return Tensor(shape: [n, dh], data: out, labels: [x.labels[0], nil])
    }

    /// For each token t, how strongly it still moves the last hidden state: the size
    /// (Frobenius norm) of the Jacobian ∂h_n/∂x_t. Attention links every token to the
    /// output in one step; here the signal passes through n − t steps and usually fades.
    public static func rnnInfluence(_ x: Tensor, _ wx: Tensor, _ wh: Tensor) throws(TensorError) -> Tensor {
        let (n, dh) = try rnnShapes(x, wx, wh, nil)
        let d = x.shape[1]
        let h = try rnn(x, wx, wh)
        // Backwards from the last step: M = ∂h_n/∂h_t, starting at the identity.
        var m = [Double](repeating: 0, count: dh * dh)
        for i in 0..<dh { m[i * dh + i] = 1 }
        var norms = [Double](repeating: 0, count: n)
        for t in stride(from: n - 1, through: 0, by: -1) {
            try Interrupt.check()
            // MD = M · diag(1 − h_t²): the derivative through this step's tanh.
            var md = m
            for j in 0..<dh {
                let slope = 1 - h.data[t * dh + j] * h.data[t * dh + j]
                for i in 0..<dh { md[i * dh + j] *= slope }
            }
            // ∂h_n/∂x_t = MD · Wxᵀ  (d_h × d); ∂h_n/∂h_{t−1} = MD · Whᵀ.
            var sum = 0.0
            for i in 0..<dh {
                // Each i costs d·d_h (and d_h² below): at d_h = 7000 a step takes minutes, so
                // Ctrl-C is polled per row, not per step.
                try Interrupt.check()
                for k in 0..<d {
                    var s = 0.0
                    for j in 0..<dh { s += md[i * dh + j] * wx.data[k * dh + j] }
                    sum += s * s
                }
            }
            norms[t] = sum.squareRoot()
            var next = [Double](repeating: 0, count: dh * dh)
            for i in 0..<dh {
                try Interrupt.check()
                for k in 0..<dh {
                    var s = 0.0
                    for j in 0..<dh { s += md[i * dh + j] * wh.data[k * dh + j] }
                    next[i * dh + k] = s
                }
            }
            m = next
        }
        return Tensor(shape: [n], data: norms, labels: [x.labels[0]])
    }

    static func rnnShapes(_ x: Tensor, _ wx: Tensor, _ wh: Tensor, _ h0: Tensor?) throws(TensorError) -> (Int, Int) {
        guard x.rank == 2 else { throw .invalidArgument("the inputs must be a matrix, tokens × d (got \(Shape.text(x.shape)))") }
        guard wx.rank == 2, wx.shape[0] == x.shape[1] else {
            throw .invalidArgument("Wx must be d × d_h with d = \(x.shape[1]) rows to match the inputs (got \(Shape.text(wx.shape)))")
        }
        let dh = wx.shape[1]
        guard wh.shape == [dh, dh] else { throw .invalidArgument("Wh must be d_h × d_h = \(dh)×\(dh) (got \(Shape.text(wh.shape)))") }
        if let h0, h0.count != dh { throw .invalidArgument("the initial state must have d_h = \(dh) numbers (got \(Shape.text(h0.shape)))") }
        return (x.shape[0], dh)
    }
}
