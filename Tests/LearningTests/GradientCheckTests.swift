import Testing
@testable import Learning
import Tensors

@Suite struct GradientCheckTests {
    @Test(arguments: GradientCheck.cases.map(\.name))
    func ruleMatchesFiniteDifferences(_ name: String) throws {
        let c = try #require(GradientCheck.cases.first { $0.name == name })
        let result = try GradientCheck.check(c)
        #expect(result.entries > 0)
        #expect(result.relativeError <= 1e-6, "\(name): relative error \(result.relativeError)")
    }
}

extension GradientCheckTests {
    /// The check must be able to fail: a rule off by a factor, or with a sign error, is caught.
    @Test func aWrongRuleIsCaught() throws {
        let doubled = GradientCheck.Case(name: "exp with a doubled derivative", inputs: [GradientCheck.input([3, 4], seed: 1)]) { x in
            let out = x[0].value.unary(.exp)
            return Node(out, name: "bad exp", parents: [x[0]]) { g throws(TensorError) in
                [try Tensor.binary(.multiply, g, out).map { $0 * 2 }]
            }
        }
        #expect(try GradientCheck.check(doubled).relativeError > 0.1)
        let transposed = GradientCheck.Case(name: "matmul forgetting a transpose", inputs: [GradientCheck.input([3, 3], seed: 2), GradientCheck.input([3, 3], seed: 3)]) { x throws(TensorError) in
            let out = try Tensor.matmul(x[0].value, x[1].value)
            return Node(out, name: "bad matmul", parents: [x[0], x[1]]) { g throws(TensorError) in
                [try Tensor.matmul(g, x[1].value), try Tensor.matmul(x[0].value, g, transposeA: true)]
            }
        }
        #expect(try GradientCheck.check(transposed).relativeError > 0.1)
    }

    @Test func everyRuleIsCovered() {
        let names = GradientCheck.cases.map(\.name).joined(separator: " ")
        for rule in ["matmul", "Aᵀ", "Bᵀ", "batched", "add", "multiply", "exp", "log", "softmax", "layernorm", "relu", "gelu",
                     "reshape", "transpose", "slice", "index rows", "sum", "mean", "cross-entropy", "attention model"] {
            #expect(names.contains(rule), "no gradient check mentions \(rule)")
        }
    }
}
