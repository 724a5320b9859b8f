import Display
import Language
import Lessons
import Tensors
import Testing
@testable import Tutor

/// The REPL's commands and input handling, without a terminal: lines in, text out.
@Suite struct ReplTests {
    final class Output {
        var chunks: [String] = []
        var text: String { chunks.joined(separator: "\n") }
    }

    func makeRepl(width: Int? = 80, style: ANSI = .plain) -> (Repl, Output) {
        let out = Output()
        let repl = Repl(session: Session(), style: style, width: { width }, write: { out.chunks.append($0) })
        return (repl, out)
    }

    @Test func multiLineInputRunsWhenItsBracketsClose() {
        let (repl, out) = makeRepl()
        #expect(repl.feed("A = [[1, 2],") == Repl.Fed(outcome: .proceed, completed: nil))
        #expect(repl.isContinuing)
        #expect(repl.feed(" [3, 4]]") == Repl.Fed(outcome: .proceed, completed: "A = [[1, 2],\n [3, 4]]"))
        #expect(out.chunks.isEmpty)
        repl.feed("A.T")
        #expect(out.text == "shape 2×2\n[[1 3]\n [2 4]]")
    }

    @Test func varsListsNameShapeAndOrigin() {
        let (repl, out) = makeRepl()
        repl.feed("X = embed(\"the cat sat\", 4)")
        repl.feed("s = \"hello\"; n = 3")
        repl.feed("M = [[1,")
        repl.feed("  2]]")
        repl.feed(":vars")
        #expect(out.text == """
            name  shape   from
            X     3×4     X = embed("the cat sat", 4)
            s     text    s = "hello"
            n     scalar  n = 3
            M     1×2     M = [[1, 2]]
            """)
    }

    @Test func emptyWorkspaceSaysHowToStart() {
        let (repl, out) = makeRepl()
        repl.feed(":vars")
        #expect(out.text.contains("no variables yet"))
    }

    @Test func unknownCommandsSuggestTheNearest() {
        let (repl, out) = makeRepl()
        repl.feed(":shwo W")
        #expect(out.chunks == ["unknown command :shwo — did you mean :show?\n  :help lists the commands"])
        out.chunks = []
        repl.feed(":vra")
        #expect(out.text.hasPrefix("unknown command :vra — did you mean :vars?"))
        out.chunks = []
        repl.feed(":zzzzzz")
        #expect(out.text.hasPrefix("unknown command :zzzzzz\n"))
    }

    @Test func helpExplainsCommandsBuiltinsVariablesAndTopics() {
        let (repl, out) = makeRepl()
        repl.feed(":help")
        for c in repl.commands.commands { #expect(out.text.contains(c.synopsis)) }
        out.chunks = []
        repl.feed(":help show")
        #expect(out.text.hasPrefix(":show X [--heat] [--heads] [--from TOKEN] [--precision N]   show a value"))
        out.chunks = []
        repl.feed(":help :quit")
        #expect(out.text.contains("also :q, :exit"))
        out.chunks = []
        repl.feed(":help softmax")
        #expect(out.text == "softmax(x, axis=-1)\n  " + Builtins.table["softmax"]!.doc)
        out.chunks = []
        repl.feed("W = eye(2)")
        repl.feed(":help W")
        #expect(out.text == "W is a 2×2 tensor, from: W = eye(2)")
        out.chunks = []
        repl.feed(":help keys")
        #expect(out.text.contains("Ctrl-C"))
        out.chunks = []
        repl.feed(":help softmx")
        #expect(out.text.hasPrefix("no help for 'softmx' — did you mean softmax?"))
    }

    @Test func showWithHeatAndPrecision() {
        let (repl, out) = makeRepl(width: 60)
        repl.feed("W = [[0.7, 0.3], [0.5, 0.5]]")
        repl.feed(":show W --heat")
        let w = Tensor(shape: [2, 2], data: [0.7, 0.3, 0.5, 0.5])
        #expect(out.text == Heatmap(style: .plain, width: 60, precision: 2).render(w))
        out.chunks = []
        repl.feed(":show W --precision 1")
        #expect(out.text == "shape 2×2\n[[0.7 0.3]\n [0.5 0.5]]")
        out.chunks = []
        repl.feed(":show W --precision many")
        #expect(out.text == "--precision takes a whole number from 0 to 15, not many")
        out.chunks = []
        repl.feed(":show W --hot")
        #expect(out.text == "unknown option --hot (known options: --heat, --heads, --precision N, --from N)")
        out.chunks = []
        repl.feed(":show")
        #expect(out.text == "usage: :show X [--heat] [--heads] [--from TOKEN] [--precision N]")
        out.chunks = []
        repl.feed(":show Q --heat")
        #expect(out.text.contains("name error: 'Q' is not defined"))
    }

    @Test func precisionPersists() {
        let (repl, out) = makeRepl()
        repl.feed(":precision 2")
        repl.feed("[0.123456, 1]")
        #expect(out.text == "precision: 2 decimals\n[ 0.12 1.00 ]")
        out.chunks = []
        repl.feed(":precision -3")
        #expect(out.text.hasPrefix(":precision takes a whole number"))
    }

    @Test func plotAndTime() {
        let (repl, out) = makeRepl()
        repl.feed(":plot posenc(20, 4)")
        #expect(out.text.hasPrefix("4 columns as curves over 20 rows"))
        #expect(out.text.contains("col 3│"))
        out.chunks = []
        repl.feed(":plot 3")
        #expect(out.text == "a single number has no curve to plot")
        out.chunks = []
        repl.feed(":time eye(3) @ eye(3)")
        let line = out.text
        #expect(line.hasPrefix("best of ") && (line.hasSuffix(" ns") || line.hasSuffix(" µs") || line.hasSuffix(" ms")))
        out.chunks = []
        repl.feed(":time eye(2) @ eye(3)")
        #expect(out.text.contains("shape error"))
    }

    @Test func quitAndItsAliases() {
        let (repl, _) = makeRepl()
        #expect(repl.feed(":quit").outcome == .quit)
        #expect(repl.feed(":q").outcome == .quit)
        #expect(repl.feed("  :exit  ").outcome == .quit)
        #expect(repl.feed("1 + 1").outcome == .proceed)
        #expect(repl.feed("exit()").outcome == .quit)
        #expect(repl.feed("quit").outcome == .quit)
        repl.feed("quit = 3")
        #expect(repl.feed("quit").outcome == .proceed)
    }

    @Test func lessonsCanPlugIn() {
        let (repl, out) = makeRepl()
        repl.context = "scores 3/7"
        #expect(repl.prompt == "attn[scores 3/7]> ")
        #expect(repl.continuationPrompt.count == repl.prompt.count)
        #expect(repl.continuationPrompt.hasSuffix("... "))
        var nexts = 0
        repl.commands.register(ReplCommand("next", summary: "the next step") { _, _ in nexts += 1; return .proceed })
        repl.emptyLineHandler = { nexts += 1 }
        repl.inputHandler = { source in source.hasPrefix("Q") }
        repl.feed(":next")
        repl.feed("")
        #expect(nexts == 2)
        repl.feed("Q @ K")
        #expect(out.chunks.isEmpty)
        repl.feed(":help")
        #expect(out.text.contains(":next"))
    }

    @Test func errorsAreColouredOnlyWithColour() {
        let (plain, plainOut) = makeRepl()
        plain.feed("eye(2) @ eye(3)")
        #expect(!plainOut.text.contains("\u{1B}["))
        let (coloured, colourOut) = makeRepl(style: ANSI(enabled: true))
        coloured.feed("eye(2) @ eye(3)")
        #expect(colourOut.text.contains("\u{1B}[31m  shape error:"))
        #expect(ANSI.width(colourOut.text) == ANSI.width(plainOut.text))
    }

    @Test func tabCompletion() {
        let (repl, _) = makeRepl()
        repl.feed("scores = eye(2)")
        func complete(_ word: String, _ before: String = "") -> [String] { Completion.complete(word, after: before, in: repl).matches }
        #expect(complete("sh", ":") == ["show"])
        #expect(complete(":pr") == [":precision"])
        #expect(Completion.complete("qu", after: ":", in: repl).appendSpace)
        #expect(complete("sof") == ["softmax("])
        #expect(complete("sco") == ["scores"])
        #expect(complete("s").contains("scores") && complete("s").contains("softmax") && complete("s").contains("seed"))
        #expect(complete("sh", "scores.") == ["shape"])
        #expect(complete("mas", "scores.") == ["masked_fill"])
        #expect(complete("s", "scores.").contains("softmax") && complete("s", "scores.").contains("sum"))
        #expect(complete("ex", "np.") == ["exp", "expand_dims"])
        #expect(complete("no", "x = np.linalg.") == ["norm"])
        #expect(complete("sof", "torch.") == ["softmax"])
        #expect(complete("sof", "A = F.") == ["softmax"])
        #expect(complete("n", "").contains("np"))
        #expect(complete("np.lins") == ["np.linspace"])
        #expect(complete("scores.mas", "x = ") == ["scores.masked_fill"])
        #expect(complete("sof", ":show ") == ["softmax("])
        #expect(complete("ke", ":help ") == ["keys"])
        #expect(complete("", ":precision ") == [])
        #expect(complete("ca", "embed(\"the ") == [])
        #expect(Completion.commonPrefix(["softmax", "sort", "so"]) == "so")
    }

    @Test func commandOptions() throws {
        let parsed = try CommandOptions.parse("softmax(S / 2)  --heat --precision 3", flags: ["heat"], valued: ["precision"]).get()
        #expect(parsed == CommandOptions(expression: "softmax(S / 2)", flags: ["heat"], values: ["precision": "3"]))
        let quoted = try CommandOptions.parse("embed(\"a --heat b\", 2) --precision=1", flags: ["heat"], valued: ["precision"]).get()
        #expect(quoted == CommandOptions(expression: "embed(\"a --heat b\", 2)", flags: [], values: ["precision": "1"]))
        #expect(throws: CommandOptions.OptionError.self) { try CommandOptions.parse("X --precision", flags: [], valued: ["precision"]).get() }
        #expect(throws: CommandOptions.OptionError.self) { try CommandOptions.parse("X --nope", flags: ["heat"], valued: []).get() }
    }

    @Test func colourChoice() {
        #expect(ColorChoice.auto.enabled(isTTY: true, noColor: nil, term: "xterm"))
        #expect(!ColorChoice.auto.enabled(isTTY: true, noColor: "1", term: "xterm"))
        #expect(ColorChoice.auto.enabled(isTTY: true, noColor: "", term: "xterm"))
        #expect(!ColorChoice.auto.enabled(isTTY: false, noColor: nil, term: "xterm"))
        #expect(!ColorChoice.auto.enabled(isTTY: true, noColor: nil, term: "dumb"))
        #expect(!ColorChoice.auto.enabled(isTTY: true, noColor: nil, term: nil))
        #expect(!ColorChoice.auto.enabled(isTTY: true, noColor: nil, term: ""))
        #expect(ColorChoice.always.enabled(isTTY: false, noColor: "1", term: "dumb"))
        #expect(!ColorChoice.never.enabled(isTTY: true, noColor: nil, term: "xterm"))
    }

    @Test func historyEntriesOfMultiLineInputs() {
        #expect(Interactive.historyEntry("A = [[1, 2],\n [3, 4]]") == "A = [[1, 2], [3, 4]]")
        #expect(Interactive.historyEntry("A = [1, # one\n 2]") == "A = [1, # one\n 2]")
        #expect(Interactive.historyEntry("X") == "X")
    }
}
