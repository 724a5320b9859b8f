#if canImport(Glibc)
import Glibc
#endif
import Tensors

/// Functions applied to every element, each with its derivative.
extension Node {
    /// eˣ. d/dx eˣ = eˣ, so the backward rule reuses the forward result.
    public func exp() -> Node {
        let out = value.unary(.exp)
        return Node(out, name: "exp", parents: [self]) { g throws(TensorError) in
            [try Tensor.binary(.multiply, g, out)]
        }
    }

    /// ln x. d/dx ln x = 1/x.
    public func log() -> Node {
        let x = value
        return Node(x.unary(.log), name: "log", parents: [self]) { g throws(TensorError) in
            [try Tensor.binary(.divide, g, x)]
        }
    }

    /// max(x, 0). The derivative is 1 where x > 0 and 0 elsewhere (0 at the kink itself).
    public func relu() -> Node {
        let x = value
        return Node(x.unary(.relu), name: "relu", parents: [self]) { g throws(TensorError) in
            [try Tensor.elementwise(g, x) { gi, xi in xi > 0 ? gi : 0 }]
        }
    }

    /// GELU, x·Φ(x) with Φ the standard normal distribution function (the exact form,
    /// through erf). d/dx = Φ(x) + x·φ(x), φ the normal density.
    public func gelu() -> Node {
        let x = value
        let out = x.map { $0 * Node.normalCDF($0) }
        return Node(out, name: "gelu", parents: [self]) { g throws(TensorError) in
            [try Tensor.elementwise(g, x) { gi, xi in
                gi * (Node.normalCDF(xi) + xi * Glibc.exp(-0.5 * xi * xi) / (2 * Double.pi).squareRoot())
            }]
        }
    }

    static func normalCDF(_ x: Double) -> Double {
        0.5 * (1 + erf(x / 2.0.squareRoot()))
    }
}
