import Tensors

/// Elementwise `+`, `-` and `*` with NumPy broadcasting, and their backward rules.
///
/// Broadcasting copies an operand along the axes it lacks (or has at size 1), so in the
/// backward pass each copy's gradient must be added back into the one original element:
/// ``Node/sum(_:toShape:)`` folds a gradient back to the operand's shape.
extension Node {
    /// a + b. ∂/∂a = ∂/∂b = the incoming gradient, folded back to each shape.
    public static func add(_ a: Node, _ b: Node) throws(TensorError) -> Node {
        let out = try Tensor.binary(.add, a.value, b.value)
        return Node(out, name: "add", parents: [a, b]) { g throws(TensorError) in
            [try sum(g, toShape: a.shape), try sum(g, toShape: b.shape)]
        }
    }

    /// a − b. ∂/∂a = g, ∂/∂b = −g.
    public static func subtract(_ a: Node, _ b: Node) throws(TensorError) -> Node {
        let out = try Tensor.binary(.subtract, a.value, b.value)
        return Node(out, name: "subtract", parents: [a, b]) { g throws(TensorError) in
            [try sum(g, toShape: a.shape), try sum(g.unary(.negate), toShape: b.shape)]
        }
    }

    /// a · b elementwise. ∂/∂a = g · b, ∂/∂b = g · a (each folded back).
    public static func multiply(_ a: Node, _ b: Node) throws(TensorError) -> Node {
        let out = try Tensor.binary(.multiply, a.value, b.value)
        return Node(out, name: "multiply", parents: [a, b]) { g throws(TensorError) in
            [a.requiresGrad ? try sum(Tensor.binary(.multiply, g, b.value), toShape: a.shape) : nil,
             b.requiresGrad ? try sum(Tensor.binary(.multiply, g, a.value), toShape: b.shape) : nil]
        }
    }

    /// This node times a fixed number (e.g. 1/√d_k). ∂/∂a = g · c.
    public func scaled(by c: Double) -> Node {
        let out = value.map { $0 * c }
        return Node(out, name: "scale", parents: [self]) { g in [g.map { $0 * c }] }
    }

    /// `g` (of a broadcast result's shape) summed over the axes that broadcasting
    /// stretched, so that it has `shape` again.
    static func sum(_ g: Tensor, toShape shape: [Int]) throws(TensorError) -> Tensor {
        if g.shape == shape { return g }
        guard Tensor.broadcastShape(shape, g.shape) == g.shape else { throw .broadcast(shape, g.shape) }
        // Where each element of g lands in the smaller tensor: strides of `shape`, with 0
        // for the axes it does not have or has at size 1.
        let rank = g.rank, offset = rank - shape.count
        var own = [Int](repeating: 0, count: rank)
        var step = 1
        for axis in stride(from: rank - 1, through: offset, by: -1) {
            let size = shape[axis - offset]
            own[axis] = size == 1 ? 0 : step
            step *= size
        }
        var out = [Double](repeating: 0, count: step)
        var index = [Int](repeating: 0, count: rank)
        var target = 0
        g.data.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for i in 0..<src.count {
                    dst[target] += src[i]
                    // Advance the multi-index of g and the matching target position.
                    var axis = rank - 1
                    while axis >= 0 {
                        index[axis] += 1
                        target += own[axis]
                        if index[axis] < g.shape[axis] { break }
                        target -= own[axis] * g.shape[axis]
                        index[axis] = 0
                        axis -= 1
                    }
                }
            }
        }
        return Tensor(shape: shape, data: out)
    }
}
