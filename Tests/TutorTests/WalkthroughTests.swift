import Foundation
import Language
import Lessons
import Display
import Testing
@testable import Tutor

/// The test lesson walked end to end as a learner would: right and wrong answers, hints,
/// skip, back, and a resume after a restart.
@Suite struct WalkthroughTests {
    /// A wrong answer that assigns to a lesson variable says so, and how to get it back.
    @Test func overwritingALessonVariableSaysHowToGetItBack() throws {
        let learner = try Learner(progress: Fixture.temporaryDirectory())
        learner.type(":lesson every-directive")
        learner.type("")
        let out = learner.type("Wq = Wq * 2")
        #expect(out.contains("Wq was the lesson's") && out.contains(":reset"), "\(out)")
        #expect(!learner.type("X @ Wq").contains("lesson's"), "no note without an assignment")
        #expect(!learner.type("mine = X @ Wq").contains("lesson's"), "no note for the learner's own names")
        learner.type(":reset")
        #expect(learner.type("X @ Wq").contains("✓"))
    }

    /// Leaving mid-lesson names the learner's own variables that will not come back on resume.
    @Test func leavingNamesTheOwnVariablesThatAreNotKept() throws {
        let learner = try Learner(progress: Fixture.temporaryDirectory())
        #expect(learner.tutoring.lostOnLeaving == nil, "no lesson open")
        learner.type(":lesson every-directive")
        #expect(learner.tutoring.lostOnLeaving == nil, "only the lesson's variables so far")
        learner.type("mine = 42")
        let note = try #require(learner.tutoring.lostOnLeaving)
        #expect(note.contains("(mine)"), "\(note)")
        #expect(!note.contains("X"), "the lesson's own are rebuilt: \(note)")
    }

    /// The reminders Enter prints at an unanswered task wrap to the terminal like prose,
    /// instead of breaking mid-word at its edge.
    @Test func remindersAtAnUnansweredTaskWrapToTheTerminal() throws {
        let learner = try Learner(progress: Fixture.temporaryDirectory())
        learner.repl.width = { 40 }
        learner.type(":lesson every-directive")
        learner.type("")
        for reply in [learner.type(""), learner.type(":next")] {
            let lines = reply.split(separator: "\n").map(String.init)
            #expect(lines.count > 1, "\(reply)")
            for line in lines { #expect(ANSI.width(line) <= 40, "\(line)") }
        }
    }

    @Test func aLearnerFinishesTheLessonAndResumesAfterARestart() throws {
        let progress = Fixture.temporaryDirectory()
        let learner = try Learner(progress: progress)
        var out = learner.type(":lesson every-directive")
        #expect(out.contains("── Three tokens"))
        #expect(out.contains("This text comes before the first step"))
        #expect(out.contains("[ 3 4 ]"), "the shown block runs: \(out)")
        #expect(learner.prompt == "attn[every-directive 1/7]> ")

        out = learner.type("")
        #expect(out.contains("[2/7] Compute the queries"))
        #expect(!out.contains("Written after the task"), "content after the task waits for the answer")
        // Looking around is not graded.
        out = learner.type("X.shape")
        #expect(out.contains("[ 3 4 ]") && !out.contains("✗"), "\(out)")
        // The author's wrong answer, then a one-edit repair.
        #expect(learner.type("Wq.T @ X.T").contains("That is Qᵀ: keep X on the left."))
        #expect(learner.type("X @ Wq.T").contains("✗"))
        // Enter while a task waits repeats it.
        #expect(learner.type("").contains("Compute the queries"))
        // Hints: one more each time.
        out = learner.type(":hint")
        #expect(out.contains("hint 1/2") && !out.contains("hint 2/2"))
        #expect(learner.type(":hint").contains("hint 2/2: X @ Wq"))
        #expect(learner.type(":solution").contains("X @ Wq"))
        out = learner.type("X @ Wq")
        #expect(out.contains("✓ each row of Q is one token's query"), "\(out)")
        #expect(out.contains("Written after the task, this shows once it is answered."), "\(out)")
        #expect(out.contains("[ 3 2 ]"), "and its code runs: \(out)")
        #expect(learner.repl.session.interpreter.variables["Q"] != nil, "the solution is saved as Q")

        _ = learner.type("")
        #expect(learner.prompt == "attn[every-directive 3/7]> ")
        out = learner.type("Q @ K.T")
        #expect(out.contains("√d_k"), "\(out)")
        learner.type("mine = 42")
        // Back shows step 2 again with its workspace; the learner's own variable survives.
        out = learner.type(":back")
        #expect(out.contains("[2/7]"))
        #expect(learner.repl.session.interpreter.variables["mine"] != nil)
        learner.type(":goto 3")
        out = learner.type(":skip")
        #expect(out.contains("set S = Q @ K.T / sqrt(d_k)"), "\(out)")
        #expect(out.contains("[4/7] How many sequential steps"))
        #expect(learner.type("50").contains("count the links"))
        #expect(learner.type("49").contains("✓ 49 links"))

        // The learner leaves here (step 4 answered, not yet moved on) and comes back.
        let again = try Learner(progress: progress)
        out = again.type(":lesson every-directive")
        #expect(again.prompt == "attn[every-directive 4/7]> ", "resumes at the step the learner was on: \(out)")
        #expect(again.repl.session.interpreter.variables["S"] != nil, "earlier solutions are in the rebuilt workspace")
        _ = again.type(":next")
        #expect(again.prompt == "attn[every-directive 5/7]> ")
        #expect(again.type("a").contains("each key's column"))
        #expect(again.type("b").contains("✓"))
        again.type("")
        #expect(again.type("0.9 ** 49").contains("✓"))
        again.type("")
        out = again.type("")
        #expect(out.contains("You finished Every directive"), "\(out)")
        #expect(again.prompt == "attn> ")
        let (saved, warning) = ProgressStore(directory: progress).load()
        #expect(warning == nil)
        #expect(saved.lessons["every-directive"]?.finished == true)
        #expect(saved.lessons["every-directive"]?.done.contains("queries") == true)
    }

    @Test func resetGivesTheStepsCleanWorkspaceBack() throws {
        let learner = try Learner(progress: Fixture.temporaryDirectory())
        learner.type(":lesson every-directive")
        learner.type("")
        learner.type("X = zeros(3, 4)")
        learner.type("mine = 1")
        let before = learner.repl.session.interpreter.variables["Wq"]
        learner.type(":reset")
        let vars = learner.repl.session.interpreter.variables
        #expect(vars["mine"] == nil)
        #expect(vars["X"]?.tensor?.data.contains { $0 != 0 } == true, "X is the lesson's again")
        #expect(vars["Wq"] == before, "the same seeded numbers come back")
    }

    @Test func unknownLessonSuggestsTheNearest() throws {
        let learner = try Learner(progress: Fixture.temporaryDirectory())
        #expect(learner.type(":lesson every-directiv").contains("did you mean every-directive?"))
        #expect(learner.type(":next").contains("no lesson is open"))
    }

    @Test func emptyLineAtTheStartResumesTheLastLesson() throws {
        let progress = Fixture.temporaryDirectory()
        let first = try Learner(progress: progress)
        first.type(":lesson every-directive")
        first.type("")
        let second = try Learner(progress: progress)
        #expect(second.tutoring.welcome.joined().contains("resume"))
        second.type("")
        #expect(second.prompt == "attn[every-directive 2/7]> ")
    }

    @Test func aFinishedLessonJudgesAnswersAsTheFirstTimeAndKeepsItsCompletion() throws {
        let progress = Fixture.temporaryDirectory()
        let learner = try Learner(progress: progress)
        learner.type(":lesson every-directive")
        for _ in 0..<7 { learner.type(":skip") }
        #expect(ProgressStore(directory: progress).load().0.lessons["every-directive"]?.finished == true)
        // Re-opened: it starts again at step 1, and answers are judged.
        var out = learner.type(":lesson every-directive")
        #expect(learner.prompt == "attn[every-directive 1/7]> ", "\(out)")
        out = learner.type("")
        #expect(out.contains("(done before"), "\(out)")
        #expect(learner.type("X @ Wq.T").contains("✗"))
        #expect(learner.type("X @ Wq").contains("✓"))
        // :goto and :reset too.
        learner.type(":goto 3")
        #expect(learner.type("Q @ K.T / d_k").contains("Divide by the square root"))
        learner.type(":reset")
        #expect(learner.type("Q @ K.T / sqrt(d_k)").contains("✓"))
        let saved = ProgressStore(directory: progress).load().0.lessons["every-directive"]
        #expect(saved?.finished == true, "the first completion is kept")
    }

    @Test func anotherLessonClearsTheFirstOnesVariablesButNotTheLearners() throws {
        let progress = Fixture.temporaryDirectory()
        let other = Fixture.temporaryDirectory()
        try """
            ---
            id: second
            ---
            ## Only {#only}

            ```attn setup
            Z = ones(2)
            ```
            """.write(toFile: other + "/second.md", atomically: true, encoding: .utf8)
        let learner = try Learner(progress: progress)
        learner.type(":lesson every-directive")
        learner.type("mine = 42")
        #expect(learner.repl.session.interpreter.variables["Wq"] != nil)
        learner.type(":lesson \(other)/second.md")
        let vars = learner.repl.session.interpreter.variables
        #expect(vars["Z"] != nil)
        #expect(vars["Wq"] == nil && vars["X"] == nil, "the first lesson's variables are gone")
        #expect(vars["mine"] != nil, "the learner's own variable stays")
    }
}
