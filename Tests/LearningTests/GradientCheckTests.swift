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
