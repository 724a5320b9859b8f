import Language
import Tensors

/// Judges an answer by its value, never its text, and names the mistake when it is wrong.
///
/// In order: the answer's value against the expected one (then "must use" and the
/// re-check for pasted numbers); if wrong, the author's known wrong answers; then
/// one-edit repairs of the learner's expression (``Repairs``); then comparisons of
/// values (``Detectors``); then a plain description of the difference.
extension Check {
    public func grade(_ answer: String, in learner: Interpreter) -> Verdict {
        let statement: Statement
        do {
            let statements = try Parser.parse(answer)
            guard statements.count == 1, let only = statements.first else {
                return Verdict(correct: false, message: statements.isEmpty ? "type an expression to answer" : "answer with a single expression (no ';')")
            }
            statement = only
        } catch {
            return Verdict(correct: false, message: error.render(source: answer))
        }
        let expr: Expr, assigned: String?
        switch statement.kind {
        case let .expression(e): (expr, assigned) = (e, nil)
        case let .assign(name, e): (expr, assigned) = (e, name)
        }

        let result: Result<Value, LanguageError>
        do { result = .success(try learner.evaluate(expr, source: answer)) } catch { result = .failure(error) }

        if case let .success(value) = result, let t = value.tensor, accepts(t, in: clean, expected: expected) {
            var v = verdictForRight(expr, answer, learner)
            v.value = value
            v.assigned = assigned
            return v
        }

        var verdict = diagnose(expr, answer, result, learner)
        if case let .success(value) = result { verdict.value = value }
        verdict.assigned = assigned
        return verdict
    }

    func verdictForRight(_ expr: Expr, _ answer: String, _ learner: Interpreter) -> Verdict {
        let used = Repairs.names(in: expr)
        let missing = mustUse.filter { !used.contains($0) }
        if !missing.isEmpty {
            return Verdict(correct: false, message: "the value is right, but this exercise asks you to compute it with \(missing.joined(separator: " and ")) — try again using \(missing.count == 1 ? "it" : "them")")
        }
        if let replay, let (alternative, expected2) = replay(), !close(expected2, expected) {
            // Replay the learner's own definitions so an answer that names them still works.
            for name in learner.order where alternative.variables[name] == nil || learner.origins[name] != clean.origins[name] {
                if let origin = learner.origins[name] { _ = alternative.run(origin) }
            }
            let again = (try? alternative.evaluate(expr, source: answer))?.tensor
            if again.map({ !accepts($0, in: alternative, expected: expected2) }) ?? true {
                return Verdict(correct: false, mistake: .hardCoded,
                               message: "those are the right numbers, but typed in (or computed from typed-in numbers): with other random inputs your answer stays the same. Write an expression over the lesson's variables so it works for any input.")
            }
        }
        return Verdict(correct: true, message: explain ?? "correct.")
    }

    func diagnose(_ expr: Expr, _ answer: String, _ result: Result<Value, LanguageError>, _ learner: Interpreter) -> Verdict {
        let value = try? result.get().tensor
        for w in wrong {
            guard let e = try? Parser.parseExpression(w.answer) else { continue }
            let theirs: Result<Value, LanguageError>
            do { theirs = .success(try clean.evaluate(e, source: w.answer)) } catch { theirs = .failure(error) }
            switch (result, theirs) {
            case let (.success, .success(v)):
                guard let value, let t = v.tensor, close(value, t) else { continue }
            case let (.failure(mine), .failure(author)):
                // An author may anticipate an answer that fails, e.g. `Q @ K`: the same error is the same mistake.
                guard mine.kind == author.kind, Grader.sameText(mine.message, author.message) else { continue }
            default:
                continue
            }
            return Verdict(correct: false, mistake: .author, message: w.message)
        }
        if let repaired = Repairs(check: self, learner: learner, source: answer).find(expr) {
            return Verdict(correct: false, mistake: repaired.0, message: repaired.1)
        }
        if let value, let found = Detectors(check: self).find(value) {
            return Verdict(correct: false, mistake: found.0, message: found.1)
        }
        switch result {
        case let .failure(error):
            return Verdict(correct: false, message: error.render(source: answer))
        case let .success(v):
            guard let t = v.tensor else { return Verdict(correct: false, message: "that is \(v.kindName); the answer is a \(shapeText(expected.shape)) tensor") }
            if t.shape != expected.shape {
                return Verdict(correct: false, mistake: .shape, message: "the answer should be \(shapeText(expected.shape)), but yours is \(Check.describe(t.shape))")
            }
            return Verdict(correct: false, message: "not yet: " + difference(t))
        }
    }

    /// Where the answer is furthest from the expected value, in the tensor's own labels.
    func difference(_ t: Tensor) -> String {
        var worst = 0, gap = -1.0
        for i in 0..<t.count {
            let d = Swift.abs(t.data[i] - expected.data[i])
            if d > gap || d.isNaN { worst = i; gap = d.isNaN ? .infinity : d }
        }
        var index: [Int] = []
        var rest = worst
        for size in expected.shape.reversed() { index.insert(rest % max(size, 1), at: 0); rest /= max(size, 1) }
        let place = index.enumerated().map { axis, i in expected.labels[axis].map { "'\($0[i])'" } ?? String(i) }
        let at = place.isEmpty ? "" : " at [\(place.joined(separator: ", "))]"
        return "the values differ (largest difference\(at): yours \(fmt(t.data[worst])), expected \(fmt(expected.data[worst])))"
    }
}

/// A short number for messages.
func fmt(_ v: Double) -> String {
    if v.isNaN { return "nan" }
    if v.isInfinite { return v > 0 ? "inf" : "-inf" }
    let r = (v * 10_000).rounded() / 10_000
    return r.rounded() == r && Swift.abs(r) < 1e15 ? String(Int(r)) : String(r)
}

enum Grader {
    /// Equal but for spacing: `Q@K` and `Q @ K` name the same operands.
    static func sameText(_ a: String, _ b: String) -> Bool {
        a.filter { !$0.isWhitespace } == b.filter { !$0.isWhitespace }
    }
}
