import Foundation
import Display
import Lessons
import TestSupport
import Testing
@testable import Tutor

/// `:export`: a learner's own session as a page — what they typed, the values, the
/// verdicts, their pictures and the steps they met — written as HTML or Markdown.
@Suite struct SessionExportTests {
    @Test func exportWritesWhatTheLearnerDid() throws {
        let dir = try TemporaryDirectory()
        let learner = try Learner(progress: dir.path + "/progress")
        learner.repl.style = ANSIForTests.colour
        SessionRecord.attach(to: learner.repl)
        learner.type(":lesson every-directive")
        learner.type("")
        learner.type("Wq.T @ X.T")
        learner.type("X @ Wq")
        learner.type(":show Q @ Q.T --heat")
        learner.type(":plot Q")
        learner.type("nosuch + 1")
        learner.type("Q.shape")
        let reply = learner.type(":export \(dir.path)/session.html")
        #expect(reply.contains("wrote \(dir.path)/session.html"))
        learner.type(":export \(dir.path)/session.md")

        let html = try String(contentsOfFile: dir.path + "/session.html", encoding: .utf8)
        let structure = HTMLStructure(html)
        #expect(structure.problems.isEmpty, "\(structure.problems)")
        // The steps met, with their prose, and the task as it was asked.
        #expect(html.contains("<h2><span class=\"num\">1</span>Every directive: Three tokens</h2>"))
        #expect(html.contains("<h2><span class=\"num\">2</span>Every directive: Queries</h2>"))
        #expect(html.contains("Compute the queries Q = X·Wq."))
        // What was typed, and what the tutor made of it.
        #expect(html.contains("<span class=\"prompt\">attn&gt; </span>Wq.T @ X.T</pre>"))
        #expect(html.contains("<p class=\"verdict bad\">✗ That is Qᵀ: keep X on the left.</p>"))
        #expect(html.contains("<p class=\"verdict ok\">✓"))
        #expect(html.contains("<pre class=\"output error\">"))
        #expect(html.contains("name error"))
        // The learner's pictures, as on the terminal but drawn as SVG; their commands above them.
        #expect(structure.with(class: "heatmap").count == 1 && structure.with(class: "plot").count == 1)
        #expect(html.contains("<span class=\"prompt\">attn&gt; </span>:show Q @ Q.T --heat</pre>\n<svg class=\"heatmap\""))
        // Values as tables with their token labels; no terminal colour codes anywhere; the export itself not listed.
        #expect(html.contains("<th scope=\"row\">cat</th>"))
        #expect(!html.contains("\u{1B}") && !html.contains("[0m"))
        #expect(!html.contains(":export"))
        #expect(networkReferences(html).isEmpty)

        let markdown = try String(contentsOfFile: dir.path + "/session.md", encoding: .utf8)
        #expect(markdown.contains("attn> Wq.T @ X.T"))
        #expect(markdown.contains("](session_files/picture-1.svg)") && markdown.contains("](session_files/picture-2.svg)"))
        #expect(FileManager.default.fileExists(atPath: dir.path + "/session_files/picture-2.svg"))
    }

    @Test func exportRefusesWhatItCannotWrite() throws {
        let dir = try TemporaryDirectory()
        let learner = try Learner(progress: dir.path + "/progress")
        SessionRecord.attach(to: learner.repl)
        learner.type("X = ones(2, 2)")
        #expect(learner.type(":export").contains("usage: :export FILE.html"))
        #expect(learner.type(":export notes.txt").contains("ending in .html or .md"))
        #expect(learner.type(":export \(dir.path)/no/such/folder/s.html").contains("its folder does not exist"))
        // After a refused export, recording goes on.
        learner.type("X + 1")
        learner.type(":export \(dir.path)/after.html")
        let html = try String(contentsOfFile: dir.path + "/after.html", encoding: .utf8)
        #expect(html.contains("X + 1") && html.contains("<td>2</td>"))
        #expect(html.contains("2 inputs"))
    }

    @Test func aSessionWithoutARecordSaysSo() {
        let repl = Repl(session: Session(), write: { _ in })
        var said: [String] = []
        repl.write = { said.append($0) }
        repl.feed(":export x.html")
        #expect(said.joined().contains("not being recorded"))
    }
}

enum ANSIForTests {
    static let colour = Display.ANSI(enabled: true)
}
