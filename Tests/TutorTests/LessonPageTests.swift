import Display
import Foundation
import Lessons
import Tensors
import Testing
import TestSupport
@testable import Tutor

/// Pages of lessons: for the fixture lesson, golden files of both versions and both
/// formats; for every shipped lesson, the properties a handout must have.
@Suite struct LessonPageTests {
    @Test func fixtureGoldenPages() throws {
        let lesson = try Repository.lesson(at: Repository.fixtureLesson)
        for student in [false, true] {
            let built = LessonPage.build(lesson, student: student)
            #expect(built.problems.isEmpty)
            let suffix = student ? "-student" : "-solved"
            Repository.expectGolden("page\(suffix).html", HTMLPage(page: built.page).render())
            let (markdown, pictures) = MarkdownPage(page: built.page, pictureFolder: "handout-lesson\(suffix)_files").render()
            Repository.expectGolden("page\(suffix).md", markdown)
            #expect(pictures.count == lesson.drawnLines.count)
            #expect(pictures.allSatisfy { $0.svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") })
        }
    }

    @Test func fixtureSolvedPageShowsEverything() throws {
        let lesson = try Repository.lesson(at: Repository.fixtureLesson)
        let html = HTMLPage(page: LessonPage.build(lesson, student: false).page).render()
        // The solution, graded, with its value; the hints; the question's answers.
        #expect(html.contains("<details class=\"solution\"><summary>Solution</summary>\n<pre class=\"input\"><span class=\"prompt\">attn&gt; </span>X @ X.T / 2</pre>"))
        #expect(html.contains("<p class=\"verdict ok\">✓"))
        #expect(html.contains("<p class=\"answer\">b) across each row</p>"))
        #expect(html.contains("<li>The top-left score comes out as 0.50.</li>"))
        #expect(html.contains("<li>Three queries times three keys makes 9.</li>"))
        // Escaped everywhere: the title, the prose's raw tag; external links written out, not linked.
        #expect(html.contains("<title>Handout &lt;fixture&gt; &amp; friends — attn-tutor</title>"))
        #expect(html.contains("a &lt;script&gt;alert(1)&lt;/script&gt; tag"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("a link <span class=\"url\">(https://example.com/x)</span>"))
        #expect(html.contains("<a href=\"#step-count\">local link</a>"))
        #expect(html.contains("<span class=\"image\">[image: image — pic.png]</span>"))
        #expect(html.contains("<th style=\"text-align:right\">frequency</th>"))
    }

    @Test func fixtureStudentPageHoldsBackEveryAnswer() throws {
        let lesson = try Repository.lesson(at: Repository.fixtureLesson)
        let html = HTMLPage(page: LessonPage.build(lesson, student: true).page).render()
        let structure = HTMLStructure(html)
        #expect(structure.problems.isEmpty)
        #expect(structure.with(class: "solution").isEmpty && structure.with(class: "answer").isEmpty && structure.with(class: "verdict").isEmpty)
        // Hints that give the answer away: its text, an expression with its value, its numbers, the right choice.
        #expect(!html.contains("X @ X.T / 2"))
        #expect(!html.contains("0.50"))
        #expect(!html.contains("sum(A, axis=-1)"))
        #expect(!html.contains("makes 9"))
        #expect(!html.contains("b) — across"))
        #expect(html.contains("<li>Multiply X by its transpose.</li>") && html.contains("<li>Count the rows and the columns.</li>"))
        // explain: lines are said after a right answer: never on a student's page.
        #expect(!html.contains("one half"))
        // S (saved) and A (made from S) are shown nowhere, in tables or pictures; a later
        // statement that spells the solution out is masked.
        let s = try Check.forStep(lesson, step: 0).expected
        #expect(!html.contains(TensorTable(precision: 4).html(s)))
        #expect(!html.contains("0.3837") && !html.contains("0.38<"))
        #expect(html.contains("T = ‹answer to step 1›"))
        #expect(html.components(separatedBy: "class=\"placeholder\"").count - 1 == 1)
        // What is not an answer stays: X, its heatmap, the curves.
        #expect(html.contains("<th scope=\"row\">sat</th><td>1</td><td>1</td>"))
        #expect(html.components(separatedBy: "<svg").count - 1 == lesson.drawnLines.count)
    }

    /// Every shipped lesson, both versions, both formats: one build each.
    @Test(arguments: try Repository.shippedLessons().map(\.id)) func everyShippedLessonMakesGoodPages(id: String) throws {
        let lesson = try #require(try Repository.shippedLessons().first { $0.id == id })
        for student in [false, true] {
            let built = LessonPage.build(lesson, student: student)
            #expect(built.problems.isEmpty, "\(lesson.id): \(built.problems)")
            try expectGoodHTML(lesson, built, student: student)
            expectGoodMarkdown(lesson, built.page, student: student)
        }
    }

    @Test func allShippedLessonsAreCovered() throws {
        #expect(try Repository.shippedLessons().count >= 14)
    }

    func expectGoodHTML(_ lesson: Lesson, _ built: LessonPage.Built, student: Bool) throws {
        let html = HTMLPage(page: built.page).render()
        let structure = HTMLStructure(html)
        #expect(structure.problems.isEmpty, "\(lesson.id): \(structure.problems)")
        for (k, step) in lesson.steps.enumerated() {
            #expect(html.contains("<section class=\"step\" id=\"\(HTMLPage.anchor(step.id))\">\n<h2><span class=\"num\">\(k + 1)</span>\(MarkdownHTML.inline(step.title))</h2>"),
                    "\(lesson.id): no heading for step \(k + 1) '\(step.title)'")
        }
        #expect(html.components(separatedBy: "<svg").count - 1 == lesson.drawnLines.count, "\(lesson.id): one picture per picture line")
        #expect(networkReferences(html).isEmpty, "\(lesson.id): \(networkReferences(html))")
        let tasks = lesson.steps.filter { $0.task != nil }.count
        let solutions = structure.with(class: "solution")
        if student {
            #expect(solutions.isEmpty && structure.with(class: "answer").isEmpty && structure.with(class: "verdict").isEmpty, "\(lesson.id)")
            try expectNoLeaks(lesson, html, answers: built.answers)
        } else {
            #expect(solutions.count == tasks, "\(lesson.id)")
            #expect(structure.with(class: "verdict").allSatisfy { $0.classes.contains("ok") }, "\(lesson.id): a solution that fails")
        }
        // Solutions, answers and verdicts only inside a folded <details>.
        for e in solutions + structure.with(class: "answer") + structure.with(class: "verdict") {
            #expect(e.name == "details" || e.ancestors.contains { $0.name == "details" && $0.classes.contains("solution") },
                    "\(lesson.id): \(e.name) outside <details>")
        }
    }

    /// Once each task is asked, neither its solution's text nor its value as a table appears
    /// on a student's page; an `explain:` line appears nowhere.
    func expectNoLeaks(_ lesson: Lesson, _ html: String, answers: [Int: Tensor]) throws {
        for (k, step) in lesson.steps.enumerated() {
            guard let task = step.task else { continue }
            // What the author wrote before the task (and in it) is for the learner; after it, nothing may tell.
            let mark = "<span class=\"mark\">\(task.isExercise ? "Exercise" : "Question") \(k + 1)/\(lesson.steps.count)</span>"
            guard let at = html.range(of: mark), let end = html[at.upperBound...].range(of: "</summary>") else {
                Issue.record("\(lesson.id): no task at step \(k + 1)")
                continue
            }
            let rest = String(html[end.upperBound...])
            switch task {
            case let .exercise(e):
                let solution = HTML.escape(e.solution).unicodeScalars.filter { !$0.properties.isWhitespace }
                if solution.count >= 3 {
                    let after = String(String.UnicodeScalarView(rest.unicodeScalars.filter { !$0.properties.isWhitespace }))
                    #expect(!after.contains(String(String.UnicodeScalarView(solution))), "\(lesson.id) step \(k + 1): the solution \(e.solution) is on the page")
                }
                if let expected = answers[k], expected.count > 1 {
                    #expect(!rest.contains(TensorTable(precision: 4).html(expected)), "\(lesson.id) step \(k + 1): the answer's value is on the page")
                }
                if let explain = e.explain, explain.count >= 12 { #expect(!html.contains(HTML.escape(explain)), "\(lesson.id): explain shown") }
            case let .question(q):
                if let explain = q.explain, explain.count >= 12 { #expect(!html.contains(HTML.escape(explain)), "\(lesson.id): explain shown") }
            }
        }
    }

    func expectGoodMarkdown(_ lesson: Lesson, _ page: Page, student: Bool) {
        let (text, pictures) = MarkdownPage(page: page, pictureFolder: "\(lesson.id)_files").render()
        for (k, step) in lesson.steps.enumerated() {
            #expect(text.contains("\n## \(k + 1). \(step.title)\n"), "\(lesson.id): step \(k + 1)")
        }
        #expect(pictures.count == lesson.drawnLines.count, "\(lesson.id)")
        #expect(text.components(separatedBy: "](\(lesson.id)_files/picture-").count - 1 == pictures.count)
        let exercises = lesson.steps.filter { $0.task?.isExercise == true }.count
        let solutions = text.components(separatedBy: "<summary>Solution</summary>").count - 1
        #expect(solutions == (student ? 0 : exercises), "\(lesson.id)")
        if student { #expect(!text.contains("<summary>Answer</summary>")) }
    }

    @Test func runCommandWritesPages() throws {
        let dir = Repository.temporaryDirectory()
        let html = dir + "/fixture.html", markdown = dir + "/fixture.md"
        let command = try RunCommand.parse([Repository.fixtureLesson, "--html", html, "--markdown", markdown, "--student"])
        try command.run()
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.hasPrefix("<!DOCTYPE html>") && page.contains("student version"))
        let pictures = try FileManager.default.contentsOfDirectory(atPath: dir + "/fixture_files").sorted()
        #expect(pictures == ["picture-1.svg", "picture-2.svg", "picture-3.svg", "picture-4.svg"])
        #expect(try String(contentsOfFile: markdown, encoding: .utf8).contains("](fixture_files/picture-1.svg)"))
        // --student alone has nothing to leave solutions out of.
        #expect(throws: (any Error).self) { _ = try RunCommand.parse([Repository.fixtureLesson, "--student"]) }
        // An unwritable place is a clear error, not a crash.
        let bad = try RunCommand.parse([Repository.fixtureLesson, "--html", dir + "/no/such/folder/page.html"])
        #expect(throws: (any Error).self) { try bad.run() }
    }
}

extension Task {
    var isExercise: Bool {
        if case .exercise = self { return true }
        return false
    }
}
