import ArgumentParser
import Lessons

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `run`'s options for a page instead of the terminal: `--html FILE`, `--markdown FILE`,
/// and `--student` for the version without solutions.
struct HandoutOptions: ParsableArguments {
    @Option(name: .customLong("html"), help: ArgumentHelp(
        "Write the lesson as one self-contained HTML page to FILE ('-' for standard output).", valueName: "FILE"))
    var htmlFile: String?

    @Option(name: .customLong("markdown"), help: ArgumentHelp(
        "Write the lesson as Markdown to FILE, its pictures as SVG files in FILE_files/.", valueName: "FILE"))
    var markdownFile: String?

    @Flag(help: "With --html or --markdown: leave out every solution and anything else that gives an answer away.")
    var student = false

    func validate() throws {
        if student && htmlFile == nil && markdownFile == nil {
            throw ValidationError("--student makes a page: add --html FILE or --markdown FILE")
        }
        if markdownFile == "-" { throw ValidationError("--markdown needs a file name (its pictures go in a folder beside it)") }
    }

    /// Writes the pages asked for; false when none was (the notebook goes to the terminal).
    /// Fails (exit 1, after writing) when the lesson has problems.
    func write(_ lesson: Lesson, precision: Int) throws -> Bool {
        guard htmlFile != nil || markdownFile != nil else { return false }
        let built = LessonPage.build(lesson, student: student, precision: precision)
        if let htmlFile {
            try PageFiles.write(HTMLPage(page: built.page).render(), to: htmlFile)
        }
        if let markdownFile {
            try PageFiles.writeMarkdown(built.page, to: markdownFile)
        }
        for problem in built.problems { PageFiles.warn(problem) }
        if !built.problems.isEmpty { throw ExitCode(1) }
        return true
    }
}

/// Writing pages to files, with errors a learner can act on.
enum PageFiles {
    static func write(_ text: String, to path: String) throws {
        if path == "-" { print(text, terminator: ""); return }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ValidationError("cannot write \(path)" + (parentExists(path) ? "" : ": its folder does not exist"))
        }
    }

    /// The Markdown page and, in a folder beside it named after it, its pictures.
    static func writeMarkdown(_ page: Page, to path: String) throws {
        let base = path.hasSuffix(".md") ? String(path.dropLast(3)) : path
        let folder = base + "_files"
        let (text, pictures) = MarkdownPage(page: page, pictureFolder: lastComponent(folder)).render()
        try write(text, to: path)
        guard !pictures.isEmpty else { return }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw ValidationError("cannot make the picture folder \(folder)")
        }
        for (name, svg) in pictures { try write(svg, to: folder + "/" + name) }
    }

    static func lastComponent(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }

    static func parentExists(_ path: String) -> Bool {
        guard let slash = path.lastIndex(of: "/") else { return true }
        return (try? FileManager.default.contentsOfDirectory(atPath: slash == path.startIndex ? "/" : String(path[..<slash]))) != nil
    }

    static func warn(_ message: String) {
        fputs(message + "\n", stderr)
    }
}
