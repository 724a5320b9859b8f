import Foundation
import Lessons
import Testing

/// `check` on a lesson holding every authoring mistake a teacher made: every problem in
/// one run, each at the line of the field at fault.
@Suite struct TeacherCheckTests {
    static let lesson = Fixture.authoring + "/every-mistake.md"

    /// (line, a fragment of the message) for every problem the fixture holds.
    static let expected: [(Int, String)] = [
        (3, "front-matter key 'id' is given twice (first at line 2)"),
        (4, "unknown front-matter key 'tilte' — did you mean 'title:'?"),
        (5, "order is a whole number"),
        (11, "warning: randn() draws random numbers, but no seed(n) comes before it"),
        (15, "unknown block type 'excercise' — did you mean ```exercise?"),
        (36, "choice 'b' is given twice (first at line 35)"),
        (46, "the solution '1.234' is typed-in numbers"),
        (26, "dims: names 3 axes, but the answer has 2"),
        (52, "name error: 'Nope' is not defined (the steps after it were checked as if this line were not there)"),
        // Found only because the failing line above was left out for the later steps:
        (59, "the solution 'W + Undefined' fails: 'Undefined' is not defined"),
        (64, "unknown block type 'questoin' — did you mean ```question?"),
        (76, "the solution 'X @ X.T' does not pass its own exercise"),
        (77, "unknown exercise field 'hnit' — did you mean 'hint:'?"),
        (78, "the wrong answer 'nosuchname' fails"),
        (86, "only :show and :plot can run in a lesson block, not ':shwo A --heat'"),
    ]

    @Test func everyMistakeIsReportedInOneRunAtItsLine() throws {
        let (status, out) = try CommandLineTests.run(["check", Self.lesson])
        #expect(status == 1)
        let lines = out.split(separator: "\n").map(String.init)
        for (line, fragment) in Self.expected {
            #expect(lines.contains { $0.hasPrefix("\(Self.lesson):\(line): ") && $0.contains(fragment) }, "line \(line): \(fragment)\n\(out)")
        }
        // Sorted by line.
        let numbers = lines.compactMap { l -> Int? in
            guard l.hasPrefix(Self.lesson + ":") else { return nil }
            return Int(l.dropFirst(Self.lesson.count + 1).prefix { $0.isNumber })
        }
        #expect(numbers == numbers.sorted(), "\(numbers)")
    }

    @Test func aMisspelledBlockNeverShowsItsSolutionToLearners() throws {
        let (lesson, problems) = try Catalog.loadFile(Self.lesson)
        let parsed = try #require(lesson)
        #expect(problems.contains { $0.line == 15 })
        for step in parsed.steps {
            for case let .prose(text) in step.blocks + step.after {
                #expect(!text.contains("solution:") && !text.contains("hint:"), "shown as prose: \(text)")
            }
        }
        // A block of fields under any unknown name is caught too.
        let (_, more) = LessonParser.parse("---\nid: x\n---\n## S {#s}\n```exrcize-one\ntask: t\nsolution: 1\nhint: h\n```\n", file: "x.md")
        #expect(more.contains { $0.line == 5 && $0.message.contains("did you mean ```exercise") }, "\(more)")
    }

    @Test func examAcceptAndShapeOnlyAreReadFromTheLesson() throws {
        let (exam, problems) = try Catalog.loadFile(Fixture.course + "/2-exam.md")
        #expect(problems.isEmpty, "\(problems)")
        #expect(exam?.allowsSolutions == false && exam?.allowsSkip == false)
        let (course, _) = try Catalog.loadFile(Fixture.course + "/1-tokens.md")
        guard case let .exercise(weights)? = course?.steps[2].task, case let .exercise(shape)? = course?.steps[3].task else {
            Issue.record("steps 3 and 4 are exercises"); return
        }
        #expect(weights.accept == "allclose(sum(answer, axis=-1), 1)")
        #expect(shape.shapeOnly)
        let (_, bad) = LessonParser.parse("---\nid: x\nsolutions: maybe\n---\n## S {#s}\n```exercise\ntask: t\nsolution: 1\nrecheck: no\nhint: h\naccept: answer >\nshape-only: sure\n```\n", file: "x.md")
        #expect(bad.contains { $0.line == 3 && $0.message.contains("solutions is 'on' or 'off'") }, "\(bad)")
        #expect(bad.contains { $0.line == 11 && $0.message.contains("accept: 'answer >' is not an expression") }, "\(bad)")
        #expect(bad.contains { $0.line == 12 && $0.message.contains("shape-only is 'yes' or 'no'") }, "\(bad)")
    }

    @Test func crlfAndALeadingBlankLineReadLikeAPlainFile() throws {
        let text = "---\r\nid: crlf\r\ntitle: T\r\n---\r\n## S {#s}\r\n```question\r\nask: a\r\nanswer: 2\r\nhint: h\r\n```\r\n"
        let (lesson, problems) = LessonParser.parse(text, file: "c.md")
        #expect(problems.isEmpty, "\(problems)")
        #expect(lesson?.id == "crlf" && lesson?.steps.first?.task != nil)
        let (late, lateProblems) = LessonParser.parse("\n---\nid: late\n---\n## S\n\nprose\n", file: "l.md")
        #expect(late?.id == "late")
        #expect(lateProblems.map(\.line) == [2], "one problem, at the opening line: \(lateProblems)")
    }
}

/// The guide documents what the tutor does, and its example is shipped with the lessons.
@Suite struct GuideTests {
    static let guide = CourseTests.repository + "/Lessons/README.md"

    @Test func theShippedExampleChecksCleanAndUsesEveryField() throws {
        let example = CourseTests.repository + "/Lessons/examples/every-field.md"
        let (status, out) = try CommandLineTests.run(["check", example])
        #expect(status == 0 && !out.contains("warning"), "\(out)")
        let text = try String(contentsOfFile: example, encoding: .utf8)
        // `requires: model` would hide the example behind the model's download.
        for key in FrontMatter.keys where key != "requires" { #expect(text.contains("\n\(key): "), "front matter key \(key)") }
        for field in ["task", "solution", "save", "hint", "wrong", "tolerance", "must-use", "recheck", "dims", "explain",
                      "accept", "shape-only", "id", "ask", "answer", "choice a"] {
            #expect(text.contains("\n\(field): "), "field \(field)")
        }
        for block in ["```attn setup", "```attn\n", "```exercise", "```question", ":show ", ":plot "] { #expect(text.contains(block), "\(block)") }
        #expect(try String(contentsOfFile: Self.guide, encoding: .utf8).contains("examples/every-field.md"))
    }

    @Test func theGuideListsEveryFieldAndEveryMistakeCode() throws {
        let guide = try String(contentsOfFile: Self.guide, encoding: .utf8)
        for key in FrontMatter.keys { #expect(guide.contains("\(key):"), "front matter key \(key)") }
        for field in ["task", "solution", "save", "hint", "wrong", "tolerance", "must-use", "recheck", "dims", "explain",
                      "accept", "shape-only", "id", "ask", "answer", "choice X"] {
            #expect(guide.contains("`\(field):`"), "field \(field)")
        }
        for code in Mistake.allCases { #expect(guide.contains("`\(code.rawValue)`"), "mistake code \(code.rawValue)") }
    }
}
