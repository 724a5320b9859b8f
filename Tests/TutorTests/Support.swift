import Foundation
import Lessons
// Every file of this target sees the shared test support (binary, tmux, fixture lesson).
@_exported import TestSupport
@testable import Tutor

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
