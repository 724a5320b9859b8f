import Foundation
import Lessons
import Testing

@Suite struct ProgressTests {
    @Test func savesAtomicallyAndReadsBack() throws {
        let dir = Fixture.temporaryDirectory()
        let store = ProgressStore(directory: dir + "/nested/attn-tutor")
        var p = Progress()
        p.record(try Fixture.lesson(), at: 2, done: "queries")
        #expect(store.save(p) == nil)
        let (loaded, warning) = store.load()
        #expect(warning == nil)
        #expect(loaded == p)
        let files = try FileManager.default.contentsOfDirectory(atPath: store.directory)
        #expect(Set(files) == ["progress.json", "progress.lock"], "no temporary file is left behind: \(files)")
    }

    @Test(arguments: ["{ this is not json", "{\"some\": \"other program's file\"}", "", "\u{0}\u{1}binary"])
    func anUnreadableFileIsSetAsideAndReported(_ contents: String) throws {
        let dir = Fixture.temporaryDirectory()
        let store = ProgressStore(directory: dir)
        try contents.write(toFile: store.path, atomically: true, encoding: .utf8)
        let (loaded, warning) = store.load()
        #expect(loaded == Progress())
        let w = try #require(warning)
        #expect(w.contains("could not be read"))
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(files.contains { $0.hasPrefix("progress.json.unreadable-") }, "the old file is kept: \(files)")
        // The kept copy holds exactly what was there.
        let kept = try #require(files.first { $0.hasPrefix("progress.json.unreadable-") })
        #expect(try String(contentsOfFile: dir + "/" + kept, encoding: .utf8) == contents)
    }

    @Test func anEditedLessonResumesAtTheNearestStep() throws {
        let original = try Fixture.lesson()
        var p = Progress()
        p.record(original, at: 3)  // step id "steps"
        // A step inserted before it: the same step id is found at its new index.
        let inserted = try Fixture.text().replacingOccurrences(of: "## Keys {#keys}", with: "## New step {#new}\n\nNew prose.\n\n## Keys {#keys}")
        let edited = try #require(LessonParser.parse(inserted, file: "edited.md").0)
        #expect(edited.contentHash != original.contentHash)
        #expect(edited.steps[p.resumeIndex(edited)].id == "steps")
        // The step removed: the same position, clamped to the lesson.
        let removed = try Fixture.text().replacingOccurrences(of: "## How many steps {#steps}", with: "## Renamed {#renamed}")
        let renamed = try #require(LessonParser.parse(removed, file: "renamed.md").0)
        #expect(p.resumeIndex(renamed) == 3)
        var far = Progress()
        far.record(original, at: 6)
        var short = original
        short.steps = Array(original.steps.prefix(2))
        #expect(far.resumeIndex(short) == 1)
    }

    @Test func resetForgetsOneLessonOrAll() throws {
        var p = Progress()
        let lesson = try Fixture.lesson()
        p.record(lesson, at: 1)
        var other = lesson
        other.id = "other"
        p.record(other, at: 0)
        p.reset("other")
        #expect(p.lessons.keys.sorted() == ["every-directive"])
        p.reset()
        #expect(p.lessons.isEmpty)
    }
}
