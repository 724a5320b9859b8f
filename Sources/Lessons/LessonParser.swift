import Language

/// A problem in a lesson file, located for `file:line:` messages. A warning is worth
/// fixing but does not make `check` fail.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String
    public var isWarning: Bool

    public init(_ file: String, _ line: Int, _ message: String, warning: Bool = false) {
        self.file = file
        self.line = line
        self.message = message
        self.isWarning = warning
    }

    public var description: String { "\(file):\(line): \(isWarning ? "warning: " : "")\(message)" }
}

/// Reads a lesson's Markdown: front matter between `---` lines, `## ` headings that
/// start steps, and fenced blocks whose info string says what they are
/// (`attn setup`, `attn`, `exercise`, `question`). Everything else is prose.
///
/// It reports every problem it can see from the text alone, each at the line of the
/// field at fault, and keeps going after one, so one run shows them all.
public struct LessonParser {
    let file: String
    let lines: [Substring]
    var problems: [Problem] = []

    /// Parses `text`; returns the lesson (nil if it cannot be used at all) and every problem found.
    public static func parse(_ text: String, file: String) -> (Lesson?, [Problem]) {
        var p = LessonParser(file: file, lines: LessonParser.lines(of: text))
        let lesson = p.lesson(hash: LessonParser.hash(text))
        return (lesson, p.problems.sorted { $0.line < $1.line })
    }

    /// The lines of a file: CRLF, CR or LF line ends, control characters escaped
    /// (``LessonText``), a byte-order mark dropped. With `limit`, only the start is read.
    static func lines(of text: String, limit: Int? = nil) -> [Substring] {
        let normalized = LessonText.normalized(limit.map { String(text.prefix($0)) } ?? text)
        var lines = normalized.split(separator: "\n", omittingEmptySubsequences: false)
        if let first = lines.first, first.unicodeScalars.first == "\u{FEFF}" { lines[0] = Substring(first.unicodeScalars.dropFirst()) }
        return lines
    }

    /// FNV-1a over the file's bytes.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    mutating func problem(_ line: Int, _ message: String, warning: Bool = false) {
        problems.append(Problem(file, line, message, warning: warning))
    }

    /// The block types, and fence words that are probably one of them misspelled.
    static let blockTypes = ["attn", "exercise", "question"]

    mutating func lesson(hash: UInt64) -> Lesson? {
        let meta = FrontMatter.read(lines)
        for (line, message) in meta.problems { problem(line, message) }
        guard let id = meta.values["id"], !id.isEmpty else {
            problem(meta.opening ?? 1, "the front matter needs 'id: …' (the lesson's stable id)")
            return nil
        }
        let exam = meta.values["solutions"] == "off" || meta.values["skip"] == "off"
        var i = meta.bodyStart
        var title = meta.values["title"] ?? ""
        var steps: [Step] = []
        var pending: [Block] = []   // content before the first step heading
        var prose: [Substring] = []

        func flushProse(into blocks: inout [Block]) {
            let text = prose.joined(separator: "\n").trimmingBlankLines
            if !text.isEmpty { blocks.append(.prose(text)) }
            prose = []
        }
        func flushProse(into step: inout Step) {
            let text = prose.joined(separator: "\n").trimmingBlankLines
            if !text.isEmpty { step.add(.prose(text)) }
            prose = []
        }

        while i < lines.count {
            let line = lines[i]
            let lineNumber = i + 1
            if line.hasPrefix("# "), steps.isEmpty {
                // The document's title: shown in the step heading, not repeated as prose.
                if title.isEmpty { title = String(line.dropFirst(2)).trimmedString }
                i += 1
                continue
            }
            if line.hasPrefix("## ") {
                if steps.isEmpty { flushProse(into: &pending) } else { flushProse(into: &steps[steps.count - 1]) }
                let (stepTitle, stepId) = LessonParser.heading(String(line.dropFirst(3)))
                if let bad = LessonParser.badId(stepId) { problem(lineNumber, "step id '\(stepId)' \(bad)") }
                var step = Step(id: stepId, title: stepTitle, blocks: [], task: nil, line: lineNumber)
                if steps.isEmpty { step.blocks = pending; pending = [] }
                steps.append(step)
                i += 1
                continue
            }
            if line.trimmed.hasPrefix("```") {
                let info = line.trimmed.dropFirst(3).trimmed
                var body: [Substring] = []
                var j = i + 1
                var kind = info.split(separator: " ").map(String.init)
                // An exercise or question never runs into the next step: an unclosed one ends there.
                let fields = ["exercise", "question"].contains(kind.first?.lowercased() ?? "")
                while j < lines.count, !lines[j].trimmed.hasPrefix("```"), !(fields && lines[j].hasPrefix("## ")) { body.append(lines[j]); j += 1 }
                if j == lines.count || lines[j].hasPrefix("## ") { problem(lineNumber, "this code block is never closed with ```") }
                let closed = j < lines.count && !lines[j].hasPrefix("## ")
                if let word = kind.first, !LessonParser.blockTypes.contains(word) {
                    if LessonParser.blockTypes.contains(word.lowercased()) {
                        problem(lineNumber, "block types are lower case: write ```\(word.lowercased())")
                        kind[0] = word.lowercased()
                    } else if let meant = LessonParser.misspelledBlock(word, body: body) {
                        // As prose it would show learners the task's solution and hints.
                        problem(lineNumber, "unknown block type '\(word)' — did you mean ```\(meant)? Until it is fixed the block is left out, so learners never see its solution or hints as text")
                        i = closed ? j + 1 : j
                        continue
                    }
                }
                let machinery = LessonParser.blockTypes.contains(kind.first ?? "")
                if machinery, steps.isEmpty {
                    problem(lineNumber, "code blocks must be inside a step: put a '## Step title' heading before it")
                } else if machinery {
                    flushProse(into: &steps[steps.count - 1])
                    let code = Code(source: body.joined(separator: "\n"), line: lineNumber + 1)
                    switch kind.first {
                    case "attn":
                        if kind.count > 1, kind[1] != "setup" {
                            let hint = Suggest.distance(Array(kind[1].lowercased()), Array("setup")) <= 2 ? "did you mean ```attn setup? " : ""
                            problem(lineNumber, "unknown attn block '\(info)': \(hint)use ```attn or ```attn setup")
                        }
                        steps[steps.count - 1].add(kind.count > 1 ? .setup(code) : .show(code))
                    default:
                        if steps[steps.count - 1].task != nil {
                            problem(lineNumber, "a step has at most one exercise or question; start a new step with '## …'")
                        }
                        let fields = parseFields(body, firstLine: lineNumber + 1)
                        let stepId = steps[steps.count - 1].id
                        steps[steps.count - 1].task = kind.first == "exercise"
                            ? exercise(fields, stepId: stepId, line: lineNumber).map(Task.exercise)
                            : question(fields, stepId: stepId, line: lineNumber, exam: exam).map(Task.question)
                    }
                } else {
                    prose.append(contentsOf: lines[i...min(j, lines.count - 1)])
                }
                i = closed ? j + 1 : j
                continue
            }
            prose.append(line)
            i += 1
        }
        if steps.isEmpty { problem(1, "the lesson has no steps: each step starts with a '## ' heading"); return nil }
        flushProse(into: &steps[steps.count - 1])
        var seen: [String: Int] = [:]
        for s in steps {
            if let first = seen[s.id] { problem(s.line, "step id '\(s.id)' is used twice (first at line \(first))") }
            seen[s.id] = s.line
        }
        unseededDraws(steps)
        var unmet: Unmet?
        if let need = meta.values["requires"], Requirements.known.contains(need), let missing = Requirements.missing(need) {
            // The lesson's real steps need what is not installed: one step says how to get it.
            unmet = Unmet(requirement: need, steps: steps.count, exercises: steps.filter { $0.task != nil }.count)
            steps = [Requirements.standIn(need, problem: missing, line: steps[0].line)]
        }
        var lesson = Lesson(id: id, title: title.isEmpty ? id : title, summary: meta.values["summary"] ?? "",
                            order: Int(meta.values["order"] ?? "") ?? Int.max, next: meta.values["next"], steps: steps,
                            file: file, contentHash: hash)
        lesson.unmet = unmet
        lesson.allowsSolutions = meta.values["solutions"] != "off"
        lesson.allowsSkip = meta.values["skip"] != "off"
        lesson.lines = meta.lines
        return lesson
    }

    /// The block type a fence word was probably meant to be: one close to a block type by
    /// spelling, or any word on a block whose lines are exercise or question fields.
    static func misspelledBlock(_ word: String, body: [Substring]) -> String? {
        let w = Array(word.lowercased())
        if let near = blockTypes.min(by: { Suggest.distance(w, Array($0)) < Suggest.distance(w, Array($1)) }),
           Suggest.distance(w, Array(near)) <= (near == "attn" ? 1 : 3) {
            return near
        }
        let keys = Set(body.compactMap { line -> String? in
            guard line.first?.isWhitespace != true, let colon = line.firstIndex(of: ":") else { return nil }
            return line[..<colon].trimmedString.lowercased()
        })
        if keys.contains("solution") || keys.contains("task") { return "exercise" }
        if keys.contains("ask") || (keys.contains("answer") && keys.contains(where: { $0.hasPrefix("choice ") || $0 == "hint" })) { return "question" }
        return nil
    }

    /// Why an id cannot be used (nil when it can): ids are words, kept in progress files and typed in commands.
    static func badId(_ id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id.count > 100 { return "is longer than 100 characters" }
        if id.contains(where: { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }) {
            return "may hold only letters, digits, '-', '_' and '.'"
        }
        return nil
    }

    /// `Title {#id}` → (Title, id); without `{#id}` the id is the title's slug.
    static func heading(_ text: String) -> (String, String) {
        if let open = text.firstRange(of: "{#"), let close = text[open.upperBound...].firstIndex(of: "}") {
            let id = String(text[open.upperBound..<close])
            return (String(text[..<open.lowerBound]).trimmedString, id)
        }
        let title = text.trimmedString
        return (title, slug(title))
    }

    static func slug(_ s: String) -> String {
        var out = ""
        for c in s.lowercased() {
            if c.isLetter || c.isNumber { out.append(c) } else if !out.hasSuffix("-"), !out.isEmpty { out.append("-") }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out
    }

    /// A field of an exercise or question: `key: value`, continued on lines indented by spaces.
    struct Field {
        var key: String
        var value: String
        var line: Int
    }

    mutating func parseFields(_ body: [Substring], firstLine: Int) -> [Field] {
        var fields: [Field] = []
        for (k, raw) in body.enumerated() {
            if raw.trimmed.isEmpty { continue }
            if raw.first == " " || raw.first == "\t", !fields.isEmpty {
                fields[fields.count - 1].value += " " + raw.trimmed
                continue
            }
            guard let colon = raw.firstIndex(of: ":") else {
                problem(firstLine + k, "expected 'key: value' (e.g. 'solution: Q @ K.T')")
                continue
            }
            fields.append(Field(key: raw[..<colon].trimmed.lowercased(), value: raw[raw.index(after: colon)...].trimmedString, line: firstLine + k))
        }
        return fields
    }

    /// `ANSWER -> message`
    mutating func knownWrong(_ f: Field) -> KnownWrong? {
        guard let arrow = f.value.firstRange(of: "->") else {
            problem(f.line, "a wrong answer is written 'wrong: ANSWER -> message'")
            return nil
        }
        let answer = f.value[..<arrow.lowerBound].trimmedString, message = f.value[arrow.upperBound...].trimmedString
        if answer.isEmpty || message.isEmpty { problem(f.line, "a wrong answer needs both an answer and a message") }
        return KnownWrong(answer: answer, message: message, line: f.line)
    }

    mutating func tolerance(_ f: Field) -> Double? {
        guard let v = Double(f.value), v.isFinite, v >= 0 else {
            problem(f.line, "'tolerance' must be a number of 0 or more, such as 1e-6 or 0.01, not '\(f.value)'")
            return nil
        }
        return v
    }

    mutating func yesNo(_ f: Field) -> Bool? {
        guard ["yes", "no"].contains(f.value) else { problem(f.line, "\(f.key) is 'yes' or 'no', not '\(f.value)'"); return nil }
        return f.value == "yes"
    }

    /// Fields that may be given once; a second one would silently replace the first.
    static let single: Set<String> = ["id", "task", "ask", "solution", "answer", "save", "tolerance", "must-use", "recheck",
                                      "dims", "explain", "accept", "shape-only"]

    mutating func unknownField(_ f: Field, of kind: String, known: [String]) {
        let near = LessonParser.nearest(f.key, in: known)
        problem(f.line, "unknown \(kind) field '\(f.key)'" + (near.map { " — did you mean '\($0):'?" } ?? "")
                + " (known: \(known.joined(separator: " ")))")
    }

    /// Reports a field given twice; returns whether this is the first.
    mutating func first(_ f: Field, _ lines: inout [String: Int]) -> Bool {
        if let earlier = lines[f.key] {
            if LessonParser.single.contains(f.key) {
                problem(f.line, "'\(f.key):' is given twice (first at line \(earlier)); only one is used")
                return false
            }
            return true
        }
        lines[f.key] = f.line
        return true
    }

    static let exerciseFields = ["id", "task", "solution", "save", "hint", "wrong", "tolerance", "must-use", "recheck", "dims",
                                 "explain", "accept", "shape-only"]

    mutating func exercise(_ fields: [Field], stepId: String, line: Int) -> Exercise? {
        var e = Exercise(id: stepId, prompt: "", solution: "", line: line)
        for f in fields {
            guard LessonParser.exerciseFields.contains(f.key) else {
                unknownField(f, of: "exercise", known: LessonParser.exerciseFields)
                continue
            }
            guard first(f, &e.lines) else { continue }
            switch f.key {
            case "id":
                if let bad = LessonParser.badId(f.value) { problem(f.line, "task id '\(f.value)' \(bad)") }
                e.id = f.value
            case "task": e.prompt = f.value
            case "solution": e.solution = f.value
            case "save":
                if let why = LessonParser.badName(f.value) { problem(f.line, "save: '\(f.value)' \(why)") } else { e.save = f.value }
            case "hint": e.hints.append(f.value)
            case "wrong": if let w = knownWrong(f) { e.wrong.append(w) }
            case "tolerance": if let v = tolerance(f) { e.tolerance = v }
            case "must-use": e.mustUse = f.value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            case "recheck": if let v = yesNo(f) { e.recheck = v }
            case "dims": e.dims = f.value.split(whereSeparator: { $0 == "," || $0 == "×" }).map { $0.trimmedString }
            case "explain": e.explain = f.value
            case "accept":
                do { _ = try Parser.parseExpression(f.value) } catch {
                    problem(f.line, "accept: '\(f.value)' is not an expression: \(error.message)")
                }
                e.accept = f.value
            case "shape-only": if let v = yesNo(f) { e.shapeOnly = v }
            default: break
            }
        }
        if e.prompt.isEmpty { problem(line, "the exercise needs 'task: …' (what to do)") }
        if e.hints.isEmpty { problem(line, "exercise '\(e.id)' has no hint") }
        if e.accept != nil, e.shapeOnly, let l = e.lines["shape-only"] {
            problem(l, "an exercise takes 'accept:' or 'shape-only:', not both")
        }
        if e.solution.isEmpty { problem(line, "the exercise needs 'solution: …' (an expression with the right value)"); return nil }
        solutionProblems(e)
        return e
    }

    /// What can be told from the solution's text: typed-in numbers (which the re-check
    /// would call hard-coded when the numbers are random), or random draws (a different
    /// right answer each time it is evaluated).
    mutating func solutionProblems(_ e: Exercise) {
        let at = e.lines["solution"] ?? e.line
        guard let expr = try? Parser.parseExpression(e.solution) else { return }  // the checker reports why
        let names = LessonParser.names(in: expr)
        if let random = names.first(where: { LessonParser.randomBuiltins.contains($0) }) {
            problem(at, "the solution draws random numbers (\(random)): it has another value each time it is evaluated. Draw them in an attn setup block and compute the solution from them")
        } else if names.isEmpty, e.recheck, e.accept == nil, !e.shapeOnly {
            problem(at, "the solution '\(e.solution)' is typed-in numbers, but the exercise re-checks answers in a workspace with other random numbers, where the answer would still be these numbers: compute it from the lesson's variables, or say 'recheck: no'")
        }
    }

    static let questionFields = ["id", "ask", "answer", "tolerance", "choice X", "hint", "wrong", "explain"]

    mutating func question(_ fields: [Field], stepId: String, line: Int, exam: Bool) -> Question? {
        var q = Question(id: stepId, prompt: "", answer: "", line: line)
        q.exam = exam
        var letters: [String: Int] = [:]
        for f in fields {
            if f.key.hasPrefix("choice ") {
                let letter = String(f.key.dropFirst(7)).trimmedString
                if let earlier = letters[letter.lowercased()] {
                    problem(f.line, "choice '\(letter)' is given twice (first at line \(earlier)); each choice needs its own letter")
                    continue
                }
                if letter.isEmpty || letter.count > 2 || !letter.allSatisfy({ $0.isLetter || $0.isNumber }) {
                    problem(f.line, "a choice is written 'choice a: text', with a letter (or two), not '\(letter)'")
                    continue
                }
                letters[letter.lowercased()] = f.line
                if q.lines["choice"] == nil { q.lines["choice"] = f.line }
                q.choices.append((letter, f.value))
                continue
            }
            guard LessonParser.questionFields.contains(f.key) else {
                unknownField(f, of: "question", known: LessonParser.questionFields)
                continue
            }
            guard first(f, &q.lines) else { continue }
            switch f.key {
            case "id":
                if let bad = LessonParser.badId(f.value) { problem(f.line, "task id '\(f.value)' \(bad)") }
                q.id = f.value
            case "ask": q.prompt = f.value
            case "answer": q.answer = f.value
            case "tolerance": if let v = tolerance(f) { q.tolerance = v }
            case "hint": q.hints.append(f.value)
            case "wrong": if let w = knownWrong(f) { q.wrong.append(w) }
            case "explain": q.explain = f.value
            default: break
            }
        }
        let answerLine = q.lines["answer"] ?? line
        if q.prompt.isEmpty { problem(line, "the question needs 'ask: …'") }
        if q.hints.isEmpty { problem(line, "question '\(q.id)' has no hint") }
        if q.answer.isEmpty { problem(line, "the question needs 'answer: …'"); return nil }
        // An unusable answer is reported once here; the question is left out rather than
        // graded into follow-on messages.
        if !q.choices.isEmpty, !q.choices.contains(where: { $0.letter.lowercased() == q.answer.lowercased() }) {
            problem(answerLine, "the answer '\(q.answer)' is not one of the choices (\(q.choices.map(\.letter).joined(separator: ", ")))")
            return nil
        }
        if q.choices.isEmpty, Double(q.answer).map({ !$0.isFinite }) ?? true {
            problem(answerLine, "a numeric question's answer must be a number such as 300, not '\(q.answer)' (learners may type an expression; the answer field may not)")
            return nil
        }
        return q
    }

    /// Why `name` cannot be a `save:` name (nil when it can).
    static func badName(_ name: String) -> String? {
        guard let first = name.first, first.isLetter || first == "_",
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return "is not a variable name" }
        if Builtins.table[name] != nil { return "would hide the builtin \(name)() for the rest of the lesson: choose another name" }
        return nil
    }

    static let randomBuiltins: Set<String> = ["rand", "randn"]

    /// The names an expression mentions (variables and functions).
    static func names(in expr: Expr) -> [String] {
        var out: [String] = []
        var stack = [expr]
        while let e = stack.popLast() {
            if case let .name(n) = e.kind { out.append(n) }
            stack += e.children
        }
        return out
    }

    /// A warning at each random draw that no `seed(…)` comes before: today the numbers
    /// repeat only because every workspace starts from the same default seed.
    mutating func unseededDraws(_ steps: [Step]) {
        var seeded = false
        for step in steps {
            for block in step.blocks + step.after {
                switch block {
                case let .setup(code), let .show(code): seeded = scan(code, seeded: seeded)
                case .prose: continue
                }
            }
        }
    }

    mutating func scan(_ code: Code, seeded: Bool) -> Bool {
        var seeded = seeded
        for (k, line) in code.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let calls = LessonParser.calls(in: text)
            for call in calls {
                if call == "seed" { seeded = true }
                if !seeded, LessonParser.randomBuiltins.contains(call) {
                    problem(code.line + k, "\(call)() draws random numbers, but no seed(n) comes before it: call seed(n) first so the numbers are the lesson's own", warning: true)
                    return true  // one warning per lesson is enough
                }
            }
        }
        return seeded
    }

    /// Names directly followed by `(` in a line of code, in order.
    static func calls(in line: Substring) -> [String] {
        var out: [String] = []
        var word = ""
        var inString: Character?
        for c in line {
            if let q = inString { if c == q { inString = nil }; continue }
            if c == "\"" || c == "'" { inString = c; word = ""; continue }
            if c.isLetter || c.isNumber || c == "_" { word.append(c); continue }
            if c == "(", !word.isEmpty, !(word.first?.isNumber ?? true) { out.append(word) }
            if !c.isWhitespace || c == "(" { word = "" }
        }
        return out
    }

    /// The closest word by spelling, when it is close enough to be a typo.
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let w = Array(word)
        let best = candidates.map { ($0, Suggest.distance(w, Array($0))) }.min { $0.1 < $1.1 }
        guard let (name, d) = best, d <= max(1, min(3, w.count / 3)) else { return nil }
        return name
    }
}

/// A lesson's front matter: `key: value` lines between `---` lines at the top.
public struct FrontMatter: Sendable {
    public var values: [String: String] = [:]
    /// The line of each key.
    public var lines: [String: Int] = [:]
    /// Problems with the line they are on.
    public var problems: [(Int, String)] = []
    /// The line of the opening `---`, if there is one.
    public var opening: Int?
    /// The index of the first line after the front matter.
    var bodyStart = 0

    public static let keys = ["id", "title", "summary", "order", "next", "solutions", "skip", "requires"]

    /// Reads only the front matter of `text` (the catalog does this for every lesson at start).
    public static func read(_ text: String) -> FrontMatter {
        read(LessonParser.lines(of: text, limit: 65536))
    }

    static func read(_ lines: [Substring]) -> FrontMatter {
        var fm = FrontMatter()
        guard let start = lines.firstIndex(where: { !$0.trimmed.isEmpty }), lines[start].trimmed == "---" else { return fm }
        fm.opening = start + 1
        if start > 0 {
            fm.problems.append((start + 1, "the front matter's opening '---' must be the file's first line: remove the blank lines above it"))
        }
        var i = start + 1
        while i < lines.count {
            let line = lines[i]
            let number = i + 1
            if line.trimmed == "---" { fm.bodyStart = i + 1; return fm }
            if line.hasPrefix("#") || line.trimmed.hasPrefix("```") {
                // The body has begun: the closing line is missing. Say so once and read on.
                fm.problems.append((start + 1, "the front matter opened here is never closed: put a '---' line before line \(number)"))
                fm.bodyStart = i
                return fm
            }
            defer { i += 1 }
            if line.trimmed.isEmpty { continue }
            guard let colon = line.firstIndex(of: ":") else {
                fm.problems.append((number, "front matter lines are 'key: value'"))
                continue
            }
            let key = line[..<colon].trimmed.lowercased(), value = line[line.index(after: colon)...].trimmedString
            if let earlier = fm.lines[key] {
                fm.problems.append((number, "front-matter key '\(key)' is given twice (first at line \(earlier)); only the first is used"))
                continue
            }
            fm.lines[key] = number
            fm.values[key] = value
            guard keys.contains(key) else {
                let near = LessonParser.nearest(key, in: keys)
                fm.problems.append((number, "unknown front-matter key '\(key)'" + (near.map { " — did you mean '\($0):'?" } ?? "")
                                    + " (known: \(keys.joined(separator: " ")))"))
                fm.values[key] = nil
                continue
            }
            switch key {
            case "id": if let bad = LessonParser.badId(value) { fm.problems.append((number, "lesson id '\(value)' \(bad)")) }
            case "order": if Int(value) == nil { fm.problems.append((number, "order is a whole number (the lesson's place in the menu), not '\(value)'")) }
            case "requires":
                if !Requirements.known.contains(value) {
                    fm.problems.append((number, "unknown requirement '\(value)' (known: \(Requirements.known.joined(separator: ", ")))"))
                }
            case "solutions", "skip":
                if !["on", "off"].contains(value) { fm.problems.append((number, "\(key) is 'on' or 'off' (off: exam mode), not '\(value)'")) }
            default: break
            }
        }
        fm.problems.append((start + 1, "the front matter's closing '---' is missing"))
        fm.bodyStart = lines.count
        return fm
    }
}

extension String {
    /// Drops blank lines at both ends.
    var trimmingBlankLines: String {
        // A slice: dropping its first element is O(1), so 200 000 leading blank lines are not quadratic.
        var lines = split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let f = lines.first, f.trimmed.isEmpty { lines.removeFirst() }
        while let l = lines.last, l.trimmed.isEmpty { lines.removeLast() }
        return lines.joined(separator: "\n")
    }
}
