import Lessons
import Testing

@Suite struct LessonParserTests {
    @Test func readsEveryDirective() throws {
        let lesson = try Fixture.lesson()
        #expect(lesson.id == "every-directive")
        #expect(lesson.title == "Every directive")
        #expect(lesson.order == 1)
        #expect(lesson.steps.map(\.id) == ["tokens", "queries", "keys", "steps", "axis", "by-hand", "recap"])
        #expect(lesson.exerciseCount == 5)
        guard case let .exercise(e)? = lesson.steps[1].task else { Issue.record("step 2 is an exercise"); return }
        #expect(e.solution == "X @ Wq")
        #expect(e.save == "Q")
        #expect(e.dims == ["tokens", "d_k"])
        #expect(e.hints.count == 2)
        #expect(e.wrong.first?.answer == "Wq.T @ X.T")
        #expect(e.mustUse == ["X", "Wq"])
        guard case let .question(q)? = lesson.steps[4].task else { Issue.record("step 5 is a question"); return }
        #expect(q.choices.map(\.letter) == ["a", "b"])
        #expect(q.answer == "b")
        guard case let .exercise(byHand)? = lesson.steps[5].task else { return }
        #expect(byHand.recheck == false)
        #expect(byHand.tolerance == 0.001)
    }

    @Test(arguments: [
        ("no front matter", "## Step\n", "needs 'id: …'"),
        ("unclosed front matter", "---\nid: x\n## Step\n", "front matter opened here is never closed"),
        ("unclosed front matter at the end", "---\nid: x\n", "closing '---' is missing"),
        ("no steps", "---\nid: x\n---\nprose only\n", "has no steps"),
        ("block before any step", "---\nid: x\n---\n```attn\n1\n```\n## S\n", "must be inside a step"),
        ("unknown field", "---\nid: x\n---\n## S\n```exercise\ntask: t\nsolution: 1\nhint: h\nfoo: bar\n```\n", "unknown exercise field 'foo'"),
        ("missing solution", "---\nid: x\n---\n## S\n```exercise\ntask: t\nhint: h\n```\n", "needs 'solution: …'"),
        ("two tasks", "---\nid: x\n---\n## S\n```question\nask: a\nanswer: 1\nhint: h\n```\n```question\nask: b\nanswer: 2\nhint: h\n```\n", "at most one exercise"),
        ("answer not a choice", "---\nid: x\n---\n## S\n```question\nask: a\nchoice a: x\nanswer: c\nhint: h\n```\n", "not one of the choices"),
        ("duplicate step ids", "---\nid: x\n---\n## A {#s}\n## B {#s}\n", "used twice"),
        ("unclosed fence", "---\nid: x\n---\n## S\n```attn\n1 + 1\n", "never closed"),
        ("wrong without arrow", "---\nid: x\n---\n## S\n```exercise\ntask: t\nsolution: 1\nhint: h\nwrong: 2\n```\n", "'wrong: ANSWER -> message'"),
    ])
    func reportsProblemsWithTheirLine(_ name: String, _ text: String, _ expected: String) {
        let (_, problems) = LessonParser.parse(text, file: "bad.md")
        #expect(problems.contains { $0.message.contains(expected) }, "\(name): \(problems)")
        #expect(problems.allSatisfy { $0.file == "bad.md" && $0.line >= 1 }, "\(problems)")
    }

    @Test func stepIdsComeFromHeadings() {
        let (lesson, _) = LessonParser.parse("---\nid: x\n---\n## Q·Kᵀ, scaled!\n## Named {#mine}\n", file: "f.md")
        #expect(lesson?.steps.map(\.id) == ["q-kᵀ-scaled", "mine"])
    }
}

@Suite struct LessonCheckerTests {
    @Test func theTestLessonIsClean() throws {
        let reports = LessonChecker.check([try Fixture.lesson()])
        #expect(reports.count == 1)
        #expect(reports[0].problems.isEmpty, "\(reports[0].problems)")
        #expect(reports[0].exercises == 5)
    }

    @Test func findsEveryKindOfAuthorMistake() throws {
        let text = """
        ---
        id: broken
        next: nowhere
        ---
        ## Setup {#a}
        ```attn setup
        seed(1)
        X = randn(3, 2)
        ```
        ## Exercise {#c}
        ```exercise
        task: the transpose
        solution: X.T
        wrong: transpose(X) -> looks wrong but is right
        wrong: X -> not transposed
        wrong: X + 0 -> the same value as the one above
        ```
        ## Bad solution {#d}
        ```exercise
        task: t
        solution: undefined_name
        hint: h
        ```
        ## Fails {#b}
        ```attn
        Y = X @ X
        ```
        """
        let (lesson, problems) = LessonParser.parse(text, file: "broken.md")
        let reports = LessonChecker.check([try #require(lesson)], parseProblems: problems)
        let messages = reports[0].problems.map(\.description)
        func has(_ line: Int, _ fragment: String) -> Bool { messages.contains { $0.hasPrefix("broken.md:\(line):") && $0.contains(fragment) } }
        #expect(has(3, "next: 'nowhere'"), "at the next: line: \(messages)")
        #expect(has(26, "shape error"), "a failing block is reported at its line: \(messages)")
        #expect(has(11, "has no hint"), "\(messages)")
        #expect(has(14, "accepted as right"), "\(messages)")
        #expect(has(16, "caught by the earlier one"), "\(messages)")
        #expect(Set(messages).count == messages.count, "each problem once: \(messages)")
        #expect(messages.contains { $0.contains("undefined_name") }, "\(messages)")
    }
}
