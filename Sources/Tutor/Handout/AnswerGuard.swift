import Language
import Lessons
import Tensors

/// What a student's page must not show: anything that gives a task's answer away.
///
/// Once a task has been asked, its answer is held back wherever it would appear later:
/// - a value equal to an exercise's answer (or a question's number), however computed;
/// - anything computed from a name that holds an answer (the `save:` name, and every
///   name assigned from it, step after step), in code cells and pictures alike;
/// - a hint that contains the solution: its text, an expression in it whose value is the
///   answer, a number of the answer, or the right choice.
/// Solutions, answers, `explain:` lines and the grader's verdicts are never written.
final class AnswerGuard {
    /// Names whose values give an answer away, with the step (from 1) whose answer they hold.
    private(set) var tainted: [String: Int] = [:]
    /// The values of the tasks asked so far, with their tolerance and step.
    private var answers: [(value: Tensor, tolerance: Double, step: Int)] = []

    /// Runs through a block of code that is about to run: names it assigns from tainted
    /// names become tainted; names it assigns from clean expressions become clean.
    func follow(_ code: Code) {
        guard let statements = try? Parser.parse(code.statements) else { return }
        for statement in statements {
            guard case let .assign(name, expr) = statement.kind else { continue }
            if let step = source(of: expr) { tainted[name] = step } else { tainted[name] = nil }
        }
    }

    /// The step whose answer an expression uses, if any.
    func source(of expr: Expr) -> Int? {
        AnswerGuard.names(in: expr).compactMap { tainted[$0] }.min()
    }

    /// The step whose answer a statement's text uses or whose value it has, if any.
    func leak(statement text: String, value: Value?) -> Int? {
        if let statements = try? Parser.parse(text) {
            for s in statements {
                let expr: Expr
                switch s.kind { case let .assign(_, e), let .expression(e): expr = e }
                if let step = source(of: expr) { return step }
            }
        } else {
            // Unparsable text cannot run; still, a tainted word in it is not shown.
            for word in AnswerGuard.words(text) { if let step = tainted[word] { return step } }
        }
        if case let .tensor(t)? = value { return answerStep(of: t) }
        return nil
    }

    /// The step whose answer equals `t`, if any.
    func answerStep(of t: Tensor) -> Int? {
        answers.first { AnswerGuard.close(t, $0.value, tolerance: max($0.tolerance, 1e-9)) }?.step
    }

    /// Solutions of the exercises asked so far, as written, with their step.
    private var solutions: [(text: String, step: Int)] = []

    /// A task has been asked at `step` (from 1): from now on its answer is held back.
    func asked(_ value: Tensor, tolerance: Double, step: Int, saved name: String?, solution: String? = nil) {
        answers.append((value, tolerance, step))
        if let name { tainted[name] = step }
        if let solution, solution.filter({ !$0.isWhitespace }).count >= 3 { solutions.append((solution, step)) }
    }

    /// `text` with every solution asked so far replaced by a mark naming its step: a later
    /// cell `S = Q @ K.T / 2` reads `S = ‹answer to step 6› / 2`. Spaces inside do not matter.
    func mask(_ text: String) -> String {
        var out = text
        for (solution, step) in solutions {
            out = AnswerGuard.replace(solution, in: out, with: "‹answer to step \(step)›")
        }
        return out
    }

    /// Every occurrence of `target` in `text` (spaces aside, not inside a longer name) replaced.
    static func replace(_ target: String, in text: String, with mark: String) -> String {
        let wanted = Array(target.filter { !$0.isWhitespace })
        guard !wanted.isEmpty else { return text }
        let chars = Array(text)
        let kept = chars.indices.filter { !chars[$0].isWhitespace }
        func identifier(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }
        var out = "", copied = 0, k = 0
        while k + wanted.count <= kept.count {
            let matches = (0..<wanted.count).allSatisfy { chars[kept[k + $0]] == wanted[$0] }
            let start = kept[k], end = kept[k + wanted.count - 1] + 1
            let before = start > 0 && identifier(chars[start - 1]) && identifier(wanted[0])
            let after = end < chars.count && identifier(chars[end]) && identifier(wanted[wanted.count - 1])
            if matches, !before, !after, start >= copied {
                out += String(chars[copied..<start]) + mark
                copied = end
                k += wanted.count
            } else {
                k += 1
            }
        }
        return out + String(chars[copied...])
    }

    /// Variables of a workspace that hold an answer become tainted (e.g. a later step's
    /// setup computes the same matrix again under the same or another name).
    func scan(_ interpreter: Interpreter) {
        for name in interpreter.order {
            // Single numbers (a size, a temperature) coincide with answers too easily to be held back.
            guard tainted[name] == nil, case let .tensor(t)? = interpreter.variables[name], t.count > 1 else { continue }
            if let step = answerStep(of: t) { tainted[name] = step }
        }
    }

    /// The hints a student may see: those that do not give `answer` away.
    static func safeHints(_ hints: [String], solution: String?, answer: Tensor?, choice: String?, tolerance: Double,
                          workspace: Interpreter?) -> (kept: [String], heldBack: Int) {
        let kept = hints.filter { !gives($0, solution: solution, answer: answer, choice: choice, tolerance: tolerance, workspace: workspace) }
        return (kept, hints.count - kept.count)
    }

    /// Whether `text` gives the answer away: it contains the solution as written (spaces
    /// aside), an expression whose value is the answer, a number of the answer, or the
    /// right choice of a multiple-choice question (`choice`: its letter and text).
    static func gives(_ text: String, solution: String?, answer: Tensor?, choice: String?, tolerance: Double,
                      workspace: Interpreter?) -> Bool {
        let squeezed = text.filter { !$0.isWhitespace }
        if let solution {
            let s = solution.filter { !$0.isWhitespace }
            if s.count >= 2, squeezed.contains(s) { return true }
        }
        if let choice {
            let letter = String(choice.prefix(1)).lowercased(), body = String(choice.dropFirst(2)).lowercased()
            let lower = text.lowercased()
            if body.count >= 4, lower.contains(body) { return true }
            if lower.contains("(\(letter))") || lower.contains(" \(letter))") || lower.hasPrefix("\(letter))")
                || lower.contains("answer is \(letter)") || lower.contains("answer: \(letter)") { return true }
        }
        if let answer {
            if numbers(in: text).contains(where: { matches($0, answer, tolerance: tolerance) }) { return true }
            if let workspace {
                for candidate in candidates(text) {
                    guard let expr = try? Parser.parseExpression(candidate), !isBareLiteral(expr) else { continue }
                    // A copy: an expression such as randn(2) must not move the page's random numbers.
                    let scratch = workspace.copy()
                    if case let .tensor(t)? = try? scratch.evaluate(expr, source: candidate),
                       close(t, answer, tolerance: max(tolerance, 1e-9)) { return true }
                }
            }
        }
        return false
    }

    /// A plain number or list of numbers is judged by ``matches`` (the digits given), not by value.
    static func isBareLiteral(_ e: Expr) -> Bool {
        switch e.kind {
        case .number: return true
        case let .unary(.negate, inner): return isBareLiteral(inner)
        default: return false
        }
    }

    /// Pieces of a hint that may be code: the whole, its `code spans`, what follows a colon,
    /// each without a final full stop.
    static func candidates(_ text: String) -> [String] {
        var out = [text]
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "`") {
            let after = rest[rest.index(after: open)...]
            guard let close = after.firstIndex(of: "`") else { break }
            out.append(String(after[..<close]))
            rest = after[after.index(after: close)...]
        }
        // A hint often puts the expression beside words: "softmax(S) — the default axis".
        for separator in [" — ", " – ", " - ", "; ", ", or ", " or ", ", "] {
            out += text.split(separator: separator).map(String.init)
        }
        if let colon = text.lastIndex(of: ":") { out.append(String(text[text.index(after: colon)...])) }
        if let equals = text.firstIndex(of: "="), text[text.index(after: equals)...].first != "=" {
            out.append(String(text[text.index(after: equals)...]))
        }
        return out.map { s in
            var t = s.trimmingWhitespace
            while t.hasSuffix(".") || t.hasSuffix(",") || t.hasSuffix(";") { t.removeLast() }
            return t
        }.filter { !$0.isEmpty }
    }

    /// A number written in `text` with the decimals it was given: `0.839` → (0.839, 3).
    /// Whole numbers count only for a one-number answer (`49`), decimals for any answer.
    static func numbers(in text: String) -> [(value: Double, decimals: Int)] {
        var out: [(Double, Int)] = []
        let chars = Array(text)
        func digit(_ k: Int) -> Bool { k >= 0 && k < chars.count && chars[k].isASCII && chars[k].isNumber }
        func wordy(_ k: Int) -> Bool { k >= 0 && (chars[k].isLetter || chars[k].isNumber || chars[k] == "_" || chars[k] == ".") }
        var k = 0
        while k < chars.count {
            // A number starts at a digit that does not continue a word (`W2`, `d_k2`) or another number.
            guard digit(k), !wordy(k - 1) else {
                k += 1
                continue
            }
            let negative = k >= 1 && (chars[k - 1] == "-" || chars[k - 1] == "−") && !wordy(k - 2)
            var end = k
            while digit(end) { end += 1 }
            var decimals = 0
            if end < chars.count, chars[end] == ".", digit(end + 1) {
                end += 1
                while digit(end) { end += 1; decimals += 1 }
            }
            if let v = Double(String(chars[k..<end])) { out.append((negative ? -v : v, decimals)) }
            k = end
        }
        return out
    }

    /// Whether a number written in a text is the answer or one of its entries. Decimals
    /// must be at least two (0.84 is a weight; 0.5 is too common); a whole number only
    /// gives away an answer that is that one number.
    static func matches(_ n: (value: Double, decimals: Int), _ answer: Tensor, tolerance: Double) -> Bool {
        if answer.count == 1, let a = answer.data.first, a.isFinite {
            let scale = pow10(n.decimals)
            if n.decimals == 0 || a.rounded() != a {
                if (a * scale).rounded() / scale == n.value || Swift.abs(a - n.value) <= Swift.max(tolerance, 1e-9) * Swift.max(1, Swift.abs(a)) { return true }
            }
        }
        guard n.decimals >= 2 else { return false }
        let scale = pow10(n.decimals)
        return answer.data.contains { v in v.isFinite && v.rounded() != v && (v * scale).rounded() / scale == n.value }
    }

    static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }

    static func close(_ a: Tensor, _ b: Tensor, tolerance: Double) -> Bool {
        guard a.shape == b.shape else { return false }
        for (x, y) in zip(a.data, b.data) {
            if x == y || (x.isNaN && y.isNaN) { continue }
            guard x.isFinite, y.isFinite, Swift.abs(x - y) <= tolerance + tolerance * Swift.abs(y) else { return false }
        }
        return true
    }

    /// Every name an expression mentions.
    static func names(in e: Expr) -> [String] {
        if case let .name(n) = e.kind { return [n] }
        return e.children.flatMap(names)
    }

    /// Identifier-like words, for text that does not parse.
    static func words(_ text: String) -> [String] {
        text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init)
    }
}
