import Language
import Tensors

extension Check {
    /// The seed shift of the second workspace an exercise re-checks answers in.
    public static let replayShift: UInt64 = 7919

    /// The check for the exercise of step `index`: its expected value comes from the
    /// solution in the step's clean workspace, never from the learner's. Pass the lesson's
    /// `workspaces` to reuse the steps already built.
    public static func forStep(_ lesson: Lesson, step index: Int, workspaces: LessonWorkspaces? = nil) throws(Problem) -> Check {
        let workspaces = workspaces ?? LessonWorkspaces(lesson)
        let step = lesson.steps[index]
        guard case let .exercise(e)? = step.task else {
            throw Problem(lesson.file, step.line, "step '\(step.id)' has no exercise")
        }
        let clean = try workspaces.entered(index).workspace
        guard case let .tensor(expected) = try Workspace.solution(e, lesson, clean) else {
            throw Problem(lesson.file, e.line, "the solution '\(e.solution)' must give a tensor or a number")
        }
        var check = Check(expected: expected, clean: clean)
        check.tolerance = e.tolerance
        check.dims = e.dims
        check.wrong = e.wrong
        check.mustUse = e.mustUse
        check.explain = e.explain
        check.accept = e.accept
        check.shapeOnly = e.shapeOnly
        check.solution = e.solution
        check.invitesHandWork = !e.recheck
        if e.recheck {
            check.replay = {
                guard let other = try? workspaces.entered(index, seedShift: Check.replayShift).workspace,
                      case let .tensor(t)? = try? Workspace.solution(e, lesson, other) else { return nil }
                return (other, t)
            }
        }
        // Wherever the solution stays defined with other values of the lesson's named numbers.
        let keep = OtherNumbers.axisSizes(clean)
        let built = Built()
        check.coincidenceReplay = {
            let made = built.coincidence ?? {
                let (changed, names) = workspaces.variant(["coincidence", keep] as [AnyHashable]) { OtherNumbers.lesson(lesson, keep: keep) }
                guard !names.isEmpty, let other = try? changed.entered(index, seedShift: Check.replayShift).workspace,
                      case let .tensor(t)? = try? Workspace.solution(e, changed.lesson, other), t.data.allSatisfy(\.isFinite) else { return .none }
                return .some((other, t, names))
            }()
            built.coincidence = made
            return made.map { ($0.0.copy(), $0.1, $0.2) }
        }
        check.attributionReplay = {
            let made = built.attribution ?? {
                let (changed, names) = workspaces.variant("attribution") { OtherNumbers.lesson(lesson, keep: []) }
                guard !names.isEmpty, let other = try? changed.entered(index).workspace else { return .none }
                return .some((other, names))
            }()
            built.attribution = made
            return made.map { ($0.0.copy(), $0.1) }
        }
        return check
    }

    /// Free-form grading (`grade --setup`): the setup runs in a fresh workspace, the
    /// expected expression is evaluated there. When the setup draws random numbers, a
    /// second run with every seed shifted tells an expression from pasted numbers.
    public static func freeForm(setup: String, expected: String) throws(LanguageError) -> Check {
        func build(_ shift: UInt64) throws(LanguageError) -> (Interpreter, Tensor) {
            let interpreter = Interpreter(seedShift: shift)
            if let error = interpreter.run(setup).error { throw error }
            let expr = try Parser.parseExpression(expected)
            guard case let .tensor(t) = try interpreter.evaluate(expr, source: expected) else {
                throw LanguageError(.type, "the expected expression must give a tensor or a number")
            }
            return (interpreter, t)
        }
        let (clean, value) = try build(0)
        var check = Check(expected: value, clean: clean)
        check.solution = expected
        let random = ["seed", "rand", "randn", "embed"].contains { setup.contains($0 + "(") }
        if random { check.replay = { try? build(Check.replayShift) } }
        let keep = OtherNumbers.axisSizes(clean)
        check.coincidenceReplay = {
            var names: [String: Double] = [:], order: [String] = []
            let changed = OtherNumbers.rewrite(setup, keep: keep, names: &names, order: &order)
            let interpreter = Interpreter(seedShift: Check.replayShift)
            guard !names.isEmpty, interpreter.run(changed).error == nil, let expr = try? Parser.parseExpression(expected),
                  case let .tensor(t)? = try? interpreter.evaluate(expr, source: expected), t.data.allSatisfy(\.isFinite) else { return nil }
            return (interpreter, t, names)
        }
        return check
    }
}

extension Question {
    /// Judges an answer: a choice letter, or an expression whose value is the number asked for.
    public func grade(_ response: String, in interpreter: Interpreter) -> Verdict {
        let typed = response.trimmedString
        if !choices.isEmpty {
            let letter = String(typed.lowercased().prefix { $0.isLetter || $0.isNumber })
            guard choices.contains(where: { $0.letter.lowercased() == letter }) else {
                let letters = choices.map(\.letter).joined(separator: ", ")
                if let option = option(named: typed) {
                    return Verdict(correct: false, message: "answer with a letter: '\(typed)' is option \(option.letter)")
                }
                if Double(typed) != nil {
                    return Verdict(correct: false, message: "this question takes the letter of an option (\(letters)), not a number")
                }
                return Verdict(correct: false, message: "answer with one of the letters \(letters)")
            }
            if letter == answer.lowercased() { return Verdict(correct: true, message: explain ?? "correct.") }
            if let w = wrong.first(where: { $0.answer.lowercased() == letter }) {
                return Verdict(correct: false, mistake: .author, message: w.message)
            }
            return Verdict(correct: false, message: "not that one — think again, or ask for a :hint")
        }
        let value: Double
        do {
            // `n = 2048; n ** 2 * d / (n * d ** 2)` or `r = 2048 / 512`: the earlier statements run
            // as at the prompt, and the last one (or what it assigns) is the answer.
            let statements = try Parser.parse(typed)
            guard let last = statements.last else { return Verdict(correct: false, message: "answer with a single number") }
            for statement in statements.dropLast() { _ = try interpreter.execute(statement, source: typed) }
            let expr: Expr
            switch last.kind {
            case let .expression(e): expr = e
            case .assign: _ = try interpreter.execute(last, source: typed); expr = assignedName(last) ?? Expr(.number(.nan), last.span)
            }
            guard case let .tensor(t) = try interpreter.evaluate(expr, source: typed), let v = t.scalarValue else {
                return Verdict(correct: false, message: "answer with a single number (an expression such as 0.9 ** 49 is fine)")
            }
            value = v
        } catch {
            return Verdict(correct: false, message: error.render(source: typed))
        }
        guard let right = Double(answer) else {
            return Verdict(correct: false, message: "this question's answer '\(answer)' is not a number — a mistake in the lesson (run attn-tutor check)")
        }
        if matches(value, right) { return Verdict(correct: true, message: explain ?? "correct.", value: .tensor(Tensor(value))) }
        for w in wrong {
            if let v = Double(w.answer), matches(value, v) { return Verdict(correct: false, mistake: .author, message: w.message) }
        }
        // In an exam, "more"/"less" would let a learner bisect to the answer.
        return Verdict(correct: false, message: exam ? "not right" : "not \(fmt(value)) — \(value < right ? "more" : "less") than that")
    }

    /// The variable an assignment sets, as an expression to read it back.
    func assignedName(_ s: Statement) -> Expr? {
        guard case let .assign(name, e) = s.kind else { return nil }
        return Expr(.name(name), e.span)
    }

    /// The choice whose text is what was typed (`locked` for "a) locked"), ignoring case, quotes and backticks.
    public func option(named typed: String) -> (letter: String, text: String)? {
        func plain(_ s: String) -> String {
            var t = s.lowercased().filter { !"`'\"*".contains($0) }.trimmedString
            while t.hasSuffix(".") { t.removeLast() }
            return t
        }
        let mine = plain(typed)
        guard mine.count >= 2 else { return nil }
        return choices.first { plain($0.text) == mine }
    }

    func matches(_ value: Double, _ right: Double) -> Bool {
        Swift.abs(value - right) <= Swift.max(tolerance, 1e-9 * Swift.abs(right))
    }
}

/// The re-check workspaces of one exercise, built once (each use gets a copy).
final class Built {
    var coincidence: ((Interpreter, Tensor, [String: Double])?)?
    var attribution: ((Interpreter, [String: Double])?)?
}
