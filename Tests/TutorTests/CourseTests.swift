import Foundation
import Lessons
import Testing
@testable import Tutor

/// A teacher's course folder beside the built-in curriculum: listed, opened by id,
/// linked both ways, checked against the same set, and unable to take a built-in id.
extension Fixture {
    /// A teacher's course folder: linked to itself and to the built-in lessons.
    static let course = TestSupport.Repository.fixtures + "/Course"
    /// Lessons with authoring mistakes, for the checker.
    static let authoring = TestSupport.Repository.fixtures + "/Authoring"
}

@Suite struct CourseTests {
    /// The repository (a checkout: its Lessons/ are the built-in lessons).
    static let repository = TestSupport.Repository.root

    static func catalog(_ courses: [String] = [Fixture.course], environment: [String: String] = [:]) throws -> Catalog {
        try Catalog.load(courses: courses, environment: environment, workingDirectory: repository)
    }

    @Test func aCourseIsListedFirstBesideTheBuiltInLessonsAndLinksResolveAcrossAll() throws {
        let catalog = try Self.catalog()
        #expect(Array(catalog.ids.prefix(2)) == ["course-tokens", "course-exam"], "\(catalog.ids)")
        #expect(catalog.ids.contains("why-attention") && catalog.ids.contains("scores"))
        #expect(catalog.entry("course-tokens")?.isBuiltIn == false)
        #expect(catalog.entry("scores")?.isBuiltIn == true)
        // Course → course and course → built-in.
        #expect(catalog.entry("course-tokens")?.next == "course-exam")
        #expect(catalog.entry("course-exam")?.next == "scores")
        for entry in catalog.entries { if let next = entry.next { #expect(catalog.entry(next) != nil, "\(entry.id) → \(next)") } }
        let lesson = try #require(catalog.lesson("course-tokens"))
        #expect(lesson.source == Catalog.resolved(Fixture.course))
        #expect(catalog.loadProblems.isEmpty, "\(catalog.loadProblems)")
    }

    @Test func theEnvironmentNamesSeveralCoursesSeparatedByColons() throws {
        let other = Fixture.temporaryDirectory()
        try "---\nid: extra\ntitle: Extra\n---\n## S\n\nprose\n".write(toFile: other + "/extra.md", atomically: true, encoding: .utf8)
        let catalog = try Self.catalog([], environment: ["ATTN_TUTOR_LESSONS": Fixture.course + ":" + other])
        #expect(Array(catalog.ids.prefix(3)) == ["course-tokens", "course-exam", "extra"], "\(catalog.ids)")
        #expect(throws: CatalogError.self) { try Self.catalog([other + "/missing"]) }
    }

    @Test func inTheTutorACourseLessonIsInTheMenuOpensByIdAndOffersTheBuiltInNext() throws {
        let learner = try Learner(catalog: try Self.catalog(), progress: Fixture.temporaryDirectory())
        let menu = learner.type(":lessons")
        let course = try #require(menu.range(of: "course-tokens")), builtIn = try #require(menu.range(of: "why-attention"))
        #expect(course.lowerBound < builtIn.lowerBound, "the course's lessons come first: \(menu)")
        #expect(menu.contains("note: the built-in lessons are read from a checkout"), "\(menu)")
        #expect(learner.type(":progress").contains("course-exam"))
        var out = learner.type(":lesson course-exam")
        #expect(out.contains("How many numbers are in X?"), "\(out)")
        learner.type("6")
        learner.type("")
        out = learner.type("2 * X")
        #expect(out.contains("✓"), "\(out)")
        out = learner.type("")
        #expect(out.contains("Next: :lesson scores"), "\(out)")
        #expect(learner.type(":lesson scores").contains("scores"))
    }

    @Test func aLessonClaimingATakenIdIsRefusedNamingBothFiles() throws {
        let folder = Fixture.temporaryDirectory()
        let fake = folder + "/fake-scores.md"
        try "---\nid: scores\ntitle: Fake\n---\n## Only {#only}\n\nprose\n".write(toFile: fake, atomically: true, encoding: .utf8)
        let catalog = try Self.catalog([folder])
        let builtIn = try #require(catalog.entry("scores"))
        #expect(builtIn.isBuiltIn, "the installed lesson keeps its id")
        let refusal = try #require(catalog.loadProblems.first { $0.file == fake })
        #expect(refusal.line == 2)
        #expect(refusal.message.contains("already taken by \(builtIn.path)"), "\(refusal)")
        // Opened by path, it is refused too, and cannot reach the lesson's progress.
        #expect(throws: Problem.self) { try catalog.open(file: fake) }
        let data = Fixture.temporaryDirectory()
        let learner = try Learner(catalog: catalog, progress: data)
        let out = learner.type(":lesson \(fake)")
        #expect(out.contains("already taken by") && out.contains(fake), "\(out)")
        let saved = (try? String(contentsOfFile: data + "/progress.json", encoding: .utf8)) ?? ""
        #expect(!saved.contains("\"only\""), "\(saved)")
    }

    @Test func aLessonsFolderInTheWorkingDirectoryIsReadOnlyWhenNamedOrACheckout() throws {
        let here = Fixture.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: here + "/Lessons", withIntermediateDirectories: true)
        try "---\nid: scores\ntitle: Not the real one\n---\n## S\n\nprose\n".write(toFile: here + "/Lessons/x.md", atomically: true, encoding: .utf8)
        let catalog = try Catalog.load(courses: [], environment: [:], workingDirectory: here)
        #expect(catalog.entry("scores")?.title == "Scores", "the installed lessons are not replaced")
        #expect(catalog.notes.contains { $0.contains("not read") }, "\(catalog.notes)")
        // A checkout of this repository in the working directory is used, and the tutor says so.
        let checkout = try Catalog.load(courses: [], environment: [:], workingDirectory: Self.repository)
        #expect(checkout.directory == Self.repository + "/Lessons")
        #expect(checkout.notes.contains { $0.contains("checkout") })
    }

    @Test func checkValidatesLinksAgainstTheSameSetAsTheTutor() throws {
        // The course folder checks clean: its links reach each other and the built-in lessons.
        var (status, out) = try CommandLineTests.run(["check", Fixture.course])
        #expect(status == 0, "\(out)")
        #expect(out.contains("ok   course-tokens") && out.contains("ok   course-exam"), "\(out)")
        // A lesson checked alone may link to a built-in lesson …
        let alone = Fixture.temporaryDirectory() + "/alone.md"
        try "---\nid: alone\nnext: scores\n---\n## S\n\nprose\n".write(toFile: alone, atomically: true, encoding: .utf8)
        (status, out) = try CommandLineTests.run(["check", alone])
        #expect(status == 0, "\(out)")
        // … but not to a sibling the tutor would not see unless its folder is a course.
        let folder = Fixture.temporaryDirectory()
        try "---\nid: l1\nnext: l2\n---\n## S\n\nprose\n".write(toFile: folder + "/l1.md", atomically: true, encoding: .utf8)
        try "---\nid: l2\n---\n## S\n\nprose\n".write(toFile: folder + "/l2.md", atomically: true, encoding: .utf8)
        (status, out) = try CommandLineTests.run(["check", folder + "/l1.md"])
        #expect(status == 1 && out.contains("l1.md:3: next: 'l2' is not a lesson the tutor can open"), "\(out)")
        (status, out) = try CommandLineTests.run(["check", folder])
        #expect(status == 0, "\(out)")
        (status, out) = try CommandLineTests.run(["check", "--lessons", folder, folder + "/l1.md"])
        #expect(status == 0, "\(out)")
    }
}
