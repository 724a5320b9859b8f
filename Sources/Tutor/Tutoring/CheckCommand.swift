import ArgumentParser
import Display
import Lessons

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `attn-tutor check [PATH…] [--json]`: validates lessons for their authors.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate lessons: every block runs, every solution passes, every known wrong answer gets its own message.",
        discussion: "Problems are printed as file:line: message; the exit status is 1 if there is any.")

    @Argument(help: "Lesson files or folders (default: the lesson folder).")
    var paths: [String] = []

    @Flag(help: "Print a JSON array: one object per lesson with its id, file, steps, exercises and problems.")
    var json = false

    func run() throws {
        var lessons: [Lesson] = []
        var problems: [Problem] = []
        if paths.isEmpty {
            let catalog = try Catalog.load()
            lessons = catalog.lessons
            problems = catalog.problems
        }
        for path in paths {
            if let catalog = try? Catalog.load(directory: path) {
                lessons += catalog.lessons
                problems += catalog.problems
                continue
            }
            do {
                let (lesson, found) = try Catalog.loadFile(path)
                problems += found
                if let lesson { lessons.append(lesson) }
            } catch { problems.append(error) }
        }
        // `next:` may name a lesson beside a checked file that is not itself being checked.
        var others = Set<String>()
        for path in paths where !path.hasSuffix("/") {
            let folder = path.deletingLastPathComponentLike
            if let siblings = try? Catalog.load(directory: folder.isEmpty ? "." : folder) { others.formUnion(siblings.lessons.map(\.id)) }
        }
        var reports = LessonChecker.check(lessons, parseProblems: problems, otherIds: others)
        // Files that did not even parse into a lesson still get an entry.
        let covered = Set(reports.map(\.file))
        for file in Set(problems.map(\.file)).subtracting(covered).sorted() {
            reports.append(CheckReport(id: "", file: file, steps: 0, exercises: 0, problems: problems.filter { $0.file == file }))
        }
        if json {
            print("[" + reports.map { r in
                "{\"id\":\(JSON.string(r.id)),\"file\":\(JSON.string(r.file)),\"steps\":\(r.steps),\"exercises\":\(r.exercises),\"problems\":["
                    + r.problems.map { JSON.string($0.description) }.joined(separator: ",") + "]}"
            }.joined(separator: ",") + "]")
        } else {
            for r in reports {
                for p in r.problems { print(p.description) }
                let mark = r.problems.isEmpty ? "ok  " : "FAIL"
                print("\(mark) \(r.id.isEmpty ? r.file : r.id): \(r.steps) steps, \(r.exercises) exercises, \(r.problems.count) problem\(r.problems.count == 1 ? "" : "s")")
            }
        }
        let total = reports.reduce(0) { $0 + $1.problems.count }
        if reports.isEmpty {
            var err = StandardError()
            print("no lessons found in \(paths.joined(separator: ", "))", to: &err)
            throw ExitCode(1)
        }
        if total > 0 { throw ExitCode(1) }
    }
}

extension String {
    /// The folder part of a path (empty for a bare file name).
    var deletingLastPathComponentLike: String {
        guard let slash = lastIndex(of: "/") else { return "" }
        return String(self[..<slash])
    }
}
