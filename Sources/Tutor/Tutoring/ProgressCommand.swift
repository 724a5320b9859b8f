import ArgumentParser
import Display
import Lessons

/// `attn-tutor progress [--json] [--name NAME] [--reset [ID]]`
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Show saved progress (per step: status, attempts, hints), name its learner, or reset it.")

    @Flag(help: "Forget progress: of the lesson ID if given, else of every lesson.")
    var reset = false

    @Flag(help: "Print the progress as JSON: {\"lessons\": [{\"id\", \"steps\": [{\"id\", \"status\", \"attempts\", \"hints\", …}]}]}.")
    var json = false

    @Option(help: "Store the learner's name in the progress file (for a teacher's report); an empty name removes it.")
    var name: String?

    @Argument(help: "With --reset: the lesson to forget.")
    var id: String?

    @OptionGroup var courses: CourseOptions

    func validate() throws {
        if id != nil, !reset { throw ValidationError("a lesson id goes with --reset: attn-tutor progress --reset \(id!)") }
        if let name, name.count > 200 || name.contains(where: { $0.isNewline || $0.asciiValue.map { $0 < 32 } == true }) {
            throw ValidationError("a name is one line of at most 200 characters")
        }
    }

    func run() throws {
        let store = ProgressStore.standard()
        var err = StandardError()
        if let name {
            let trimmed = name.trimmingWhitespace
            let result = store.update { $0.name = trimmed.isEmpty ? nil : trimmed }
            if let note = result.note { print("note: " + note, to: &err) }
            guard result.saved else { throw ExitCode(1) }
            print(trimmed.isEmpty ? "name removed from \(store.path)" : "name '\(trimmed)' stored in \(store.path)")
            return
        }
        if reset {
            let (current, warning) = store.load()
            if let warning { print("note: " + warning, to: &err) }
            if let id, !current.lessons.values.contains(where: { $0.id == id }) {
                throw CommandFailure("there is no saved progress for '\(id)'")
            }
            let result = store.update { $0.reset(id) }
            guard result.saved else { throw CommandFailure(result.note ?? "progress not saved") }
            print(id.map { "progress of \($0) reset" } ?? "all progress reset")
            return
        }
        let (progress, warning) = store.load()
        if let warning { print("note: " + warning, to: &err) }
        if json {
            print(String(decoding: try progress.encoded(), as: UTF8.self))
            return
        }
        let catalog = try? courses.catalog()
        print(ProgressTable.text(progress, catalog: catalog))
        print("saved in \(store.path)")
    }
}

/// Saved progress as text: a line per lesson with where the learner is and how it went.
enum ProgressTable {
    static func text(_ progress: Progress, catalog: Catalog?) -> String {
        var lines: [String] = []
        if let name = progress.name { lines.append("learner: \(name)") }
        let entries = catalog?.entries ?? []
        var shown = Set<String>()
        for entry in entries {
            let key = Progress.key(id: entry.id, source: entry.source)
            shown.insert(key)
            lines.append(line(entry.id, progress.lessons[key], steps: progress.lessons[key] == nil ? nil : catalog?.lesson(entry.id)))
        }
        // Progress of lessons not found now (a course not named this time) is kept and listed.
        for (key, e) in progress.lessons.sorted(by: { $0.key < $1.key }) where !shown.contains(key) {
            lines.append(line(e.id + (e.source == Lesson.builtIn ? "" : " (\(e.source))"), e, steps: nil))
        }
        if lines.isEmpty { return "no lessons found and no progress saved" }
        if let notes = catalog?.notes { lines += notes.map { "note: " + $0 } }
        // Ids and names come from the progress file, which anything may have written.
        return lines.map { ANSI.visible($0) }.joined(separator: "\n")
    }

    static func line(_ name: String, _ e: Progress.Entry?, steps lesson: Lesson?) -> String {
        guard let e else { return name.padding(24) + " not started" }
        let count = lesson?.steps.count
        var state = e.finished ? "finished" : "at step \(min(e.stepIndex, 1_000_000) + 1)\(count.map { "/\($0)" } ?? "") (\(e.step))"
        let solved = e.steps.filter { $0.status == .solved }.count, skipped = e.steps.filter { $0.status == .skipped }.count
        let attempts = e.steps.reduce(0) { $0 + $1.attempts }, hints = e.steps.reduce(0) { $0 + $1.hints }
        let minutes = Int((e.steps.reduce(0) { $0 + $1.seconds } / 60).rounded())
        state += " · \(solved) solved, \(skipped) skipped · \(attempts) attempt\(attempts == 1 ? "" : "s"), \(hints) hint\(hints == 1 ? "" : "s") · \(minutes) min"
        return name.padding(24) + " " + state
    }
}

extension Tutoring {
    /// `:progress`: every lesson, with where the learner is and how it went.
    func progressTable() -> String { ProgressTable.text(progress, catalog: try? catalog.get()) }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
