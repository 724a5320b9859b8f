import Language
import Lessons
import Tensors
import Testing

/// The lesson walker's transitions, without a terminal: each test walks a small lesson
/// (the fixture, or one made here) and asserts on the phase, the pieces and the verdicts.
@Suite struct LessonWalkerTests {
    static func lesson(_ text: String) throws -> Lesson {
        let (lesson, problems) = LessonParser.parse(text, file: "test.md")
        guard let lesson, problems.isEmpty else { throw Failure("does not parse: \(problems)") }
        return lesson
    }

    static func verdict(_ response: LessonWalker.Response) -> Verdict? {
        if case let .judged(v, _, _) = response { return v }
        return nil
    }

    @Test func enteringAStepRunsItsBlocksAndSetsThePhase() throws {
        let walker = LessonWalker(try Fixture.lesson())
        let first = try walker.enter(0)
        #expect(walker.phase == .reading, "the first step asks nothing")
        #expect(walker.canGoOn)
        #expect(first.pieces.contains { if case .prose = $0 { return true } else { return false } })
        #expect(first.pieces.contains { if case let .cell(_, outcomes) = $0 { return outcomes.first?.text == "X.shape" } else { return false } })
        #expect(walker.workspace.variables["X"] != nil && walker.workspace.variables["d_k"] != nil)
        guard case let .entered(second) = try walker.next() else { Issue.record("next did not enter"); return }
        #expect(second.index == 1 && walker.phase == .waiting && !walker.canGoOn)
        #expect(!second.doneBefore)
    }

    @Test func aWaitingTaskBlocksNextUntilAnsweredRightly() throws {
        let walker = LessonWalker(try Fixture.lesson())
        try walker.enter(1)
        guard case .blocked = try walker.next() else { Issue.record("went on past a waiting task"); return }
        let wrong = try walker.respond("Wq.T @ X.T")
        #expect(Self.verdict(wrong)?.correct == false)
        #expect(Self.verdict(wrong)?.message == "That is Qᵀ: keep X on the left.")
        #expect(walker.phase == .waiting)
        guard case let .judged(right, _, completed?) = try walker.respond("X @ Wq") else { Issue.record("not completed"); return }
        #expect(right.correct)
        #expect(walker.phase == .answered && walker.canGoOn)
        #expect(completed.saved == "Q" && walker.workspace.variables["Q"] != nil)
        #expect(completed.pieces.contains { if case let .cell(_, o) = $0 { return o.first?.text == "Q.shape" } else { return false } },
                "what follows the task runs once it is answered")
        // Once answered, input is no longer an answer: it just runs.
        guard case .notAnAnswer = try walker.respond("X @ Wq") else { Issue.record("judged after the answer"); return }
    }

    @Test func anAssignmentIsJudgedAndItsNameKeptWhateverTheExerciseSaves() throws {
        let walker = LessonWalker(try Fixture.lesson())
        try walker.enter(1)
        // A wrong value under the learner's own name: a verdict, and the name stays.
        let wrong = try walker.respond("mine = X @ Wq * 2")
        #expect(Self.verdict(wrong) != nil, "silence is never a verdict")
        #expect(Self.verdict(wrong)?.correct == false)
        #expect(walker.workspace.variables["mine"] != nil)
        #expect(walker.workspace.origins["mine"] == "mine = X @ Wq * 2")
        let right = try walker.respond("mine = X @ Wq")
        #expect(Self.verdict(right)?.correct == true)
        #expect(walker.workspace.variables["mine"] == walker.workspace.variables["Q"])
    }

    @Test func aLineOfSeveralStatementsIsJudgedByItsLast() throws {
        let walker = LessonWalker(try Fixture.lesson())
        try walker.enter(2)
        guard case let .judged(wrong, before, nil) = try walker.respond("k = 2; Q @ K.T / k") else { Issue.record("not judged"); return }
        #expect(!wrong.correct && before.count == 1 && before[0].assigned == "k")
        #expect(wrong.message == "Divide by the square root of d_k, not d_k itself.")
        #expect(walker.workspace.variables["k"] != nil, "the first statements ran")
        let right = try walker.respond("r = sqrt(d_k); S2 = Q @ K.T / r")
        #expect(Self.verdict(right)?.correct == true, "\(String(describing: Self.verdict(right)?.message))")
        #expect(walker.workspace.variables["S2"] != nil)
        // An error in an earlier statement is the verdict, with the language's message.
        try walker.enter(2)
        let broken = try walker.respond("k = nope; Q @ K.T / k")
        #expect(Self.verdict(broken)?.correct == false)
        #expect(Self.verdict(broken)?.message.contains("'nope' is not defined") == true)
    }

    @Test func aLookIsJudgedOnlyWhenItCouldBeTheAnswer() throws {
        let walker = LessonWalker(try Fixture.lesson())
        try walker.enter(1)
        guard case let .look(value, note) = try walker.respond("X.shape") else { Issue.record("X.shape was judged"); return }
        #expect(value.tensor?.data == [3, 4])
        #expect(note.contains("tokens × d_k (3×2)"), "\(note)")
        // A name whose shape is the answer's is judged like any answer.
        _ = walker.workspace.run("guess = X[:, :2]")
        #expect(Self.verdict(try walker.respond("guess"))?.correct == false)
        // At a numeric question, a look at one number is an answer.
        try walker.enter(3)
        _ = walker.workspace.run("n = 50")
        #expect(Self.verdict(try walker.respond("n"))?.message == "That counts the tokens; count the links between them.")
    }

    @Test func reEnteringADoneStepJudgesAnswersAsTheFirstTime() throws {
        let lesson = try Fixture.lesson()
        let walker = LessonWalker(lesson, done: ["queries"])
        let entered = try walker.enter(1)
        #expect(entered.doneBefore && walker.phase == .waiting)
        #expect(walker.canGoOn, "a step done before lets the learner go on without answering")
        #expect(Self.verdict(try walker.respond("X @ Wq.T"))?.correct == false)
        #expect(Self.verdict(try walker.respond("X @ Wq"))?.correct == true)
        // Back, restart and reset enter the step afresh: the answer is judged again.
        try walker.enter(0, clean: true)
        try walker.enter(1)
        #expect(walker.phase == .waiting)
        #expect(Self.verdict(try walker.respond("X @ Wq"))?.correct == true)
    }

    @Test func skipFillsInTheSolutionAndConcludes() throws {
        let walker = LessonWalker(try Fixture.lesson())
        try walker.enter(1)
        let completion = try walker.skip()
        #expect(walker.phase == .skipped && walker.canGoOn)
        #expect(completion?.saved == "Q" && completion?.solutionValue != nil)
        #expect(try walker.skip() == nil, "nothing waits any more")
        guard case let .entered(next) = try walker.next() else { Issue.record("did not go on"); return }
        #expect(next.index == 2 && walker.workspace.variables["K"] != nil)
    }

    @Test func theLastStepFinishes() throws {
        let walker = LessonWalker(try Fixture.lesson())
        try walker.enter(99)
        #expect(walker.index == 6, "clamped to the last step")
        guard case .finished = try walker.next() else { Issue.record("did not finish"); return }
    }

    @Test func theLearnersOwnVariablesSurviveMovingButNotAClean() throws {
        let walker = LessonWalker(try Fixture.lesson())
        try walker.enter(1)
        _ = walker.workspace.run("mine = 42")
        try walker.enter(2)
        #expect(walker.workspace.variables["mine"] != nil)
        try walker.enter(2, clean: true)
        #expect(walker.workspace.variables["mine"] == nil)
        #expect(walker.workspace.variables["Q"] != nil, "the lesson's own names come back")
    }

    @Test func blocksDrawPicturesAndRunNoOtherCommand() throws {
        let lesson = try Self.lesson("""
            ---
            id: pictures
            ---
            ## One {#one}

            ```attn
            x = [1, 2, 3]
            :show x --heat
            :plot x
            :restart
            :lesson /etc/passwd
            :show nope
            ```
            """)
        let pieces = try LessonWalker(lesson).enter(0).pieces
        var pictures: [Picture] = [], refused: [Picture.Refusal] = [], failed: [String] = []
        for piece in pieces {
            switch piece {
            case let .picture(p, .success): pictures.append(p)
            case let .picture(p, .failure): failed.append(p.text)
            case let .refused(r): refused.append(r)
            default: break
            }
        }
        #expect(pictures.map(\.kind) == [.show, .plot])
        #expect(pictures.first?.options.flags == ["heat"] && pictures.first?.options.expression == "x")
        #expect(refused.map(\.text) == [":restart", ":lesson /etc/passwd"])
        #expect(refused.map(\.line) == [10, 11], "each refused line is named at its own line")
        #expect(failed == [":show nope"])
        let problems = LessonChecker.check(lesson)
        #expect(problems.contains { $0.line == 10 && $0.message.contains("not ':restart'") }, "\(problems)")
        #expect(problems.contains { $0.line == 11 && $0.message.contains(":lesson /etc/passwd") })
        #expect(problems.contains { $0.line == 12 && $0.message.contains("'nope' is not defined") })
    }

    /// A lesson of `n` steps, each with code, an exercise that saves, known wrong answers
    /// and code after the task — the shape of a real lesson, made long.
    static func generated(steps n: Int) throws -> Lesson {
        var text = "---\nid: long\n---\n"
        for k in 0..<n {
            text += """
                ## Step \(k) {#s\(k)}

                ```attn setup
                seed(\(k))
                a\(k) = randn(8, 8)
                ```

                ```exercise
                task: Double it.
                solution: a\(k) * 2
                save: b\(k)
                hint: times two
                wrong: a\(k) * 3 -> not three
                wrong: a\(k) -> twice, please
                ```

                ```attn
                b\(k).shape
                ```


                """
        }
        return try lesson(text)
    }

    @Test func checkingALessonReplaysEachStepOnce() throws {
        func replays(_ n: Int) throws -> Int {
            let lesson = try Self.generated(steps: n)
            let workspaces = LessonWorkspaces(lesson)
            let problems = LessonChecker.check(lesson, workspaces: workspaces)
            #expect(problems.isEmpty, "\(problems)")
            return workspaces.stepsRun
        }
        let short = try replays(20), long = try replays(80)
        // Each step entered once and each but the last concluded once, in each of the two
        // workspaces (the second has other random numbers, for the hard-coded check).
        #expect(short == 4 * 20 - 2 && long == 4 * 80 - 2, "\(short) and \(long) step runs")
    }

    @Test func workspacesAreCopiesOfOneSnapshotPerStep() throws {
        let lesson = try Fixture.lesson()
        let workspaces = LessonWorkspaces(lesson)
        let a = try workspaces.entered(2).workspace
        _ = a.run("X = 0")
        let b = try workspaces.entered(2).workspace
        #expect(b.variables["X"] != a.variables["X"], "a change to one copy leaves the snapshot alone")
        _ = try workspaces.entered(1)
        _ = try workspaces.entered(0)
        #expect(workspaces.stepsRun == 5, "steps 0–1 entered and concluded, step 2 entered: each once")
        // The same numbers as building the step from nothing.
        let fresh = try Workspace.build(lesson, step: 2)
        #expect(fresh.variables["S"] == b.variables["S"] && fresh.variables["K"] == b.variables["K"])
        #expect(fresh.random == b.random)
    }

    @Test func aBrokenStepStopsTheWalkWithItsLine() throws {
        let lesson = try Self.lesson("""
            ---
            id: broken
            ---
            ## One {#one}

            ```attn
            x = nope + 1
            ```

            ## Two {#two}

            Fine.
            """)
        let walker = LessonWalker(lesson)
        #expect(throws: Problem.self) { try walker.enter(0) }
        do { try walker.enter(1) } catch { #expect(error.line == 7 && error.message.contains("'nope' is not defined")) }
    }
}
