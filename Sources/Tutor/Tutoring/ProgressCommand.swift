import ArgumentParser
import Display
import Lessons

/// `attn-tutor progress [--reset [ID]]`
struct ProgressCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "progress", abstract: "Show saved progress, or reset it (for one lesson, or all).")

    @Flag(help: "Forget progress: of the lesson ID if given, else of every lesson.")
    var reset = false

    @Argument(help: "With --reset: the lesson to forget.")
    var id: String?

    func validate() throws {
        if id != nil, !reset { throw ValidationError("a lesson id goes with --reset: attn-tutor progress --reset \(id!)") }
    }

    func run() throws {
        let store = ProgressStore.standard()
        var (progress, warning) = store.load()
        if let warning { print("note: " + warning) }
        if reset {
            if let id, progress.lessons[id] == nil { throw CommandFailure("there is no saved progress for '\(id)'") }
            progress.reset(id)
            if let problem = store.save(progress) { throw CommandFailure(problem) }
            print(id.map { "progress of \($0) reset" } ?? "all progress reset")
            return
        }
        let lessons = (try? Catalog.load())?.lessons ?? []
        let ids = lessons.map(\.id) + progress.lessons.keys.sorted().filter { id in !lessons.contains { $0.id == id } }
        if ids.isEmpty { print("no lessons found and no progress saved"); return }
        for id in ids {
            let lesson = lessons.first { $0.id == id }
            let entry = progress.lessons[id]
            let state: String
            if let entry {
                state = entry.finished ? "finished" : "at step \(entry.stepIndex + 1)\(lesson.map { "/\($0.steps.count)" } ?? "") (\(entry.step))"
            } else { state = "not started" }
            // Ids come from the progress file, which anything may have written.
            print(ANSI.visible("\(id.padding(24)) \(state)"))
        }
        print("saved in \(store.path)")
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
