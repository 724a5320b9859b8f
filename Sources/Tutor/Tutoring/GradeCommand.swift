import ArgumentParser
import Display
import Language
import Lessons

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `attn-tutor grade`: grades one answer without a terminal, against a lesson exercise
/// or against an expected expression after a setup file.
struct GradeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grade",
        abstract: "Grade an answer: against a lesson exercise, or free-form against an expected expression.",
        discussion: """
            attn-tutor grade --lesson scores --exercise scores-matrix --answer 'Q @ K.T' --json
            attn-tutor grade --setup setup.attn --expected 'Q @ K.T / sqrt(d_k)' --answer 'Q @ K.T' --json
            """)

    @Option(help: "A lesson id or file.") var lesson: String?
    @Option(help: "The exercise (or question) id within the lesson.") var exercise: String?
    @Option(help: "A file of statements to run first (free-form grading).") var setup: String?
    // Expressions may start with '-' (`-inf * M`): taken as values, never as options.
    @Option(parsing: .unconditional, help: "The expression whose value is right (free-form grading).") var expected: String?
    @Option(parsing: .unconditional, help: "The answer to grade.") var answer: String
    @Flag(help: "Print {\"correct\": …, \"mistake\": …, \"message\": …}.") var json = false
    @OptionGroup var courses: CourseOptions

    func validate() throws {
        if lesson != nil || exercise != nil {
            guard lesson != nil, exercise != nil else { throw ValidationError("--lesson and --exercise go together") }
            guard setup == nil, expected == nil else { throw ValidationError("use either --lesson/--exercise or --setup/--expected") }
        } else {
            guard setup != nil, expected != nil else { throw ValidationError("give --lesson and --exercise, or --setup and --expected") }
        }
    }

    func run() throws {
        let verdict = try grade()
        if json {
            print("{\"correct\":\(verdict.correct),\"mistake\":\(verdict.mistake.map { JSON.string($0.rawValue) } ?? "null"),\"message\":\(JSON.string(verdict.message))}")
        } else {
            print(ANSI.sanitize(verdict.correct ? "✓ " : "✗ ") + ANSI.visible(verdict.message, keepingLines: true) + (verdict.mistake.map { "  [\($0.rawValue)]" } ?? ""))
        }
        if !verdict.correct { throw ExitCode(1) }
    }

    func grade() throws -> Verdict {
        if let lesson, let exercise {
            let found = try LessonLookup.find(lesson, courses: courses)
            guard let index = found.steps.firstIndex(where: { $0.task?.id == exercise }) else {
                let ids = found.steps.compactMap { $0.task?.id }
                throw CommandFailure("lesson '\(found.id)' has no exercise '\(exercise)'; its exercises: \(ids.joined(separator: ", "))")
            }
            let learner = try Workspace.build(found, step: index)
            switch found.steps[index].task! {
            case .exercise: return try Check.forStep(found, step: index).grade(answer, in: learner)
            case let .question(q): return q.grade(answer, in: learner)
            }
        }
        guard let setupPath = setup, let expected else { throw ValidationError("missing --setup or --expected") }
        let text = try BoundedFile.text(setupPath).get()
        let check: Check
        do { check = try Check.freeForm(setup: text, expected: expected) } catch {
            throw CommandFailure("the setup or the expected expression fails:\n" + error.render(source: error.span == nil ? "" : text))
        }
        let learner = Interpreter()
        _ = learner.run(text)
        return check.grade(answer, in: learner)
    }
}
