import Foundation
import Lessons
import Testing

/// The lesson commands through the real binary: grade, check, run, and progress that
/// survives the process being killed mid-lesson.
@Suite struct CommandLineTests {
    /// Runs the tutor on `lesson` with a pipe for stdin and `data` as its data directory.
    static func launch(_ lesson: String, data: String) throws -> TutorBinary.Running {
        try TutorBinary.launch(["lesson", lesson, "--color", "never"], environment: ["XDG_DATA_HOME": data, "XDG_STATE_HOME": data])
    }

    @Test func killedMidLessonResumesAtTheSameStep() throws {
        let data = Fixture.temporaryDirectory()
        let first = try Self.launch(Fixture.path, data: data)
        first.send("\nX @ Wq\n\n")
        #expect(first.waitFor("[3/7]"), "reached step 3: \(first.output)")
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(first.process.terminationReason == .uncaughtSignal)

        let second = try Self.launch(Fixture.path, data: data)
        #expect(second.waitFor("[3/7] Compute the scaled scores"), "resumed at step 3: \(second.output)")
        second.send("Q @ K.T / sqrt(d_k)\n:quit\n")
        #expect(second.waitFor("✓"), "\(second.output)")
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0)
        #expect(!second.output.contains("could not be read"))
    }

    /// Runs the binary to completion with the fixture lesson's folder; its exit status and standard output.
    static func run(_ arguments: [String], data: String = Fixture.temporaryDirectory()) throws -> (Int32, String) {
        let output = try TutorBinary.run(arguments, environment: ["XDG_DATA_HOME": data, "ATTN_TUTOR_LESSONS": Fixture.directory])
        return (output.status, output.stdout)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test(arguments: [
        ("Q @ K.T", "missing-scale"), ("K @ Q.T / sqrt(d_k)", "operand-order"), ("Q @ K.T / d_k", "wrong-scale"),
    ])
    func gradeFreeFormNamesTheMistakeInJSON(_ answer: String, _ code: String) throws {
        let setup = Fixture.temporaryDirectory() + "/setup.attn"
        try Fixture.attentionSetup.write(toFile: setup, atomically: true, encoding: .utf8)
        let (status, out) = try Self.run(["grade", "--setup", setup, "--expected", "Q @ K.T / sqrt(d_k)", "--answer", answer, "--json"])
        #expect(status == 1)
        let object = try Self.json(out)
        #expect(object["correct"] as? Bool == false)
        #expect(object["mistake"] as? String == code, "\(out)")
        #expect((object["message"] as? String)?.isEmpty == false)
    }

    @Test func gradeAgainstALessonExercise() throws {
        var (status, out) = try Self.run(["grade", "--lesson", "every-directive", "--exercise", "queries", "--answer", "X @ Wq", "--json"])
        #expect(status == 0)
        #expect(try Self.json(out)["correct"] as? Bool == true)
        #expect(try Self.json(out)["mistake"] is NSNull)
        (status, out) = try Self.run(["grade", "--lesson", "every-directive", "--exercise", "queries", "--answer", "Wq.T @ X.T", "--json"])
        #expect(try Self.json(out)["mistake"] as? String == "author", "\(out)")
        #expect(try Self.json(out)["message"] as? String == "That is Qᵀ: keep X on the left.")
    }

    @Test func checkReportsAsJSON() throws {
        let (status, out) = try Self.run(["check", "--json", Fixture.directory])
        #expect(status == 0, "\(out)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list[0]["id"] as? String == "every-directive")
        #expect(list[0]["steps"] as? Int == 7)
        #expect(list[0]["exercises"] as? Int == 5)
        #expect((list[0]["problems"] as? [String])?.isEmpty == true)
    }

    @Test func checkFailsWithFileAndLine() throws {
        let file = Fixture.temporaryDirectory() + "/bad.md"
        try "---\nid: bad\n---\n## S\n```attn\nnope + 1\n```\n".write(toFile: file, atomically: true, encoding: .utf8)
        let (status, out) = try Self.run(["check", file])
        #expect(status == 1)
        #expect(out.contains("bad.md:6: name error: 'nope' is not defined"), "\(out)")
    }

    @Test func runRendersEveryStepSolved() throws {
        let (status, out) = try Self.run(["run", "every-directive", "--color", "never"])
        #expect(status == 0, "\(out)")
        for fragment in ["── Three tokens", "[2/7] Compute the queries", "attn> X @ Wq", "✓ each row of Q", "answer: b) across each row", "── Recap"] {
            #expect(out.contains(fragment), "missing \(fragment)")
        }
        #expect(!out.contains("✗"))
    }

    @Test func progressShowsAndResets() throws {
        let data = Fixture.temporaryDirectory()
        var p = Progress()
        p.record(try Fixture.lesson(), at: 2)
        #expect(ProgressStore(directory: data + "/attn-tutor").save(p) == nil)
        var (status, out) = try Self.run(["progress"], data: data)
        #expect(status == 0)
        #expect(out.contains("every-directive") && out.contains("at step 3/7"), "\(out)")
        (status, out) = try Self.run(["progress", "--reset", "every-directive"], data: data)
        #expect(status == 0, "\(out)")
        (status, out) = try Self.run(["progress"], data: data)
        #expect(out.contains("not started"), "\(out)")
    }
}

/// Scripts stay scripts: piped input is never mistaken for a learner pressing Enter, and
/// expressions that start with '-' are expressions wherever one is expected.
@Suite struct ScriptInputTests {
    @Test func aBlankLineOutsideALessonStartsNothingWhenPiped() throws {
        let run = try TutorBinary.run(["--color", "never"], stdin: "x = 1\n\nx + 1\n\n", environment: ["ATTN_TUTOR_LESSONS": Fixture.directory])
        #expect(run.status == 0)
        #expect(!run.stdout.contains("──"), "no lesson started: \(run.stdout)")
        #expect(run.stdout.contains("2"))
        #expect(!run.stdout.contains("✗"), "no later line became an answer")
    }

    @Test func enterStillStepsInsideALesson() throws {
        // After `:lesson` and in `attn-tutor lesson ID`, Enter goes on as on a terminal.
        var run = try TutorBinary.run(["--color", "never"], stdin: ":lesson every-directive\n\n", environment: ["ATTN_TUTOR_LESSONS": Fixture.directory])
        #expect(run.stdout.contains("[2/7] Compute the queries"), "\(run.stdout)")
        run = try TutorBinary.run(["lesson", "every-directive", "--color", "never"], stdin: "\n", environment: ["ATTN_TUTOR_LESSONS": Fixture.directory])
        #expect(run.stdout.contains("[2/7] Compute the queries"), "\(run.stdout)")
    }

    @Test func argumentsStartingWithAMinusAreExpressions() throws {
        var run = try TutorBinary.run(["eval", "-2 ** 2"])
        #expect(run.status == 0 && run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "-4", "\(run.stdout)\(run.stderr)")
        run = try TutorBinary.run(["eval", "x = 3", "-x", "--json"])
        #expect(run.stdout.contains("-3"), "\(run.stdout)\(run.stderr)")
        let setup = Fixture.temporaryDirectory() + "/setup.attn"
        try "M = triu(ones(3, 3), 1)\n".write(toFile: setup, atomically: true, encoding: .utf8)
        run = try TutorBinary.run(["grade", "--setup", setup, "--expected", "-inf * M", "--answer", "-inf * M", "--json"])
        #expect(run.status == 0 && run.stdout.contains("\"correct\":true"), "\(run.stdout)\(run.stderr)")
        run = try TutorBinary.run(["grade", "--setup", setup, "--expected", "-inf * M", "--answer", "-M"])
        #expect(run.status == 1 && run.stdout.hasPrefix("✗"), "\(run.stdout)\(run.stderr)")
    }
}
