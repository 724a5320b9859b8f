import Display
import Lessons
import Testing
@testable import Tutor

/// What the learner reads: prose Markdown rendered for the terminal, code typeable as shown,
/// task lines reflowed, the lesson menu in columns.
@Suite struct ProseTests {
    static let colour = ANSI(enabled: true)

    @Test func inlineMarkdownIsRenderedNotShownRaw() {
        let plain = Prose.render("Attention is *permutation-equivariant*, **not** ordered; see [the paper](https://arxiv.org/abs/1706.03762) and `Q @ K.T`.", style: .plain, width: 200)
        #expect(plain.split(separator: "\n").joined(separator: " ") == "Attention is permutation-equivariant, not ordered; see the paper (https://arxiv.org/abs/1706.03762) and `Q @ K.T`.", "\(plain)")
        let styled = Prose.render("an *em* word", style: ProseTests.colour, width: 200)
        #expect(styled.contains("\u{1B}[4mem\u{1B}[0m") && !styled.contains("*"), "\(styled)")
        // Products and globs are not emphasis.
        #expect(Prose.render("2*i and 3 * 4 and X*Y", style: .plain, width: 200) == "2*i and 3 * 4 and X*Y")
        // A link to another lesson shows its text only.
        #expect(Prose.render("see [scaling](07-scaling.md)", style: .plain, width: 200) == "see scaling")
    }

    @Test func codeInProseKeepsItsLines() {
        let text = "Then try it:\n\n    A2 = softmax(X @ Wq2 @ K.T / sqrt(d_k))\n    :show A2 --heat\n\nand look."
        let out = Prose.render(text, style: .plain, width: 60).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(out.contains("    A2 = softmax(X @ Wq2 @ K.T / sqrt(d_k))"), "\(out)")
        #expect(out.contains("    :show A2 --heat"), "\(out)")
    }

    @Test func aStyledWordCountsByWhatItShows() {
        let words = (0..<30).map { "`w\($0)`" }.joined(separator: " ")
        let lines = Prose.render(words, style: ProseTests.colour, width: 42).split(separator: "\n")
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { ANSI.width(String($0)) <= 40 }, "\(lines.map { ANSI.width(String($0)) })")
    }
}

@Suite struct LessonMenuTests {
    @Test func theLessonMenuKeepsItsColumnsWhateverTheStatus() throws {
        let learner = try Learner(catalogDirectory: Repository.lessons, progress: Fixture.temporaryDirectory())
        learner.type(":lesson 3")
        for _ in 0..<30 { learner.type(":skip"); learner.type("") }
        learner.type(":lesson 13")
        learner.type(":lesson 4")
        let out = learner.type(":lessons")
        let catalog = try Catalog.load(directory: Repository.lessons)
        var columns = Set<Int>()
        for entry in catalog.entries {
            let summary = entry.summary.isEmpty ? entry.title : entry.summary
            let words = summary.split(separator: " ").prefix(2).joined(separator: " ")
            guard let line = out.split(separator: "\n").first(where: { $0.contains(" \(entry.id) ") && $0.contains(words) }),
                  let r = line.firstRange(of: words) else { Issue.record("no line for \(entry.id): \(out)"); continue }
            columns.insert(ANSI.width(String(line[..<r.lowerBound])))
        }
        #expect(columns.count == 1, "descriptions start at columns \(columns):\n\(out)")
        #expect(out.contains("✓") && out.contains("▸"), "\(out)")
    }
}
