import Tensors

extension Builtins {
    static let recurrent: [Builtin] = [
        Builtin("rnn(X, Wx, Wh, h0=None)", "a recurrent network over the rows of X, one step per token: h_t = tanh(x_t @ Wx + h_{t-1} @ Wh); all hidden states") { c throws(LanguageError) in
            let x = try c.tensor("X"), wx = try c.tensor("Wx"), wh = try c.tensor("Wh")
            let h0 = c.has("h0") ? try c.tensor("h0") : nil
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.rnn(x, wx, wh, initial: h0) })
        },
        Builtin("rnn_influence(X, Wx, Wh)", "for each token, how much it still moves the RNN's last hidden state (norm of ∂h_last/∂x_t)") { c throws(LanguageError) in
            let x = try c.tensor("X"), wx = try c.tensor("Wx"), wh = try c.tensor("Wh")
            return .tensor(try c.engine { () throws(TensorError) in try Tensor.rnnInfluence(x, wx, wh) })
        },
    ]
}
