import Language
import Tensors

/// Judges an answer by its value, never its text, and names the mistake when it is wrong.
///
/// In order: the answer's value against the expected one (then the checks a right value
/// must still pass: a count is whole, "must use" followed through the learner's own
/// variables, the row it was read from, the re-checks in workspaces with other random
/// draws and other named numbers); numbers typed from the screen at the precision typed;
/// if wrong, the author's known wrong answers; then one-edit repairs of the learner's
/// expression (``Repairs``); then comparisons of values (``Detectors``); then the error
/// (with only the suggestions that really give the answer) or a plain difference.
extension Check {
    public func grade(_ answer: String, in learner: Interpreter) -> Verdict {
        let statements: [Statement]
        do { statements = try Parser.parse(answer) } catch {
            return Verdict(correct: false, message: error.render(source: answer))
        }
        guard let last = statements.last else { return Verdict(correct: false, message: "type an expression to answer") }
        // `T = 4; softmax(s / T)`: the earlier statements run as at the prompt; the last one is the answer.
        for statement in statements.dropLast() {
            do { _ = try learner.execute(statement, source: answer) } catch {
                return Verdict(correct: false, message: error.render(source: answer))
            }
        }
        let expr: Expr, assigned: String?
        switch last.kind {
        case let .expression(e): (expr, assigned) = (e, nil)
        case let .assign(name, e): (expr, assigned) = (e, name)
        }

        let result: Result<Value, LanguageError>
        do { result = .success(try learner.evaluate(expr, source: answer)) } catch { result = .failure(error) }

        // Ctrl-C while the answer (or a repair of it) ran is no answer at all: an interrupted
        // known-wrong answer would otherwise "match" it and show that answer's author message.
        if case let .failure(error) = result, error.kind == .interrupted { return Verdict.interrupted }
        var verdict: Verdict
        if case let .success(value) = result, let t = value.tensor, accepts(t, in: clean, expected: expected),
           !(accept == nil && !shapeOnly && anotherCount(t)) {
            verdict = verdictForRight(expr, t, answer, learner)
        } else if case let .success(value) = result, let t = value.tensor,
                  let typed = HandWork(learner: learner, source: answer).roundingError(expr, value: t),
                  HandWork.within(t, expected, error: typed.error, tolerance: tolerance) {
            verdict = roundedNumbers(expr, t, typed.typed, answer, learner)
        } else {
            verdict = diagnose(expr, answer, result, learner)
        }
        if Interrupt.isRequested { return Verdict.interrupted }
        if case let .success(value) = result { verdict.value = value }
        verdict.assigned = assigned
        return verdict
    }

    /// An answer of rounded numbers close to the right value: right where the task invites
    /// working by hand, else named for what it is.
    func roundedNumbers(_ expr: Expr, _ t: Tensor, _ typed: [String], _ answer: String, _ learner: Interpreter) -> Verdict {
        // Accepted only near the precision the screen shows: three significant digits of the answer.
        let scale = expected.data.map { Swift.abs($0) }.max() ?? 0
        let near = zip(t.data, expected.data).allSatisfy { Swift.abs($0 - $1) <= 1e-3 * scale + tolerance }
        if invitesHandWork, near {
            var v = verdictForRight(expr, t, answer, learner, rechecks: false)
            if v.correct { v.message += " (right to the digits you typed)" }
            return v
        }
        let (mine, exact) = Format.pair(t.data[worstIndex(t)], expected.data[worstIndex(t)])
        let shown = typed.prefix(3).joined(separator: ", ") + (typed.count > 3 ? ", …" : "")
        if invitesHandWork {
            return Verdict(correct: false, message: "close — the numbers you typed (\(shown)) are rounded too far: they give \(mine), the answer is \(exact). Type them with all the digits the screen shows.")
        }
        var from = ""
        if let names = solutionVariables, !names.isEmpty { from = " from " + Format.list(names) }
        return Verdict(correct: false, mistake: .hardCoded,
                       message: "those are rounded numbers typed in (\(shown)): they give \(mine), the exact answer is \(exact). Compute it\(from) with an expression, so no digit is lost.")
    }

    /// The lesson variables the solution mentions (for "compute it from Q and K").
    var solutionVariables: [String]? {
        guard let solution, let e = try? Parser.parseExpression(solution) else { return nil }
        var out: [String] = []
        func walk(_ e: Expr) {
            if case let .name(n) = e.kind, clean.variables[n] != nil, !out.contains(n) { out.append(n) }
            e.children.forEach(walk)
        }
        walk(e)
        return out
    }

    func verdictForRight(_ expr: Expr, _ value: Tensor, _ answer: String, _ learner: Interpreter, rechecks: Bool = true) -> Verdict {
        let provenance = Provenance(learner: learner, clean: clean)
        let expanded = provenance.expand(expr)
        if let notWhole = countCheck(value) { return notWhole }
        // An author's wrong answer with the right value that must-use refuses (`S[5]`, where the
        // row must come from X, not a whole S) is refused however it is spelled: `S[-1]`,
        // `(X @ X.T)[5]`, `row = S[5]`, though these name X.
        let deep = Provenance.compact(ExprPrinter.text(provenance.expandAll(expr)))
        if let w = wrong.first(where: { w in
            guard let e = try? Parser.parseExpression(w.answer), mustUseCheck(e) != nil else { return false }
            return Provenance.compact(ExprPrinter.text(provenance.expandAll(e))) == deep
        }) {
            return Verdict(correct: false, mistake: .author, message: w.message)
        }
        if let missing = mustUseCheck(expanded) {
            // An author who foresaw this very answer (`S[5]` where the row must come from X) says why.
            let mine = Provenance.compact(ExprPrinter.text(expanded))
            if let w = wrong.first(where: { (try? Parser.parseExpression($0.answer)).map { Provenance.compact(ExprPrinter.text($0)) == mine } ?? false }) {
                return Verdict(correct: false, mistake: .author, message: w.message)
            }
            return missing
        }
        // With `accept:` or `shape-only:`, other values than the solution's are right too.
        let exact = accept == nil && !shapeOnly
        if exact, let row = rowCheck(expanded, learner) { return row }
        guard rechecks else { return Verdict(correct: true, message: explain ?? "correct.") }
        if let replay, let (alternative, expected2) = replay(), !close(expected2, expected) {
            replayOwnDefinitions(learner, into: alternative)
            let again = (try? alternative.evaluate(expr, source: answer))?.tensor
            if again.map({ !accepts($0, in: alternative, expected: expected2) }) ?? true {
                return Verdict(correct: false, mistake: .hardCoded,
                               message: "those are the right numbers, but typed in (or computed from typed-in numbers): with other random inputs your answer stays the same. Write an expression over the lesson's variables so it works for any input.")
            }
        }
        if exact, let coincidence = coincidenceCheck(expr, expanded, answer, learner) { return coincidence }
        return Verdict(correct: true, message: explain ?? "correct.")
    }

    /// Runs the learner's own definitions in another workspace, so an answer that names them still works there.
    func replayOwnDefinitions(_ learner: Interpreter, into alternative: Interpreter) {
        for name in learner.order where alternative.variables[name] == nil || learner.origins[name] != clean.origins[name] {
            if let origin = learner.origins[name] { _ = alternative.run(origin) }
        }
    }

    /// A whole number other than the count asked for: the relative tolerance would let
    /// 1048577 pass for 1048576, and a count is exact.
    func anotherCount(_ value: Tensor) -> Bool {
        guard expected.count == 1, value.count == 1, let e = expected.data.first, let v = value.data.first,
              Format.isWhole(e), Swift.abs(e) >= 2, Format.isWhole(v) else { return false }
        return v.rounded() != e.rounded()
    }

    /// A count of things (a whole expected number, 2 or more) takes whole numbers only.
    func countCheck(_ value: Tensor) -> Verdict? {
        guard expected.count == 1, value.count == 1, let e = expected.data.first, let v = value.data.first,
              Format.isWhole(e), Swift.abs(e) >= 2, !Format.isWhole(v) else { return nil }
        return Verdict(correct: false, mistake: .notWhole,
                       message: "\(Format.full(v)) is not a whole number, and this answer counts something: count whole things, exactly")
    }

    /// `must-use`, followed through the learner's own variables; an entry `a|b` takes either.
    /// A lesson variable also counts as used when its own computation is written out (`X @ Wq` for Q).
    func mustUseCheck(_ expanded: Expr) -> Verdict? {
        let used = Provenance.uses(expanded)
        let texts = Provenance.subexpressionTexts(expanded)
        func computed(_ name: String) -> Bool {
            guard let origin = clean.origins[name], let s = try? Parser.parse(origin), s.count == 1,
                  case let .assign(n, rhs) = s[0].kind, n == name else { return false }
            return texts.contains(Provenance.compact(ExprPrinter.text(rhs)))
        }
        let missing = mustUse.filter { entry in
            !entry.split(separator: "|").map(String.init).contains { used.contains($0) || computed($0) }
        }
        guard !missing.isEmpty else { return nil }
        let words = missing.map { $0.split(separator: "|").joined(separator: " or ") }
        return Verdict(correct: false, message: "the value is right, but this exercise asks you to compute it with \(Format.list(words)) — try again using \(missing.count == 1 ? "it" : "them")")
    }

    /// The right value read from another row than the solution's (`argmax(A[8])` where
    /// the task is about row 7): right only because the two rows agree on it.
    func rowCheck(_ expanded: Expr, _ learner: Interpreter) -> Verdict? {
        guard let solution, let sol = try? Parser.parseExpression(solution) else { return nil }
        let theirs = Provenance.literalIndexes(sol)
        guard !theirs.isEmpty else { return nil }
        for mine in Provenance.literalIndexes(expanded) {
            let base = Provenance.compact(ExprPrinter.text(mine.base))
            let same = theirs.filter { Provenance.compact(ExprPrinter.text($0.base)) == base }
            guard let first = same.first, let b = (try? clean.evaluate(first.base, source: solution))?.tensor, b.rank >= 1 else { continue }
            let n = b.shape[0]
            func normal(_ k: Int) -> Int { k < 0 ? k + n : k }
            let m = normal(mine.index)
            let wanted = same.map { normal($0.index) }
            guard (0..<n).contains(m), !wanted.contains(m),
                  let s = wanted.min(by: { Swift.abs($0 - m) < Swift.abs($1 - m) }), (0..<n).contains(s),
                  let rowM = try? b.indexed([.at(m)]), let rowS = try? b.indexed([.at(s)]), !close(rowM, rowS) else { continue }
            let text = ExprPrinter.text(mine.base)
            func name(_ k: Int) -> String { (b.labels.first ?? nil).map { " (\"\($0[k])\")" } ?? "" }
            return Verdict(correct: false, mistake: Swift.abs(m - s) == 1 ? .offByOne : .wrongRow,
                           message: "the value is right, but only by chance: it comes from \(text)[\(m)]\(name(m)), and the task is about \(text)[\(s)]\(name(s)). Here the two rows happen to give the same answer.")
        }
        return nil
    }

    /// In a workspace where the lesson's named numbers differ, an answer built from other
    /// named numbers than the solution's stops being right: `d_model / n_layers` is the
    /// head size only because GPT-3 has as many layers as heads. An answer that types one
    /// of those numbers itself cannot be judged there, and passes.
    func coincidenceCheck(_ expr: Expr, _ expanded: Expr, _ answer: String, _ learner: Interpreter) -> Verdict? {
        guard let coincidenceReplay, let (other, expected3, names) = coincidenceReplay(), !close(expected3, expected) else { return nil }
        replayOwnDefinitions(learner, into: other)
        guard let again = (try? other.evaluate(expr, source: answer))?.tensor, !close(again, expected3) else { return nil }
        let used = Provenance.uses(expanded)
        let referenced = names.keys.filter(used.contains).sorted()
        let literals = Set(Provenance.numbers(expanded))
        guard !referenced.isEmpty, !names.values.contains(where: literals.contains) else { return nil }
        return Verdict(correct: false, mistake: .coincidence,
                       message: "the number is right, but only because of this lesson's particular numbers: with other values of \(Format.list(referenced, joiner: "or")) your expression would no longer give the answer. Think again about which quantities it depends on.")
    }

    func diagnose(_ expr: Expr, _ answer: String, _ result: Result<Value, LanguageError>, _ learner: Interpreter) -> Verdict {
        let value = try? result.get().tensor
        if let known = authorsWrongAnswer(expr, answer, result, learner) { return known }
        let repairs = Repairs(check: self, learner: learner, source: answer)
        if let repaired = repairs.find(expr) ?? repairs.brackets() {
            return Verdict(correct: false, mistake: repaired.0, message: repaired.1)
        }
        if let value, let found = Detectors(check: self).find(value) {
            return Verdict(correct: false, mistake: found.0, message: found.1)
        }
        switch result {
        case let .failure(error):
            let shown = Suggestions(check: self, learner: learner, source: answer).verified(error)
            return Verdict(correct: false, message: shown.render(source: answer))
        case let .success(v):
            guard let t = v.tensor else { return Verdict(correct: false, message: "that is \(v.kindName); the answer is a \(shapeText(expected.shape)) tensor") }
            if t.shape != expected.shape {
                return Verdict(correct: false, mistake: .shape, message: "the answer should be \(shapeText(expected.shape)), but yours is \(Shape.words(t.shape))")
            }
            // A count's diff would print the count asked for: say only which way it is off.
            if expected.count == 1, let e = expected.data.first, let v = t.data.first, Format.isWhole(e), Swift.abs(e) >= 2, v.isFinite {
                return Verdict(correct: false, message: "not \(Format.isWhole(v) ? Format.full(v) : Format.short(v)) — the answer is \(v < e ? "more" : "less") than that")
            }
            return Verdict(correct: false, message: "not yet: " + difference(t))
        }
    }

    /// The author's known wrong answers: the same text first, then the same value (an
    /// answer that fails matches one that fails with the same error). A value match must
    /// hold with other random draws too, so a different computation that only lands on
    /// the same numbers here does not get a message written for another mistake.
    func authorsWrongAnswer(_ expr: Expr, _ answer: String, _ result: Result<Value, LanguageError>, _ learner: Interpreter) -> Verdict? {
        let mine = Provenance.compact(ExprPrinter.text(Provenance(learner: learner, clean: clean).expand(expr)))
        let parsed = wrong.map { w in (w, try? Parser.parseExpression(w.answer)) }
        for (w, e) in parsed {
            if let e, Provenance.compact(ExprPrinter.text(e)) == mine { return Verdict(correct: false, mistake: .author, message: w.message) }
        }
        let value = try? result.get().tensor
        var others: [Interpreter]?
        for (w, e) in parsed {
            guard let e else { continue }
            let theirs: Result<Value, LanguageError>
            do { theirs = .success(try clean.evaluate(e, source: w.answer)) } catch { theirs = .failure(error) }
            switch (result, theirs) {
            case let (.success, .success(v)):
                guard let value, let t = v.tensor, close(value, t) else { continue }
                // A wrong answer written as a number ("192 -> That adds layers and heads") names that
                // value, however it was computed: no other workspace can say otherwise.
                if Set(Provenance.uses(e)).isDisjoint(with: clean.variables.keys) { return Verdict(correct: false, mistake: .author, message: w.message) }
                if others == nil {
                    // A number the learner typed that is one of the lesson's named numbers (`k = 2` for d_k = 2)
                    // stands for it: there the changed numbers cannot tell the two apart.
                    let typed = Set(Provenance.numbers(Provenance(learner: learner, clean: clean).expand(expr)))
                    let attribution = attributionReplay?().flatMap { $0.1.values.contains(where: typed.contains) ? nil : $0.0 }
                    others = [replay?()?.0, attribution].compactMap { $0 }
                    others!.forEach { replayOwnDefinitions(learner, into: $0) }
                }
                let differs = others!.contains { other in
                    guard let a = (try? other.evaluate(expr, source: answer))?.tensor,
                          let b = (try? other.evaluate(e, source: w.answer))?.tensor else { return false }
                    return !close(a, b)
                }
                if differs { continue }
            case let (.failure(mine), .failure(author)):
                // An author may anticipate an answer that fails, e.g. `Q @ K`: the same error is the same mistake.
                guard mine.kind == author.kind, Grader.sameText(mine.message, author.message) else { continue }
            default:
                continue
            }
            return Verdict(correct: false, mistake: .author, message: w.message)
        }
        return nil
    }

    /// An earlier known wrong answer with the same value as the `k`-th, in the clean workspace.
    public func earlierWrong(sameValueAs k: Int) -> KnownWrong? {
        func value(_ w: KnownWrong) -> Tensor? {
            guard let e = try? Parser.parseExpression(w.answer) else { return nil }
            return (try? clean.evaluate(e, source: w.answer))?.tensor
        }
        guard wrong.indices.contains(k), let mine = value(wrong[k]) else { return nil }
        return wrong[..<k].first { w in value(w).map { close($0, mine) } ?? false }
    }

    /// The first cell where the two values differ most. Equal infinities are no difference
    /// (−∞ − −∞ is NaN, which must not count as "largest"); a finite number against ±∞, two
    /// infinities of other signs, or NaN against a number is an infinite one.
    func worstIndex(_ t: Tensor) -> Int {
        var worst = 0, gap = -1.0
        for i in 0..<min(t.count, expected.count) {
            let d = Check.gap(t.data[i], expected.data[i])
            if d > gap { worst = i; gap = d }
        }
        return worst
    }

    static func gap(_ a: Double, _ b: Double) -> Double {
        if a == b || (a.isNaN && b.isNaN) { return 0 }
        if a.isNaN || b.isNaN { return .infinity }
        return Swift.abs(a - b)
    }

    /// Where the answer is furthest from the expected value, in the tensor's own labels.
    func difference(_ t: Tensor) -> String {
        let worst = worstIndex(t)
        let index = Shape.unravel(worst, in: expected.shape)
        // A label shared by two rows ("the" twice) is given with its position.
        let place = index.enumerated().map { axis, i -> String in
            guard let labels = expected.labels[axis] else { return String(i) }
            return labels.filter({ $0 == labels[i] }).count > 1 ? "\(i) '\(labels[i])'" : "'\(labels[i])'"
        }
        let at = place.isEmpty ? "" : " at [\(place.joined(separator: ", "))]"
        let (mine, theirs) = Format.pair(t.data[worst], expected.data[worst])
        return "the values differ (largest difference\(at): yours \(mine), expected \(theirs))"
    }
}

/// A short number for messages.
func fmt(_ v: Double) -> String { Format.short(v) }

/// Numbers in messages: short, but never so short that two different numbers look the same.
enum Format {
    static func short(_ v: Double) -> String { digits(v, 4) }

    /// `v` rounded to `places` decimals, or to as many significant digits for a small number.
    static func digits(_ v: Double, _ places: Int) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if v != 0, Swift.abs(v) < 0.001 {
            // 1.1e-07, not 0.
            var scale = 1.0, e = 0
            while Swift.abs(v) * scale < 1 { scale *= 10; e += 1 }
            var p = 1.0
            for _ in 0..<max(0, places - 1) { p *= 10 }
            let m = (v * scale * p).rounded() / p
            return "\(m == m.rounded() ? String(Int(m)) : String(m))e-\(e < 10 ? "0" : "")\(e)"
        }
        var p = 1.0
        for _ in 0..<places { p *= 10 }
        let r = (v * p).rounded() / p
        return r.rounded() == r && Swift.abs(r) < 1e15 ? String(Int(r)) : String(r)
    }

    /// Two numbers with enough digits to tell them apart.
    static func pair(_ a: Double, _ b: Double) -> (String, String) {
        for places in 4...15 {
            let (x, y) = (digits(a, places), digits(b, places))
            if x != y || a == b { return (x, y) }
        }
        return (full(a), full(b))
    }

    /// Every digit: `1048576.5`, not `1.04858e+06`.
    static func full(_ v: Double) -> String {
        isWhole(v) && Swift.abs(v) < 1e15 ? String(Int(v.rounded())) : String(v)
    }

    static func isWhole(_ v: Double) -> Bool {
        v.isFinite && Swift.abs(v - v.rounded()) <= 1e-9 * Swift.max(1, Swift.abs(v))
    }

    /// `a`, `a and b`, `a, b and c`.
    static func list(_ items: [String], joiner: String = "and") -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " \(joiner) " + items.last!
    }
}

enum Grader {
    /// Equal but for spacing: `Q@K` and `Q @ K` name the same operands.
    static func sameText(_ a: String, _ b: String) -> Bool {
        a.filter { !$0.isWhitespace } == b.filter { !$0.isWhitespace }
    }
}
