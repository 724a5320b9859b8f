/// A problem in a lesson file, located for `file:line:` messages.
public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public init(_ file: String, _ line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Reads a lesson's Markdown: front matter between `---` lines, `## ` headings that
/// start steps, and fenced blocks whose info string says what they are
/// (`attn setup`, `attn`, `exercise`, `question`). Everything else is prose.
public struct LessonParser {
    let file: String
    let lines: [Substring]
    var problems: [Problem] = []

    /// Parses `text`; returns the lesson (nil if it cannot be used at all) and every problem found.
    public static func parse(_ text: String, file: String) -> (Lesson?, [Problem]) {
        var p = LessonParser(file: file, lines: LessonText.normalized(text).split(separator: "\n", omittingEmptySubsequences: false))
        let lesson = p.lesson(hash: LessonParser.hash(text))
        return (lesson, p.problems)
    }

    /// The `key: value` lines between the opening `---` lines, read without parsing the rest.
    public static func frontMatter(_ text: String) -> [String: String] {
        var meta: [String: String] = [:]
        var lines = LessonText.normalized(String(text.prefix(65536))).split(separator: "\n", maxSplits: 40, omittingEmptySubsequences: false)[...]
        guard lines.first?.trimmed == "---" else { return meta }
        lines = lines.dropFirst()
        for line in lines {
            if line.trimmed == "---" { break }
            if let colon = line.firstIndex(of: ":") {
                meta[line[..<colon].trimmed.lowercased()] = line[line.index(after: colon)...].trimmedString
            }
        }
        return meta
    }

    /// FNV-1a over the file's bytes.
    public static func hash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    mutating func problem(_ line: Int, _ message: String) {
        problems.append(Problem(file, line, message))
    }

    mutating func lesson(hash: UInt64) -> Lesson? {
        var meta: [String: String] = [:]
        var i = 0
        if lines.first?.trimmed == "---" {
            i = 1
            while i < lines.count, lines[i].trimmed != "---" {
                let line = lines[i]
                if let colon = line.firstIndex(of: ":") {
                    meta[line[..<colon].trimmed.lowercased()] = line[line.index(after: colon)...].trimmedString
                } else if !line.trimmed.isEmpty {
                    problem(i + 1, "front matter lines are 'key: value'")
                }
                i += 1
            }
            if i == lines.count { problem(1, "the front matter's closing '---' is missing"); return nil }
            i += 1
        }
        guard let id = meta["id"], !id.isEmpty else {
            problem(1, "the front matter needs 'id: …' (the lesson's stable id)")
            return nil
        }
        var title = meta["title"] ?? ""
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
                while j < lines.count, !lines[j].trimmed.hasPrefix("```") { body.append(lines[j]); j += 1 }
                if j == lines.count { problem(lineNumber, "this code block is never closed with ```") }
                let kind = info.split(separator: " ").map(String.init)
                let machinery = ["attn", "exercise", "question"].contains(kind.first ?? "")
                if machinery, steps.isEmpty {
                    problem(lineNumber, "code blocks must be inside a step: put a '## Step title' heading before it")
                } else if machinery {
                    flushProse(into: &steps[steps.count - 1])
                    let code = Code(source: body.joined(separator: "\n"), line: lineNumber + 1)
                    switch kind.first {
                    case "attn":
                        if kind.count > 1, kind[1] != "setup" { problem(lineNumber, "unknown attn block '\(info)': use ```attn or ```attn setup") }
                        steps[steps.count - 1].add(kind.count > 1 ? .setup(code) : .show(code))
                    default:
                        if steps[steps.count - 1].task != nil {
                            problem(lineNumber, "a step has at most one exercise or question; start a new step with '## …'")
                        }
                        let fields = parseFields(body, firstLine: lineNumber + 1)
                        let stepId = steps[steps.count - 1].id
                        steps[steps.count - 1].task = kind.first == "exercise"
                            ? exercise(fields, stepId: stepId, line: lineNumber).map(Task.exercise)
                            : question(fields, stepId: stepId, line: lineNumber).map(Task.question)
                    }
                } else {
                    prose.append(contentsOf: lines[i...min(j, lines.count - 1)])
                }
                i = j + 1
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
        if let need = meta["requires"] {
            if !Requirements.known.contains(need) {
                problem(1, "unknown requirement '\(need)' (known: \(Requirements.known.joined(separator: ", ")))")
            } else if let missing = Requirements.missing(need) {
                steps = [Requirements.standIn(need, problem: missing, line: steps[0].line)]
            }
        }
        return Lesson(id: id, title: title.isEmpty ? id : title, summary: meta["summary"] ?? "",
                      order: Int(meta["order"] ?? "") ?? Int.max, next: meta["next"], steps: steps,
                      file: file, contentHash: hash)
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

    mutating func number(_ f: Field) -> Double? {
        guard let v = Double(f.value) else { problem(f.line, "'\(f.key)' must be a number, not '\(f.value)'"); return nil }
        return v
    }

    mutating func exercise(_ fields: [Field], stepId: String, line: Int) -> Exercise? {
        var e = Exercise(id: stepId, prompt: "", solution: "", line: line)
        for f in fields {
            switch f.key {
            case "id": e.id = f.value
            case "task": e.prompt = f.value
            case "solution": e.solution = f.value
            case "save": e.save = f.value
            case "hint": e.hints.append(f.value)
            case "wrong": if let w = knownWrong(f) { e.wrong.append(w) }
            case "tolerance": if let v = number(f) { e.tolerance = v }
            case "must-use": e.mustUse = f.value.split(whereSeparator: { $0 == " " || $0 == "," }).map(String.init)
            case "recheck":
                guard ["yes", "no"].contains(f.value) else { problem(f.line, "recheck is 'yes' or 'no'"); continue }
                e.recheck = f.value == "yes"
            case "dims": e.dims = f.value.split(whereSeparator: { $0 == "," || $0 == "×" }).map { $0.trimmedString }
            case "explain": e.explain = f.value
            default: problem(f.line, "unknown exercise field '\(f.key)' (known: id task solution save hint wrong tolerance must-use recheck dims explain)")
            }
        }
        if e.prompt.isEmpty { problem(line, "the exercise needs 'task: …' (what to do)") }
        if e.solution.isEmpty { problem(line, "the exercise needs 'solution: …' (an expression with the right value)"); return nil }
        return e
    }

    mutating func question(_ fields: [Field], stepId: String, line: Int) -> Question? {
        var q = Question(id: stepId, prompt: "", answer: "", line: line)
        for f in fields {
            if f.key.hasPrefix("choice ") {
                q.choices.append((String(f.key.dropFirst(7)).trimmedString, f.value))
                continue
            }
            switch f.key {
            case "id": q.id = f.value
            case "ask": q.prompt = f.value
            case "answer": q.answer = f.value
            case "tolerance": if let v = number(f) { q.tolerance = v }
            case "hint": q.hints.append(f.value)
            case "wrong": if let w = knownWrong(f) { q.wrong.append(w) }
            case "explain": q.explain = f.value
            default: problem(f.line, "unknown question field '\(f.key)' (known: id ask answer tolerance choice X hint wrong explain)")
            }
        }
        if q.prompt.isEmpty { problem(line, "the question needs 'ask: …'") }
        if q.answer.isEmpty { problem(line, "the question needs 'answer: …'"); return nil }
        if !q.choices.isEmpty, !q.choices.contains(where: { $0.letter == q.answer }) {
            problem(line, "the answer '\(q.answer)' is not one of the choices (\(q.choices.map(\.letter).joined(separator: ", ")))")
        }
        if q.choices.isEmpty, Double(q.answer) == nil {
            problem(line, "a question without choices needs a numeric answer, not '\(q.answer)'")
        }
        return q
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
