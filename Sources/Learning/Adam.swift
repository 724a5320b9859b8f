#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Adam (Kingma and Ba, 2015): each weight moves by its gradient's running mean divided
/// by the running root-mean-square, so every weight takes steps of about the learning
/// rate whatever the scale of its gradient.
public struct Adam: Sendable {
    public var learningRate: Double
    public var beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8
    /// Steps taken so far (for the bias correction of the running means).
    public private(set) var steps = 0
    private var first: [String: [Double]] = [:], second: [String: [Double]] = [:]

    public init(learningRate: Double) {
        self.learningRate = learningRate
    }

    /// Moves every parameter against its gradient; `rate` overrides the learning rate for
    /// this step (a schedule).
    public mutating func step(_ parameters: inout Parameters, gradients: [String: Tensor], rate: Double? = nil) {
        steps += 1
        let lr = rate ?? learningRate
        let correction1 = 1 - pow(beta1, Double(steps)), correction2 = 1 - pow(beta2, Double(steps))
        for name in parameters.names {
            guard let g = gradients[name], var p = parameters[name] else { continue }
            var m = first[name] ?? [Double](repeating: 0, count: g.count)
            var v = second[name] ?? [Double](repeating: 0, count: g.count)
            for i in 0..<g.count {
                let gi = g.data[i]
                m[i] = beta1 * m[i] + (1 - beta1) * gi
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                p.data[i] -= lr * (m[i] / correction1) / ((v[i] / correction2).squareRoot() + epsilon)
            }
            first[name] = m
            second[name] = v
            parameters[name] = p
        }
    }
}

/// The weights of a model by name, in a fixed order (the order they are shown and saved).
public struct Parameters: Sendable, Equatable {
    public private(set) var names: [String] = []
    private var values: [String: Tensor] = [:]

    public init() {}

    public subscript(name: String) -> Tensor? {
        get { values[name] }
        set {
            if values[name] == nil, newValue != nil { names.append(name) }
            values[name] = newValue
            if newValue == nil { names.removeAll { $0 == name } }
        }
    }

    /// The number of weights, all tensors together.
    public var count: Int { values.values.reduce(0) { $0 + $1.count } }
}
