import Foundation
import Lessons
import Testing

/// The lessons of the curriculum, replayed by the lesson checker: every block
/// runs, every solution passes its own exercise, every known wrong answer gets its message.
@Suite struct CurriculumTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lessons").path

    static let ids = ["why-attention", "parallelism", "embeddings", "positional-encoding", "qkv", "scores", "scaling",
                      "softmax", "weighted-sum", "self-attention", "causal-mask", "coreference", "multi-head", "scale",
                      "real-model", "learning"]
    /// The lessons linked one to the next by `next:`, the two after the core course included.
    static let chain = ids

    @Test func everyLessonIsThereInOrder() throws {
        let catalog = try Catalog.load(directory: Self.folder)
        #expect(catalog.problems.isEmpty, "\(catalog.problems)")
        #expect(catalog.lessons.map(\.id) == Self.ids)
        for (lesson, next) in zip(catalog.lessons, Self.chain.dropFirst().map(Optional.some) + [nil]) {
            #expect(lesson.next == next, "\(lesson.id) points to \(lesson.next ?? "nothing")")
        }
        // Without the pretrained model, lesson 15 is one step that says how to install it.
        for lesson in catalog.lessons where lesson.steps.count > 1 {
            #expect((5...12).contains(lesson.steps.count), "\(lesson.id) has \(lesson.steps.count) steps")
            let exercises = lesson.steps.filter { if case .exercise? = $0.task { return true } else { return false } }
            #expect(exercises.count >= 3, "\(lesson.id) has \(exercises.count) exercises")
            #expect(lesson.steps.last?.task == nil || lesson.steps.last?.title.lowercased().contains("recap") == true,
                    "\(lesson.id) ends with a recap")
        }
    }

    @Test(arguments: ids)
    func passesTheChecker(_ id: String) throws {
        let catalog = try Catalog.load(directory: Self.folder)
        let lesson = try #require(catalog.lesson(id))
        let report = LessonChecker.check([lesson], otherIds: Set(Self.ids))
        #expect(report[0].problems.isEmpty, "\(report[0].problems.map(\.description).joined(separator: "\n"))")
    }
}
