import Foundation
import Language
import Lessons
import Tensors
import Testing
@testable import Tutor

/// Every exercise of the shipped lessons, answered through the real stepper as a
/// learner would type it: each authored wrong answer gets ✗ and its own message, the
/// solution gets ✓, and so does an equivalent form of it. The learner is driven through
/// the REPL's feed (`:lesson`, `:goto`, typed lines), so the test keeps working whatever
/// the stepper looks like inside.
@Suite struct ShippedLessonReplayTests {
    static let directory = Repository.lessons

    /// The numbered lessons this suite replays (01 … 14; lessons others add are replayed by the checker).
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { name in
            guard name.hasSuffix(".md"), let n = Int(name.prefix(2)) else { return false }
            return (1...14).contains(n)
        }.sorted()
    }()

    static func lesson(_ file: String) throws -> Lesson {
        let text = try String(contentsOfFile: directory + "/" + file, encoding: .utf8)
        let (lesson, problems) = LessonParser.parse(text, file: file)
        guard let lesson, problems.isEmpty else { throw Failure("\(file) does not parse: \(problems)") }
        return lesson
    }

    /// Spacing and wrapping aside: messages are wrapped to the terminal.
    static func flat(_ s: String) -> String {
        var out = "", space = false
        var chars = s[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if c == "\u{1B}" { while let d = chars.first, !d.isLetter { chars = chars.dropFirst() }; chars = chars.dropFirst(); continue }
            if c.isWhitespace { space = true; continue }
            if space, !out.isEmpty { out.append(" ") }
            space = false
            out.append(c)
        }
        return out
    }

    /// An equivalent spelling of a solution: `K.T` as `transpose(K)`, `/ sqrt(d)` as
    /// `* d ** -0.5`, a count as the number itself; else the solution in brackets.
    static func variant(of solution: String, value: Tensor?) -> String {
        if let t = value, t.count == 1, let v = t.data.first, v.rounded() == v, Swift.abs(v) < 1e15,
           !solution.contains("argmax"), Double(solution) == nil {
            return String(Int(v))
        }
        if let r = solution.firstRange(of: "/ sqrt(") {
            let rest = solution[r.upperBound...]
            if let close = rest.firstIndex(of: ")"), !rest[..<close].contains("(") {
                return String(solution[..<r.lowerBound]) + "* " + rest[..<close] + " ** -0.5" + rest[rest.index(after: close)...]
            }
        }
        let chars = Array(solution)
        for i in chars.indices where i + 2 <= chars.count && chars[i] == "." && chars[i + 1] == "T"
            && (i + 2 == chars.count || !(chars[i + 2].isLetter || chars[i + 2].isNumber || chars[i + 2] == "_")) {
            var start = i
            while start > 0, chars[start - 1].isLetter || chars[start - 1].isNumber || chars[start - 1] == "_" { start -= 1 }
            guard start < i, chars[start].isLetter else { continue }
            return String(chars[..<start]) + "transpose(" + String(chars[start..<i]) + ")" + String(chars[(i + 2)...])
        }
        return "(" + solution + ")"
    }

    /// A line the stepper shows instead of grading: a bare name or `.shape` (looking around).
    static func isInspection(_ answer: String) -> Bool {
        guard let e = try? Parser.parseExpression(answer) else { return false }
        switch e.kind {
        case .name, .attribute(_, "shape"): return true
        default: return false
        }
    }

    @Test(arguments: files)
    func everyAnswerIsJudgedThroughTheStepper(_ file: String) throws {
        let lesson = try ShippedLessonReplayTests.lesson(file)
        let first = try Learner(catalogDirectory: ShippedLessonReplayTests.directory, progress: Fixture.temporaryDirectory())
        let second = try Learner(catalogDirectory: ShippedLessonReplayTests.directory, progress: Fixture.temporaryDirectory())
        first.type(":lesson \(lesson.id)")
        second.type(":lesson \(lesson.id)")
        let flat = ShippedLessonReplayTests.flat
        for (index, step) in lesson.steps.enumerated() {
            guard let task = step.task else { continue }
            first.type(":goto \(index + 1)")
            second.type(":goto \(index + 1)")
            let place = "\(lesson.id) step \(index + 1) (\(task.id))"
            switch task {
            case let .exercise(e):
                let check = try Check.forStep(lesson, step: index)
                for w in e.wrong {
                    if ShippedLessonReplayTests.isInspection(w.answer) {
                        // Looking at a variable is shown, not graded, by the stepper: judged directly.
                        let v = check.grade(w.answer, in: first.repl.session.interpreter)
                        #expect(!v.correct && v.message == w.message, "\(place): \(w.answer) → \(v.message)")
                        continue
                    }
                    let out = first.type(w.answer)
                    #expect(out.contains("✗") && flat(out).contains(flat(w.message)), "\(place): wrong answer \(w.answer) → \(out)")
                    // As the last of several statements, and assigned to a name, it is the same answer.
                    let semi = check.grade("tmp_replay = 1; " + w.answer, in: first.repl.session.interpreter)
                    #expect(!semi.correct && semi.message == w.message, "\(place): tmp_replay = 1; \(w.answer) → \(semi.message)")
                    let named = check.grade("mine_replay = " + w.answer, in: first.repl.session.interpreter)
                    #expect(!named.correct && named.message == w.message, "\(place): mine_replay = \(w.answer) → \(named.message)")
                }
                let typed = e.save.map { "\($0) = \(e.solution)" } ?? e.solution
                let out = first.type(typed)
                #expect(out.contains("✓"), "\(place): the solution \(typed) → \(out)")
                let variant = ShippedLessonReplayTests.variant(of: e.solution, value: check.expected)
                let semi = check.grade("tmp_replay = 0; " + variant, in: second.repl.session.interpreter)
                #expect(semi.correct, "\(place): tmp_replay = 0; \(variant) → \(semi.message)")
                let again = second.type(variant)
                #expect(again.contains("✓"), "\(place): the variant \(variant) → \(again)")
            case let .question(q):
                for w in q.wrong {
                    let out = first.type(w.answer)
                    #expect(out.contains("✗") && flat(out).contains(flat(w.message)), "\(place): wrong answer \(w.answer) → \(out)")
                }
                #expect(first.type(q.answer).contains("✓"), "\(place): the answer \(q.answer)")
                let variant = q.choices.isEmpty ? "(\(q.answer)) * 1" : q.answer.uppercased()
                let again = second.type(variant)
                #expect(again.contains("✓"), "\(place): the variant \(variant) → \(again)")
            }
        }
    }

    /// Slips found walking the lessons: each named, and every fix offered right when typed as shown.
    @Test func walkedSlipsAreNamedAndTheirFixesWork() throws {
        let flat = ShippedLessonReplayTests.flat
        let learner = try Learner(catalogDirectory: ShippedLessonReplayTests.directory, progress: Fixture.temporaryDirectory())
        // Lesson 2: the row read out of a whole S, however it is spelled, is not "nothing else computed".
        learner.type(":lesson parallelism")
        learner.type(":goto 2")
        for answer in ["(X @ X.T)[-1]", "S[-1]", "row = S[-1]"] {
            let out = flat(learner.type(answer))
            #expect(out.contains("✗") && out.contains("computed whole first"), "\(answer) → \(out)")
        }
        // Lesson 11: a mask one diagonal too high is named, never "yours -inf, expected -inf".
        learner.type(":lesson causal-mask")
        learner.type(":goto 2")
        for answer in ["where(tril(ones(6, 6), 1), 0, -inf)", "where(triu(ones(6, 6), 2), -inf, 0)"] {
            let out = flat(learner.type(answer))
            #expect(out.contains("✗") && out.contains("one diagonal too high") && !out.contains("yours -inf, expected -inf"), "\(answer) → \(out)")
        }
        // Lesson 11 step 3 asks for M: multiplying by it is named, and the fix uses M.
        learner.type(":goto 3")
        var out = flat(learner.type("softmax(S * M)"))
        #expect(out.contains("✗") && out.contains("multiplied") && out.contains("softmax(S + M)") && !out.contains("causal_mask"), "\(out)")
        // Lesson 5 step 7: the fix offered keeps the `@ V`.
        learner.type(":lesson qkv")
        learner.type(":goto 7")
        out = flat(learner.type("s = Q[1] @ K.T; softmax(s) / sqrt(d_k) @ V"))
        #expect(out.contains("✗") && out.contains("write softmax(s / sqrt(d_k)) @ V"), "\(out)")
        out = flat(learner.type("softmax(softmax(Q[1] @ K.T / sqrt(d_k))) @ V"))
        #expect(out.contains("✗") && out.contains("Apply it once: softmax(Q[1] @ K.T / sqrt(d_k)) @ V"), "\(out)")
        // Lesson 10's letter question: an option's text or a number gets told to answer with a letter.
        learner.type(":lesson self-attention")
        learner.type(":goto 6")
        out = flat(learner.type("locked"))
        #expect(out.contains("'locked' is option a") && !out.contains("name error"), "\(out)")
        out = flat(learner.type("1"))
        #expect(out.contains("letter"), "\(out)")
        // Lesson 2's number question: a `;` line and an assignment are answers, as at an exercise.
        learner.type(":lesson parallelism")
        learner.type(":goto 8")
        out = flat(learner.type("r = 2048 / 512"))
        #expect(out.contains("✓") && !out.contains("syntax error"), "\(out)")
        learner.type(":goto 8")
        out = flat(learner.type("n = 2048; n ** 2 * d / (n * d ** 2)"))
        #expect(out.contains("✓") && !out.contains("syntax error"), "\(out)")
    }

    /// A step the task itself asks for (`Build Wq2 and A2 as above, then answer …`) is not a wrong answer.
    @Test func namingAStepOnTheWayIsNotAWrongAnswer() throws {
        let learner = try Learner(catalogDirectory: ShippedLessonReplayTests.directory, progress: Fixture.temporaryDirectory())
        learner.type(":lesson coreference")
        learner.type(":goto 9")
        var out = learner.type("Wq2 = [[0, 0], [0, 0], [3, 0], [0, 3]]")
        #expect(!out.contains("✗") && out.contains("kept Wq2"), "\(out)")
        out = learner.type("A2 = softmax(X_wide @ Wq2 @ K_wide.T / sqrt(d_k))")
        #expect(!out.contains("✗"), "\(out)")
        out = learner.type("argmax(A2[7])")
        #expect(out.contains("✓"), "\(out)")
    }
}
