import Foundation
import Lessons
import Testing
@testable import Tutor

/// Progress a teacher can read (per step: status, attempts, hints, time), kept safe when
/// two tutors share a data folder or the file is damaged, and merged into a class report.
@Suite struct TeacherProgressTests {
    static func json(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The record of one step in a progress file, as JSON.
    static func step(_ file: [String: Any], lesson: String, step: String) -> [String: Any]? {
        let lessons = file["lessons"] as? [[String: Any]] ?? []
        let steps = lessons.first { $0["id"] as? String == lesson }?["steps"] as? [[String: Any]] ?? []
        return steps.first { $0["id"] as? String == step }
    }

    @Test func theTutorRecordsAttemptsHintsAndStatusPerStep() throws {
        let data = Fixture.temporaryDirectory()
        let learner = try Learner(progress: data)
        learner.type(":lesson every-directive")
        learner.type("")
        learner.type("X.shape")           // looking around is not an attempt
        learner.type("Wq.T @ X.T")        // the author's wrong answer
        learner.type("X @ Wq.T")          // another wrong one
        learner.type(":hint")
        learner.type(":hint")
        learner.type(":hint")             // no third hint: not counted
        #expect(learner.type("X @ Wq").contains("✓"))
        learner.type("X @ Wq")            // after it is solved, nothing more is counted
        learner.type("")
        learner.type(":skip")
        let file = try Self.json(data + "/progress.json")
        #expect(file["version"] as? Int == 2)
        let queries = try #require(Self.step(file, lesson: "every-directive", step: "queries"), "\(file)")
        #expect(queries["status"] as? String == "solved")
        #expect(queries["attempts"] as? Int == 3)
        #expect(queries["hints"] as? Int == 2)
        #expect((queries["firstSolved"] as? String)?.hasSuffix("Z") == true)
        let mistakes = try #require(queries["mistakes"] as? [String: Int])
        #expect(mistakes["author"] == 1 && mistakes.values.reduce(0, +) == 2, "\(mistakes)")
        let keys = try #require(Self.step(file, lesson: "every-directive", step: "keys"))
        #expect(keys["status"] as? String == "skipped")
        #expect(keys["attempts"] as? Int == 0)
        #expect(Self.step(file, lesson: "every-directive", step: "tokens")?["status"] as? String == "seen")
    }

    @Test func progressJSONAndNameThroughTheBinary() throws {
        let data = Fixture.temporaryDirectory()
        var p = Progress()
        let lesson = try Fixture.lesson()
        p.record(lesson, at: 1)
        p.attempt(lesson, "queries", correct: false, mistake: "transposed")
        p.hint(lesson, "queries")
        p.attempt(lesson, "queries", correct: true, mistake: nil)
        p.solved(lesson, "queries")
        #expect(ProgressStore(directory: data + "/attn-tutor").save(p) == nil)
        var (status, out) = try CommandLineTests.run(["progress", "--name", "Ada Lovelace"], data: data)
        #expect(status == 0, "\(out)")
        (status, out) = try CommandLineTests.run(["progress", "--json"], data: data)
        #expect(status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
        #expect(object["name"] as? String == "Ada Lovelace")
        let queries = try #require(Self.step(object, lesson: "every-directive", step: "queries"), "\(out)")
        #expect(queries["status"] as? String == "solved" && queries["attempts"] as? Int == 2 && queries["hints"] as? Int == 1)
        (status, out) = try CommandLineTests.run(["progress"], data: data)
        #expect(out.contains("learner: Ada Lovelace") && out.contains("1 solved") && out.contains("2 attempts, 1 hint"), "\(out)")
    }

    @Test func aVersionOneFileIsReadAndHugeNumbersAreBounded() throws {
        let dir = Fixture.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try #"{"version":1,"last":"every-directive","lessons":{"every-directive":{"hash":"","step":"keys","stepIndex":9223372036854775807,"done":["queries"],"finished":false}}}"#
            .write(toFile: store.path, atomically: true, encoding: .utf8)
        let (p, warning) = store.load()
        #expect(warning == nil)
        let lesson = try Fixture.lesson()
        #expect(p.isDone(lesson, "queries"))
        #expect(p.resumeIndex(lesson) == 2)
        #expect(try #require(p.entry(lesson)).stepIndex <= 1_000_000_000)
        // The text view does arithmetic on it without trapping.
        #expect(ProgressTable.text(p, catalog: nil).contains("every-directive"))
    }

    @Test(arguments: ["directory", "garbage", "empty"])
    func anUnreadableFileIsSetAsideWithANoteAndNeverOverwritten(_ kind: String) throws {
        let dir = Fixture.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        switch kind {
        case "directory": try FileManager.default.createDirectory(atPath: store.path, withIntermediateDirectories: true)
        case "garbage": try "{ not json".write(toFile: store.path, atomically: true, encoding: .utf8)
        default: _ = FileManager.default.createFile(atPath: store.path, contents: Data())
        }
        let result = store.update { $0.name = "x" }
        #expect(result.saved)
        #expect(result.note?.contains("could not be read") == true, "\(String(describing: result.note))")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(names.contains { $0.hasPrefix("progress.json.unreadable-") }, "\(names)")
        // Two set-asides in the same second get different names.
        try "{ again".write(toFile: store.path, atomically: true, encoding: .utf8)
        _ = store.update { _ in }
        let again = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("progress.json.unreadable-") }
        #expect(again.count == 2, "\(again)")
    }

    @Test func oneMalformedLessonKeepsTheOthersAndACopyOfTheFile() throws {
        let dir = Fixture.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try #"{"version":2,"lessons":[{"id":"good","source":"built-in","steps":[{"id":"a","status":"solved","attempts":2}]},{"id":7}]}"#
            .write(toFile: store.path, atomically: true, encoding: .utf8)
        let (p, warning) = store.load()
        #expect(p.lessons["good"]?.steps.first?.attempts == 2)
        #expect(warning?.contains("1 lesson in your progress file could not be read") == true, "\(String(describing: warning))")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        let copy = try #require(names.first { $0.hasPrefix("progress.json.unreadable-") })
        #expect(try String(contentsOfFile: dir + "/" + copy, encoding: .utf8).contains(#"{"id":7}"#))
    }

    @Test func progressIsKeptByIdAndSource() throws {
        let lesson = try Fixture.lesson()
        var impostor = lesson
        impostor.source = "/somewhere/else"
        var p = Progress()
        p.record(lesson, at: 3, done: "queries")
        p.record(impostor, at: 0, finished: true)
        #expect(p.entry(lesson)?.finished == false)
        #expect(p.entry(lesson)?.stepIndex == 3)
        #expect(p.entry(impostor)?.finished == true)
        #expect(p.lessons.count == 2)
    }

    @Test func twoStoresSavingAtOnceLoseNothing() async throws {
        let dir = Fixture.temporaryDirectory()
        let lesson = try Fixture.lesson()
        var other = lesson
        other.id = "other"
        let rounds = 40
        await withTaskGroup(of: Void.self) { group in
            for l in [lesson, other] {
                group.addTask {
                    // Each "tutor" has its own store (its own lock file descriptor).
                    let store = ProgressStore(directory: dir)
                    for k in 0..<rounds {
                        store.update { $0.attempt(l, "queries", correct: false, mistake: "shape"); $0.record(l, at: k % 5) }
                    }
                }
            }
        }
        let (p, _) = ProgressStore(directory: dir).load()
        #expect(p.entry(lesson)?.record("queries")?.attempts == rounds)
        #expect(p.entry(other)?.record("queries")?.attempts == rounds)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { !$0.hasPrefix("progress.json.tmp") }
        #expect(Set(names) == ["progress.json", "progress.lock"], "\(names)")
    }

    @Test func twoTutorProcessesOnOneDataFolderKeepBothLessons() throws {
        let data = Fixture.temporaryDirectory()
        let a = try CommandLineTests.launch(Fixture.path, data: data)
        let b = try CommandLineTests.launch(Fixture.course + "/1-tokens.md", data: data)
        #expect(a.waitFor("Three tokens"), "\(a.output)")
        #expect(b.waitFor("How many scores"), "\(b.output)")
        a.send("\n:skip\n")
        b.send("9\n6\n\n")
        #expect(a.waitFor("[3/7]"), "\(a.output)")
        #expect(b.waitFor("Compute the queries Q of the French"), "\(b.output)")
        a.send(":quit\n")
        b.send(":quit\n")
        a.process.waitUntilExit()
        b.process.waitUntilExit()
        let file = try Self.json(data + "/attn-tutor/progress.json")
        #expect(Self.step(file, lesson: "every-directive", step: "queries")?["status"] as? String == "skipped", "\(file)")
        let sentences = try #require(Self.step(file, lesson: "course-tokens", step: "sentences"), "\(file)")
        #expect(sentences["status"] as? String == "solved")
        #expect(sentences["attempts"] as? Int == 2)
    }

    @Test func examModeHoldsInTheTutor() throws {
        let catalog = try CourseTests.catalog()
        let learner = try Learner(catalog: catalog, progress: Fixture.temporaryDirectory())
        learner.type(":lesson course-exam")
        #expect(learner.type(":solution").contains(":solution is off"))
        #expect(!learner.type(":solution").contains("answer: 6"))
        #expect(learner.type(":skip").contains(":skip is off"))
        #expect(learner.type("").contains("How many numbers"), "Enter does not skip either")
        let wrong = learner.type("7")
        #expect(wrong.contains("not right") && !wrong.contains("less") && !wrong.contains("more"), "\(wrong)")
        #expect(learner.type("6").contains("✓"))
        // Once answered, the solution may be seen.
        #expect(learner.type(":solution").contains("6"))
        // Outside an exam, numbers still say which way to go.
        let open = try Learner(catalog: catalog, progress: Fixture.temporaryDirectory())
        open.type(":lesson course-tokens")
        #expect(open.type("7").contains("less than that"))
        #expect(open.type(":solution").contains("6"))
    }

    @Test func acceptAndShapeOnlyTakeEveryRightAnswer() throws {
        let catalog = try CourseTests.catalog()
        /// The reply to `answer` at step `n` of the course's first lesson, for a new learner.
        func reply(_ answer: String, atStep n: Int) throws -> String {
            let learner = try Learner(catalog: catalog, progress: Fixture.temporaryDirectory())
            learner.type(":lesson course-tokens")
            learner.type(":goto \(n)")
            return learner.type(answer)
        }
        #expect(try reply("ones(2, 3) / 3", atStep: 3).contains("✓"))
        #expect(try reply("softmax(randn(2, 3))", atStep: 3).contains("✓"), "any matrix whose rows sum to 1")
        #expect(try reply("ones(2, 3)", atStep: 3).contains("✗"))
        #expect(try reply("ones(2, 2) * 7", atStep: 4).contains("✓"), "only the shape matters")
        #expect(try reply("ones(3, 2)", atStep: 4).contains("✗"))
    }
}

@Suite struct ReportTests {
    static func write(_ p: Lessons.Progress, _ path: String) throws {
        try p.encoded().write(to: URL(fileURLWithPath: path))
    }

    /// Three learners: Ada (named), bob.json and cy.json (unnamed).
    static func classFolder() throws -> String {
        let dir = Fixture.temporaryDirectory()
        let lesson = try Fixture.lesson()
        var ada = Progress()
        ada.name = "Ada"
        ada.record(lesson, at: 1)
        for _ in 0..<2 { ada.attempt(lesson, "queries", correct: false, mistake: "transposed") }
        ada.hint(lesson, "queries")
        ada.attempt(lesson, "queries", correct: true, mistake: nil)
        ada.solved(lesson, "queries")
        var bob = Progress()
        bob.record(lesson, at: 1)
        bob.attempt(lesson, "queries", correct: true, mistake: nil)
        bob.solved(lesson, "queries")
        var cy = Progress()
        cy.record(lesson, at: 1)
        cy.attempt(lesson, "queries", correct: false, mistake: "transposed")
        cy.attempt(lesson, "queries", correct: false, mistake: nil)
        cy.hint(lesson, "queries")
        cy.hint(lesson, "queries")
        cy.skipped(lesson, "queries")
        try write(ada, dir + "/ada-progress.json")
        try write(bob, dir + "/bob.json")
        try write(cy, dir + "/cy.json")
        return dir
    }

    @Test func theCSVHasOneRowPerLearnerAndStep() throws {
        let dir = try Self.classFolder()
        let (status, out) = try CommandLineTests.run(["report", "--csv", dir + "/ada-progress.json", dir + "/bob.json", dir + "/cy.json"])
        #expect(status == 0, "\(out)")
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines.first == "learner,lesson,step,status,attempts,hints")
        #expect(lines.contains("Ada,every-directive,queries,solved,3,1"), "\(out)")
        #expect(lines.contains("bob,every-directive,queries,solved,1,0"), "\(out)")
        #expect(lines.contains("cy,every-directive,queries,skipped,2,2"), "\(out)")
        #expect(lines.contains("Ada,every-directive,tokens,seen,0,0") == false, "tokens was never visited: \(out)")
    }

    @Test func theSummaryGivesSolvedShareMedianAttemptsAndMistakes() throws {
        let dir = try Self.classFolder()
        let (status, out) = try CommandLineTests.run(["report", dir])
        #expect(status == 0, "\(out)")
        #expect(out.contains("3 learners: Ada, bob, cy"), "\(out)")
        let row = try #require(out.split(separator: "\n").first { $0.contains("queries") }, "\(out)")
        #expect(row.contains("2/3 (67%)") && row.contains("1 skipped"), "\(row)")
        #expect(row.contains("transposed ×3") && row.contains("other ×1"), "\(row)")
        // Median attempts of those who solved it: 3 and 1 → 2.
        let report = ClassReport(learners: try ["ada-progress.json", "bob.json", "cy.json"].map { name in
            let data = try #require(FileManager.default.contents(atPath: dir + "/" + name))
            let p = try #require(Lessons.Progress.decode(data))
            return ClassReport.Learner(name: ClassReport.learnerName(file: name, progress: p), file: name, progress: p)
        })
        let queries = try #require(report.exercises.first { $0.step == "queries" })
        #expect(queries.medianAttempts == 2)
        #expect(queries.solved == 2 && queries.skipped == 1 && queries.reached == 3)
    }

    @Test func csvFieldsAreQuotedAndNeverFormulas() throws {
        let dir = Fixture.temporaryDirectory()
        var p = Progress()
        p.name = "=HYPERLINK(\"x\"), evil"
        p.record(try Fixture.lesson(), at: 0)
        try Self.write(p, dir + "/x.json")
        try "not json".write(toFile: dir + "/broken.json", atomically: true, encoding: .utf8)
        let (status, out) = try CommandLineTests.run(["report", "--csv", dir + "/x.json", dir + "/broken.json"])
        #expect(status == 1, "an unreadable file is reported")
        #expect(out.contains("\"'=HYPERLINK(\"\"x\"\"), evil\",every-directive,tokens,seen,0,0"), "\(out)")
    }
}
