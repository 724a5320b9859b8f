import Tensors

/// One value in a computation that can be differentiated: a tensor, the nodes it was
/// computed from, and the rule that turns the gradient of this node into gradients of
/// those parents (reverse-mode differentiation, micrograd's idea at the level of tensors).
///
/// Leaves are parameters (``parameter(_:)``, gradients wanted) or constants
/// (``constant(_:)``, no gradient). Every operation builds a new node; ``backward()`` on a
/// scalar result walks the graph once in reverse topological order and adds each node's
/// contribution into its parents' ``grad``.
public final class Node {
    /// The value computed in the forward pass.
    public let value: Tensor
    /// ∂(result)/∂(this node), filled by ``backward()``; nil until then (or for constants).
    public internal(set) var grad: Tensor?
    /// Whether a gradient flows to this node: parameters, and whatever depends on one.
    public let requiresGrad: Bool
    /// For `:vars`-like displays and error messages: what made this node.
    public let name: String

    let parents: [Node]
    /// Given the gradient of this node, the gradient of each parent (nil: none to add).
    let rule: ((Tensor) throws(TensorError) -> [Tensor?])?

    init(_ value: Tensor, name: String, parents: [Node],
         rule: @escaping (Tensor) throws(TensorError) -> [Tensor?]) {
        self.value = value
        self.name = name
        let needed = parents.contains { $0.requiresGrad }
        self.requiresGrad = needed
        // A result that depends on no parameter never needs its parents again.
        self.parents = needed ? parents : []
        self.rule = needed ? rule : nil
    }

    private init(leaf value: Tensor, name: String, requiresGrad: Bool) {
        self.value = value
        self.name = name
        self.requiresGrad = requiresGrad
        self.parents = []
        self.rule = nil
    }

    /// A leaf whose gradient is wanted: a weight of the model.
    public static func parameter(_ value: Tensor, name: String = "parameter") -> Node {
        Node(leaf: value, name: name, requiresGrad: true)
    }

    /// A leaf that is only read: data, masks, fixed positional encodings.
    public static func constant(_ value: Tensor, name: String = "constant") -> Node {
        Node(leaf: value, name: name, requiresGrad: false)
    }

    public var shape: [Int] { value.shape }

    /// Fills ``grad`` of every node this one depends on with ∂(self)/∂(node).
    /// `self` must be a single number (a loss); gradients from an earlier call are replaced.
    public func backward() throws(TensorError) {
        guard value.count == 1 else {
            throw .invalidArgument("backward() starts from a single number (a loss), not a \(Shape.text(shape)) tensor")
        }
        let order = topologicalOrder()
        for node in order { node.grad = nil }
        grad = Tensor(shape: shape, data: [1])
        for node in order.reversed() {
            guard let rule = node.rule, let g = node.grad else { continue }
            let parentGrads = try rule(g)
            for (parent, pg) in zip(node.parents, parentGrads) where parent.requiresGrad {
                guard let pg else { continue }
                precondition(pg.shape == parent.shape,
                             "the rule of \(node.name) gave a \(Shape.text(pg.shape)) gradient for a \(Shape.text(parent.shape)) input")
                parent.grad = try parent.grad.map { old throws(TensorError) in try Tensor.binary(.add, old, pg) } ?? pg
            }
        }
    }

    /// Every node reachable from this one, each after all of its parents.
    func topologicalOrder() -> [Node] {
        var order: [Node] = []
        var seen = Set<ObjectIdentifier>()
        // An explicit stack: a long chain of operations must not exhaust the call stack.
        var stack: [(Node, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard seen.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for p in node.parents where !seen.contains(ObjectIdentifier(p)) { stack.append((p, false)) }
        }
        return order
    }
}
