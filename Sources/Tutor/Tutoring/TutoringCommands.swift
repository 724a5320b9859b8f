import Display
import Language
import Lessons
import Tensors

/// The lesson `:commands`, registered into the REPL's command table.
extension Tutoring {
    var commands: [ReplCommand] {
        let ids: ReplCommand.Completion = .custom { [unowned self] _ in self.entries.map(\.id) }
        return [
            ReplCommand("lessons", aliases: ["l"], summary: "the lessons, with where you are in each") { [unowned self] _, _ in
                self.repl.write(self.menu(full: true)); return .proceed
            },
            ReplCommand("lesson", usage: "ID|N|FILE", summary: "start or resume a lesson (by id, number, or a lesson file)",
                        completion: ids) { [unowned self] _, args in
                self.open(args); return .proceed
            },
            ReplCommand("next", aliases: ["n"], summary: "go on to the next step (Enter on an empty line does too)") { [unowned self] _, _ in
                self.next(); return .proceed
            },
            ReplCommand("back", aliases: ["b"], summary: "the previous step, with its workspace as it was") { [unowned self] _, _ in
                guard self.requireLesson() else { return .proceed }
                if self.index == 0 { self.repl.write("this is the first step") } else { self.enter(self.index - 1) }
                return .proceed
            },
            ReplCommand("goto", usage: "N", summary: "jump to step N of this lesson") { [unowned self] _, args in
                guard self.requireLesson(), let lesson = self.lesson else { return .proceed }
                guard let n = Int(args), n >= 1, n <= lesson.steps.count else {
                    self.repl.write(self.style.red("give a step number from 1 to \(lesson.steps.count), e.g. :goto 3")); return .proceed
                }
                self.enter(n - 1); return .proceed
            },
            ReplCommand("restart", summary: "this lesson from its first step") { [unowned self] _, _ in
                guard self.requireLesson() else { return .proceed }
                self.enter(0, clean: true); return .proceed
            },
            ReplCommand("reset", summary: "this step's clean workspace back (your own variables are cleared)") { [unowned self] _, _ in
                guard self.requireLesson() else { return .proceed }
                self.enter(self.index, clean: true); return .proceed
            },
            ReplCommand("hint", summary: "a hint for this step; one more each time") { [unowned self] _, _ in
                self.hint(); return .proceed
            },
            ReplCommand("solution", summary: "show the answer to this step (without marking it done)") { [unowned self] _, _ in
                self.solution(); return .proceed
            },
            ReplCommand("skip", summary: "fill in the answer and go on") { [unowned self] _, _ in
                self.skip(); return .proceed
            },
            ReplCommand("progress", summary: "how far you are in every lesson") { [unowned self] _, _ in
                self.repl.write(self.menu(full: true)); return .proceed
            },
        ]
    }

    func requireLesson() -> Bool {
        if lesson == nil { repl.write("no lesson is open — " + style.cyan(":lessons") + " lists them, " + style.cyan(":lesson ID") + " starts one") }
        return lesson != nil
    }

    /// `:lesson ID|N|FILE`
    func open(_ args: String) {
        let name = args.trimmedString
        if name.isEmpty {
            if lesson != nil { enter(index) } else if let r = resumeCandidate, let l = load(r.id) { start(l) } else { repl.write(menu(full: true)) }
            return
        }
        if name.hasSuffix(".md") || name.contains("/") {
            do {
                let (loaded, problems) = try Catalog.loadFile(name)
                for p in problems { repl.write(style.yellow(p.description)) }
                if let loaded { start(loaded) }
            } catch { repl.write(style.red(error.description)) }
            return
        }
        if case let .failure(error) = catalog { repl.write(style.red(error.message)); return }
        let id = Int(name).flatMap { n in n >= 1 && n <= entries.count ? entries[n - 1].id : nil } ?? name
        guard let found = load(id) else {
            var message = entries.contains { $0.id == id } ? "the lesson '\(id)' has a problem — its author can run `attn-tutor check`" : "there is no lesson '\(name)'"
            if let near = Nearest.word(to: name, in: entries.map(\.id)), near != id { message += " — did you mean \(near)?" }
            repl.write(style.red(message) + "\n" + style.dim("  :lessons lists them"))
            return
        }
        start(found)
    }

    /// The lesson list: `1 ✓ why-attention   2 ▸ embeddings (step 3/7)   3   positional-encoding`.
    func menu(full: Bool) -> String {
        switch catalog {
        case let .failure(error): return style.red(error.message)
        case .success:
            guard !entries.isEmpty else { return "no lessons found" }
            var lines: [String] = []
            // Columns by display width (marks and colours take none of their own): number, mark, id, where, summary.
            let idWidth = entries.map { ANSI.width($0.id) }.max() ?? 0
            var rows: [(left: String, status: String, summary: String)] = []
            for (k, l) in entries.enumerated() {
                let entry = progress.lessons[l.id]
                let mark = entry?.finished == true ? style.green("✓") : entry != nil ? style.yellow("▸") : " "
                let left = "\(k + 1 < 10 ? " " : "")\(k + 1) \(mark) " + ANSI.padRight(l.id, idWidth)
                var status = ""
                if let entry, entry.finished != true, let count = load(l.id)?.steps.count {
                    status = style.dim("step \(min(entry.stepIndex + 1, count))/\(count)")
                }
                rows.append((left, status, l.summary.isEmpty ? l.title : l.summary))
            }
            let statusWidth = rows.map { ANSI.width($0.status) }.max() ?? 0
            for row in rows {
                guard full else { lines.append((row.left + (row.status.isEmpty ? "" : "  " + row.status)).trimmedRight); continue }
                let head = row.left + "  " + (statusWidth > 0 ? ANSI.padRight(row.status, statusWidth) + "  " : "")
                let room = max(20, Prose.limit(repl.width()) + 2 - ANSI.width(head))
                let summary = Prose.wrap(row.summary, first: "", rest: "", limit: room)
                let hang = String(repeating: " ", count: ANSI.width(head))
                lines.append(head + style.dim(summary[0]))
                for more in summary.dropFirst() { lines.append(hang + style.dim(more)) }
            }
            if full { lines.append(style.dim("  :lesson ID or :lesson N to start; Enter resumes where you were")) }
            return lines.joined(separator: "\n")
        }
    }

    func hint() {
        guard requireLesson(), let task = step?.task else {
            if lesson != nil { repl.write("this step has nothing to answer: Enter goes on") }
            return
        }
        let hints = task.hints
        guard !hints.isEmpty else { repl.write("no hints here — :solution shows the answer"); return }
        guard hintsShown < hints.count else {
            repl.write(style.dim("that was the last hint: ") + hints[hints.count - 1] + style.dim("  (:solution shows the answer)"))
            return
        }
        hintsShown += 1
        repl.write(style.yellow("hint \(hintsShown)/\(hints.count): ") + wrapped(hints[hintsShown - 1]))
    }

    func solution() {
        guard requireLesson(), let task = step?.task else {
            if lesson != nil { repl.write("this step has nothing to answer: Enter goes on") }
            return
        }
        switch task {
        case let .exercise(e): repl.write("solution: " + style.cyan(e.solution))
        case let .question(q):
            let text = q.choices.first { $0.letter == q.answer }.map { "\(q.answer)) \($0.text)" } ?? q.answer
            repl.write("answer: " + style.cyan(text))
        }
    }

    func skip() {
        guard requireLesson(), let walker else { return }
        guard walker.phase == .waiting, let task = walker.step.task else { next(); return }
        let completion: LessonWalker.Completion?
        do throws(Problem) { completion = try walker.skip() } catch {
            authorProblem("this exercise has a problem: \(error.description)")
            return
        }
        var note = "skipped"
        switch task {
        case let .exercise(e):
            if let name = e.save { note += "; set \(name) = \(e.solution)" } else { note += "; the answer was \(e.solution)" }
        case let .question(q):
            note += "; the answer was " + (q.choices.first { $0.letter == q.answer }.map { "\(q.answer)) \($0.text)" } ?? q.answer)
        }
        repl.write(style.dim(note))
        if let value = completion?.solutionValue, let shown = repl.session.show(.tensor(value)) { repl.write(indent(shown)) }
        if let completion { concluded(completion, skipped: true) }
        next()
    }
}

extension Tutoring {
    /// Lines added to the REPL's welcome: the lesson menu and what Enter does.
    var welcome: [String] {
        guard case .success = catalog, !entries.isEmpty else {
            if case let .failure(error) = catalog { return [style.yellow(error.message)] }
            return []
        }
        let items = entries.enumerated().map { k, l -> String in
            let entry = progress.lessons[l.id]
            let mark = entry?.finished == true ? style.green("✓") : entry != nil ? style.yellow("▸") : " "
            return "\(k + 1) \(mark) \(l.id)"
        }
        // As many lessons to a line as the terminal has room for.
        let width = min(repl.width() ?? 80, 100)
        var lines: [String] = []
        var line = " "
        for item in items {
            if ANSI.width(line) + 2 + ANSI.width(item) > width, line != " " {
                lines.append(line)
                line = " "
            }
            line += " " + item + " "
        }
        if line != " " { lines.append(line) }
        if let r = resumeCandidate {
            let count = progress.lessons[r.id] == nil ? nil : load(r.id)?.steps.count
            let at = progress.lessons[r.id].flatMap { e in count.map { " at step \(min(e.stepIndex + 1, $0))/\($0)" } } ?? ""
            lines.append(style.dim("Press Enter to \(progress.lessons[r.id] == nil ? "start" : "resume") ") + style.cyan(r.id) + style.dim(at + ", or :lesson ID for another."))
        }
        return lines
    }
}

extension String {
    /// Without trailing spaces.
    var trimmedRight: String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
