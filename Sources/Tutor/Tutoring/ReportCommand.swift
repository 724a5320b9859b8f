import ArgumentParser
import Display
import Lessons

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `attn-tutor report FILE… [--csv]`: a class's progress files merged, for the teacher.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Merge a class's progress files: how each exercise went, or one CSV row per learner and step.",
        discussion: """
            Each learner's progress is ~/.local/share/attn-tutor/progress.json;
            attn-tutor progress --name NAME stores their name in it. Collect the files:

              attn-tutor report ada.json bob.json
                  per exercise: solved %, median attempts, the mistakes named
              attn-tutor report class/ --csv > class.csv
                  learner,lesson,step,status,attempts,hints

            A learner is named by the name stored in the file, else by the file's
            name without its extension.
            """)

    @Argument(help: "Progress files, or folders of them (every *.json inside).")
    var files: [String]

    @Flag(help: "Print CSV: learner,lesson,step,status,attempts,hints.")
    var csv = false

    @OptionGroup var courses: CourseOptions

    func validate() throws {
        if files.isEmpty { throw ValidationError("name the progress files to merge, e.g. attn-tutor report ada.json bob.json") }
    }

    func run() throws {
        var err = StandardError()
        var failed = false
        var learners: [ClassReport.Learner] = []
        for path in expand(files) {
            let data: [UInt8]
            switch BoundedFile.read(path) {
            case let .success(bytes): data = bytes
            case let .failure(problem): print(problem.description, to: &err); failed = true; continue
            }
            guard let progress = Progress.decode(Data(data)) else {
                print("\(path): not an attn-tutor progress file", to: &err); failed = true; continue
            }
            if progress.unreadableEntries > 0 {
                print("\(path): \(progress.unreadableEntries) lesson entr\(progress.unreadableEntries == 1 ? "y" : "ies") could not be read and are left out", to: &err)
            }
            learners.append(.init(name: ClassReport.learnerName(file: path, progress: progress), file: path, progress: progress))
        }
        let names = learners.map(\.name)
        for name in Set(names) where names.filter({ $0 == name }).count > 1 {
            print("note: \(names.filter { $0 == name }.count) files have the learner name '\(name)': "
                  + learners.filter { $0.name == name }.map(\.file).joined(separator: ", "), to: &err)
        }
        let catalog = try? courses.catalog()
        let report = ClassReport(learners: learners) { id in
            catalog?.lesson(id).map { $0.steps.map { (id: $0.id, task: $0.task != nil) } }
        }
        if csv {
            print(report.csv, terminator: "")
        } else {
            // Names and ids come from files anyone may have written.
            print(ANSI.visible(summary(report, catalog: catalog), keepingLines: true))
        }
        if failed { throw ExitCode(1) }
    }

    /// Files as given; a folder stands for the `*.json` files in it.
    func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            guard Catalog.isFolder(path), let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return [path] }
            return names.filter { $0.hasSuffix(".json") }.sorted().map { path + "/" + $0 }
        }
    }

    func summary(_ report: ClassReport, catalog: Catalog?) -> String {
        let n = report.learners.count
        var lines = ["\(n) learner\(n == 1 ? "" : "s"): " + report.learners.map(\.name).joined(separator: ", ")]
        let exercises = report.exercises
        if exercises.isEmpty { lines.append("no exercise has been reached yet"); return lines.joined(separator: "\n") }
        var lesson = ""
        let width = min(28, max(4, exercises.map(\.step.count).max() ?? 4))
        for e in exercises {
            if e.lesson != lesson {
                lesson = e.lesson
                let title = catalog?.entry(lesson)?.title
                lines.append("")
                lines.append(lesson + (title.map { $0 == lesson ? "" : " — \($0)" } ?? ""))
                lines.append("  " + "step".padding(width) + "  " + "solved".padding(24) + "median attempts  mistakes named")
            }
            let percent = n == 0 ? 0 : Int((Double(e.solved) / Double(n) * 100).rounded())
            var solved = "\(e.solved)/\(n) (\(percent)%)"
            if e.skipped > 0 { solved += ", \(e.skipped) skipped" }
            let median = e.medianAttempts.map { $0.rounded() == $0 ? String(Int($0)) : String($0) } ?? "—"
            let mistakes = e.mistakes.prefix(3).map { "\($0.code) ×\($0.count)" }.joined(separator: ", ")
            lines.append("  " + e.step.padding(width) + "  " + solved.padding(23) + " " + median.padding(17) + (mistakes.isEmpty ? "—" : mistakes))
        }
        return lines.joined(separator: "\n")
    }

}
