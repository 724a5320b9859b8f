import Foundation
import Lessons
@testable import Tutor

/// The lesson every test walks: it uses every directive of the lesson syntax.
enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let path = directory + "/every-directive.md"
    /// A teacher's course folder: linked to itself and to the built-in lessons.
    static let course = directory + "/course"
    /// Lessons with authoring mistakes, for the checker.
    static let authoring = directory + "/authoring"

    static func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    static func lesson() throws -> Lesson {
        let (lesson, problems) = LessonParser.parse(try text(), file: path)
        guard let lesson, problems.isEmpty else { throw Failure("fixture does not parse: \(problems)") }
        return lesson
    }

    static func temporaryDirectory() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attn-tutor-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// A learner at the REPL, in process: lines go in as they would from stdin, the transcript comes out.
final class Learner {
    let repl: Repl
    let tutoring: Tutoring
    var transcript: [String] = []

    init(catalogDirectory: String = Fixture.directory, catalog given: Catalog? = nil, progress: String) throws {
        let session = Session()
        var lines: [String] = []
        repl = Repl(session: session, write: { lines.append($0) })
        let catalog = given.map { Result.success($0) } ?? Result { () throws(CatalogError) in try Catalog.load(directory: catalogDirectory) }
        tutoring = Tutoring(repl: repl, catalog: catalog, store: ProgressStore(directory: progress))
        repl.write = { [unowned self] in self.transcript.append($0) }
        transcript = lines
    }

    /// Types one line; returns what the tutor wrote in reply.
    @discardableResult
    func type(_ line: String) -> String {
        let before = transcript.count
        repl.feed(line)
        return transcript[before...].joined(separator: "\n")
    }

    var prompt: String { repl.prompt }
}
