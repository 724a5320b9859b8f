import Tensors
import Testing
@testable import Language

@Suite struct InterpreterTests {
    @Test func anErrorKeepsTheWorkspaceAndStopsTheLine() throws {
        let i = Interpreter()
        #expect(i.run("A = [[1, 2], [3, 4]]").error == nil)
        let (outcomes, error) = i.run("b = 1; A = A @ [1, 2, 3]; c = 2")
        #expect(outcomes.count == 1)
        #expect(error?.kind == .shape)
        #expect(i.variables["A"] == .tensor(Tensor(shape: [2, 2], data: [1, 2, 3, 4])))
        #expect(i.variables["b"] != nil)
        #expect(i.variables["c"] == nil)
        #expect(i.order == ["A", "b"])
    }

    @Test func aSyntaxErrorRunsNothingOfTheLine() {
        let i = Interpreter()
        let (outcomes, error) = i.run("a = 1; 2 3")
        #expect(outcomes.isEmpty)
        #expect(error?.kind == .syntax)
        #expect(i.variables["a"] == nil)
    }

    @Test func builtinAndConstantNamesCannotBeAssigned() {
        let i = Interpreter()
        for name in ["softmax", "pi", "inf", "True", "None", "e"] {
            let error = i.run("\(name) = 1").error
            #expect(error?.kind == .name, "\(name)")
            #expect(error?.suggestion == "choose another name, e.g. \(name)_")
        }
        #expect(i.variables.isEmpty)
    }

    @Test func originsRecordTheStatement() {
        let i = Interpreter()
        _ = i.run("X = ones(2, 2) ;  Y = X * 2")
        #expect(i.origins["X"] == "X = ones(2, 2)")
        #expect(i.origins["Y"] == "Y = X * 2")
    }

    @Test func matmulOfATransposeGivesTheSameAsACopiedTranspose() throws {
        // `.T` on an operand of @ goes to BLAS as a flag; the result must equal the explicit copy.
        let i = Interpreter()
        _ = i.run("seed(3); Q = randn(5, 3); K = randn(4, 3)")
        let fused = i.run("Q @ K.T").outcomes.first?.value
        let copied = i.run("Q @ transpose(K)").outcomes.first?.value
        #expect(fused != nil)
        #expect(fused == copied)
    }

    @Test(arguments: [
        // (source, kind, fragment of the message, suggestion or nil)
        ("Q @ K", LanguageError.Kind.shape, "`Q @ K`: Q is 4×2, K is 4×2; the inner sizes 2 and 4 differ", "did you mean `Q @ K.T`?" as String?),
        ("Q @ K.T.T", .shape, "K.T.T is 4×2", "did you mean `Q @ K.T`?"),
        ("Qᵀ @ Q @ K", .shape, "the inner sizes 2 and 4 differ", "did you mean `Qᵀ @ Q @ K.T`?"),
        ("(Q + 1) @ K", .shape, "(Q + 1) is 4×2", "did you mean `(Q + 1) @ K.T`?"),
        ("Q @ (K + 1)", .shape, "(K + 1) is 4×2", "did you mean `Q @ (K + 1).T`?"),
        ("Q @ K + 1 @ K", .shape, "`Q @ K`", "did you mean `Q @ K.T`?"),
        ("Q * K.T", .shape, "Q is 4×2, K.T is 2×4", "for a matrix product use @: `Q @ K.T`; elementwise, `Q * K`"),
        ("Q + K.T", .shape, "do not broadcast", "did you mean `Q + K`?"),
        ("Q + ones(2, 4)", .shape, "ones(2, 4) is 2×4", "did you mean `Q + ones(2, 4).T`?"),
        ("Q @ 2", .shape, "2 is a single number", "to scale, use *: Q * 2"),
        ("sofmax(Q)", .name, "'sofmax' is not defined", "did you mean softmax?"),
        ("q", .name, "'q' is not defined", "did you mean Q?"),
        ("z", .name, "'z' is not defined", nil),
        ("np.softmax(Q)", .name, "np.softmax is not available here", "NumPy has no softmax (SciPy does): write softmax(x, axis=-1), or torch.softmax(x, dim=-1)"),
        ("np.expp(Q)", .name, "np.expp is not available here", "the closest supported spelling is np.exp"),
        ("sum(Q, axis=5)", .value, "axis 5 is out of range", "the axes are 0 to 1, or -2 to -1 counting from the end"),
        ("sum(Q, axiss=1)", .type, "no argument named 'axiss'", "did you mean axis=?"),
        ("zeros(1e300)", .limit, "far beyond the limit", nil),
        ("Q[1e20]", .index, "far beyond", nil),
        ("Q[0, 0, 0]", .index, "Q has 2 axes (4×2), but 3 indices were given", nil),
        ("softmax + 1", .type, "softmax is a function", "call it with parentheses: softmax(…)"),
    ])
    func errorMessages(_ source: String, _ kind: LanguageError.Kind, _ fragment: String, _ suggestion: String?) throws {
        let i = Interpreter()
        _ = i.run("Q = ones(4, 2); K = ones(4, 2)")
        let e = try #require(i.run(source).error)
        #expect(e.kind == kind)
        #expect(e.message.contains(fragment), "\(e.message)")
        #expect(e.suggestion == suggestion)
    }

    @Test func renderPutsTheCaretUnderTheSpanOnItsOwnLine() {
        let e = LanguageError(.name, "'x' is not defined", SourceSpan(10, 11))
        #expect(e.render(source: "a = 1\nb = x + 1") == """
              b = x + 1
                  ^
              name error: 'x' is not defined
            """)
    }

    @Test func renderKeepsTheCaretAlignedAfterATab() {
        let e = LanguageError(.syntax, "oops", SourceSpan(2, 3))
        #expect(e.render(source: "\t\tx") == "    x\n    ^\n  syntax error: oops")
    }

    @Test func renderAtTheEndOfTheLine() {
        let e = LanguageError(.syntax, "the line ends where a value was expected", SourceSpan(3, 3))
        #expect(e.render(source: "3 +") == "  3 +\n     ^\n  syntax error: the line ends where a value was expected")
    }

    @Test func renderWithoutASpanIsJustTheMessage() {
        let e = LanguageError(.limit, "too big", nil, suggestion: "smaller")
        #expect(e.render(source: "whatever") == "  too large: too big\n  smaller")
    }

    @Test func theDeepestAcceptedExpressionsEvaluate() throws {
        // Whatever the parser accepts, the evaluator must get through without exhausting the stack.
        let i = Interpreter()
        let sums = "1" + String(repeating: " + 1", count: 790)
        #expect(i.run(sums).outcomes.first?.value == .tensor(Tensor(791)))
        let parens = String(repeating: "(", count: 190) + "2" + String(repeating: ")", count: 190)
        #expect(i.run(parens).outcomes.first?.value == .tensor(Tensor(2)))
        let signs = String(repeating: "-", count: 190) + "3"
        #expect(i.run(signs).outcomes.first?.value == .tensor(Tensor(3)))
        let transposes = "ones(2, 3)" + String(repeating: ".T", count: 700)
        #expect(i.run(transposes).outcomes.first?.value?.tensor?.shape == [2, 3])
        let lists = String(repeating: "[", count: 190) + "1" + String(repeating: "]", count: 190)
        #expect(i.run(lists).outcomes.first?.value?.tensor?.rank == 190)
    }

    @Test func engineMessagesAreNotPrefixedTwice() {
        let i = Interpreter()
        let e = i.run("concat()").error
        #expect(e?.message == "concat needs at least one tensor")
    }
}

@Suite struct SuggestTests {
    @Test(arguments: [
        ("sotfmax", "softmax"), ("softmx", "softmax"), ("Softmax", "softmax"), ("q", "Q"),
        ("layer_norm", "layernorm"), ("casual_mask", "causal_mask"),
    ])
    func typosFindTheirName(_ typo: String, _ name: String) {
        #expect(Suggest.nearest(to: typo, in: ["softmax", "sum", "Q", "layernorm", "causal_mask"]) == name)
    }

    @Test(arguments: ["x", "ab", "nothing_like_it", "zzz"])
    func unrelatedNamesFindNothing(_ word: String) {
        #expect(Suggest.nearest(to: word, in: ["a", "b", "softmax", "sum", "Q", "K"]) == nil)
    }

    @Test func aVeryLongNameIsCheap() {
        // The length bound skips the quadratic distance for names that cannot be close.
        let long = String(repeating: "x", count: 100_000)
        #expect(Suggest.nearest(to: long, in: Builtins.table.keys) == nil)
    }
}

@Suite struct BuiltinTableTests {
    /// The builtins the lessons and the help promise.
    static let required = """
        zeros ones eye full arange linspace rand randn seed exp log sqrt abs sin cos tanh relu sigmoid round
        sum mean max min argmax var std softmax causal_mask tril triu where concat stack reshape split_heads
        merge_heads transpose layernorm norm dot outer tokens embed posenc allclose help
        """.split(whereSeparator: \.isWhitespace).map(String.init)

    @Test(arguments: required)
    func everyRequiredBuiltinHasADocReachableByHelp(_ name: String) throws {
        let b = try #require(Builtins.table[name], "\(name) is missing")
        #expect(b.signature.hasPrefix(name + "("))
        #expect(!b.doc.isEmpty)
        #expect(!b.doc.contains("\n"), "the doc of \(name) must be one line")
        let i = Interpreter()
        #expect(i.run("help(\(name))").outcomes.first?.value == .string("\(b.signature)\n  \(b.doc)"))
        #expect(i.run("help(\"\(name)\")").outcomes.first?.value == .string("\(b.signature)\n  \(b.doc)"))
    }

    @Test func helpWithoutArgumentsListsEveryBuiltinOnce() throws {
        guard case let .string(text) = try #require(Interpreter().run("help()").outcomes.first?.value) else {
            Issue.record("help() did not give text"); return
        }
        let lines = text.split(separator: "\n")
        #expect(lines.count == Builtins.all.count)
        for b in Builtins.all {
            #expect(lines.filter { $0.hasPrefix(b.signature + " ") }.count == 1, "\(b.name)")
        }
    }
}
