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

    @OptionGroup var courses: CourseOptions

    func run() throws {
        var lessons: [Lesson] = []
        var problems: [Problem] = []
        // The set of lessons the tutor would have: the built-in ones, the courses named, and
        // each folder being checked (as a course). `next:` must name one of them.
        let folders = paths.filter { Catalog.isFolder($0) }
        let catalog = try Catalog.load(courses: courses.folders + folders)
        let checked = Set((paths.isEmpty ? catalog.folders.map(\.path) : folders).map(Catalog.resolved))
        for entry in catalog.entries where checked.contains(Catalog.resolved(entry.path.deletingLastPathComponentLike)) {
            if let lesson = catalog.lesson(entry.id) { lessons.append(lesson) }
        }
        problems += catalog.problems.filter { checked.contains(Catalog.resolved($0.file.deletingLastPathComponentLike)) }
        var known = Set(catalog.ids)
        for path in paths where !folders.contains(path) {
            do {
                let (lesson, found) = try catalog.open(file: path)
                problems += found
                if let lesson, !lessons.contains(where: { $0.file == lesson.file }) {
                    lessons.append(lesson)
                    known.insert(lesson.id)
                }
            } catch { problems.append(error) }
        }
        var reports = LessonChecker.check(lessons, parseProblems: problems, otherIds: known)
        // Files that did not even parse into a lesson still get an entry.
        let covered = Set(reports.map(\.file))
        for file in Set(problems.map(\.file)).subtracting(covered).sorted() {
            reports.append(CheckReport(id: "", file: file, steps: 0, exercises: 0, problems: problems.filter { $0.file == file }))
        }
        if json {
            print("[" + reports.map { r in
                "{\"id\":\(JSON.string(r.id)),\"file\":\(JSON.string(r.file)),\"steps\":\(r.steps),\"exercises\":\(r.exercises),"
                    + (r.unmet.map { "\"not_replayed\":{\"requires\":\(JSON.string($0.requirement)),\"steps\":\($0.steps),\"exercises\":\($0.exercises)}," } ?? "")
                    + "\"problems\":["
                    + r.problems.filter { !$0.isWarning }.map { JSON.string($0.description) }.joined(separator: ",") + "],\"details\":["
                    + r.problems.map { "{\"line\":\($0.line),\"message\":\(JSON.string($0.message)),\"warning\":\($0.isWarning)}" }.joined(separator: ",") + "]}"
            }.joined(separator: ",") + "]")
        } else {
            for r in reports {
                for p in r.problems.sorted(by: { $0.line < $1.line }) { print(p.description) }
                print((r.problems.contains { !$0.isWarning } ? "FAIL " : "ok   ") + r.summary)
            }
        }
        let total = reports.reduce(0) { $0 + $1.problems.filter { !$0.isWarning }.count }
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
