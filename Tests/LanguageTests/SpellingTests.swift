import Testing
@testable import Language

/// NumPy's and PyTorch's spellings parse to the very tree of the language's own spelling,
/// so whatever reads the tree (the interpreter, a grader's repairs) treats them alike.
@Suite struct SpellingTests {
    @Test(arguments: [
        ("np.exp(S)", "exp(S)"),
        ("numpy.tanh(S)", "tanh(S)"),
        ("S.sum(axis=1)", "sum(S, axis=1)"),
        ("S.sum(1)", "sum(S, axis=1)"),
        ("S.mean(dim=-1, keepdim=True)", "mean(S, axis=-1, keepdims=True)"),
        ("S.softmax(dim=0)", "softmax(S, axis=0)"),
        ("S.softmax(-1)", "softmax(S, axis=-1)"),
        ("torch.softmax(S, dim=-1)", "softmax(S, axis=-1)"),
        ("F.softmax(S, dim=-1)", "softmax(S, axis=-1)"),
        ("torch.nn.functional.softmax(S, dim=1)", "softmax(S, axis=1)"),
        ("np.matmul(Q, K.T)", "Q @ K.T"),
        ("torch.matmul(Q, K.T)", "Q @ K.T"),
        ("Q.matmul(K.T)", "Q @ K.T"),
        ("K.transpose(-2, -1)", "swapaxes(K, -2, -1)"),
        ("torch.transpose(K, 0, 1)", "swapaxes(K, 0, 1)"),
        ("K.transpose()", "K.T"),
        ("K.t()", "K.T"),
        ("K.transpose(2, 0, 1)", "transpose(K, [2, 0, 1])"),
        ("K.permute(2, 0, 1)", "transpose(K, [2, 0, 1])"),
        ("np.concatenate([A, B], axis=1)", "concat(A, B, axis=1)"),
        ("torch.cat([A, B], dim=1)", "concat(A, B, axis=1)"),
        ("concatenate([A, B])", "concat(A, B)"),
        ("np.stack([A, B])", "stack(A, B)"),
        ("S.masked_fill(M, -inf)", "where(M, -inf, S)"),
        ("np.tril(S, k=-1)", "tril(S, k=-1)"),
        ("torch.triu(S, diagonal=1)", "triu(S, k=1)"),
        ("x.reshape(2, 3)", "reshape(x, 2, 3)"),
        ("x.view(-1)", "reshape(x, -1)"),
        ("x.flatten()", "reshape(x, -1)"),
        ("np.pi", "pi"),
        ("np.newaxis", "None"),
        ("np.add(a, b)", "a + b"),
        ("np.square(a)", "a ** 2"),
        ("np.array([[1, 2], [3, 4]])", "[[1, 2], [3, 4]]"),
        ("a & b", "logical_and(a, b)"),
        ("~a | b", "logical_or(logical_not(a), b)"),
        ("(S > 0) & (S < 1)", "logical_and(S > 0, S < 1)"),
        ("np.linalg.norm(x, axis=1)", "norm(x, axis=1)"),
        ("x.var(dim=0)", "var(x, axis=0, ddof=1)"),
        ("x.var(axis=0)", "var(x, axis=0)"),
        ("np.ones((2, 3), dtype=bool)", "astype(ones([2, 3]), \"bool\")"),
        ("x.astype(bool)", "astype(x, \"bool\")"),
        ("x.max(dim=1).indices", "argmax(x, axis=1)"),
        ("torch.permute(x, (1, 0))", "transpose(x, axes=[1, 0])"),
        ("np.clip(x, 0, 1)", "clip(x, a_min=0, a_max=1)"),
    ])
    func spellingsParseToTheSameTree(_ foreign: String, _ own: String) throws {
        #expect(sexpr(try Parser.parseExpression(foreign)) == sexpr(try Parser.parseExpression(own)))
    }

    @Test func spansStayTheLearnersText() throws {
        let e = try Parser.parseExpression("np.exp(S)")
        #expect(e.span == SourceSpan(0, 9))
        guard case let .call(f, _) = e.kind else { Issue.record("not a call"); return }
        #expect(f.span == SourceSpan(0, 6))
    }

    @Test(arguments: ["np", "numpy", "torch", "math", "nn"])
    func namespacesCannotBeAssigned(_ name: String) {
        let i = Interpreter()
        let (_, error) = i.run("\(name) = 3")
        #expect(error?.kind == .name)
    }

    @Test func aVariableCalledFKeepsItsMethods() {
        let i = Interpreter()
        let (outcomes, error) = i.run("F = [[1, 2], [3, 4]]; F.sum(axis=0); F.T; F.softmax(dim=-1)")
        #expect(error == nil)
        #expect(outcomes.count == 4)
        #expect(outcomes[1].value?.tensor?.data == [4, 6])
    }

    @Test(arguments: [
        ("np.fft.fft(x)", "np.fft is not available here"),
        ("np.sort(x)", "np.sort is not available here"),
        ("np.expp(x)", "np.expp is not available here"),
        ("x.foo()", "a tensor has no attribute or method '.foo'"),
        ("x.masked_fill_(x > 0, 0)", "changes a tensor in place"),
        ("import scipy", "there is no module scipy here"),
        ("import numpy as nump", "numpy is known here as np or numpy, not nump"),
        ("np", "np is NumPy's namespace, not a value"),
    ])
    func unsupportedSpellingsAreRefusedWithAName(_ source: String, _ message: String) {
        let i = Interpreter()
        _ = i.run("x = [1.0, 2.0]")
        let (_, error) = i.run(source)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
        #expect(error?.span != nil)
    }
}
