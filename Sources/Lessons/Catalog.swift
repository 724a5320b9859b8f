#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Finds and loads the lessons: the built-in curriculum and any course folders a teacher
/// names (`--lessons DIR`, `ATTN_TUTOR_LESSONS=DIR:DIR`). Course lessons come first in
/// the menu; ids are unique across all of them, so `:lesson ID` and `next:` reach any.
///
/// Loading reads only each file's front matter, so the tutor starts at once; a lesson
/// is parsed in full the first time it is asked for.
public final class Catalog: @unchecked Sendable {
    /// A lesson as its front matter describes it.
    public struct Entry: Sendable {
        public var id: String
        public var title: String
        public var summary: String
        public var order: Int
        public var next: String?
        public var path: String
        /// ``Lesson/builtIn``, or the (resolved) course folder: progress is kept by id and source.
        public var source: String
        public var isBuiltIn: Bool { source == Lesson.builtIn }
    }

    /// A folder of lessons.
    public struct Folder: Sendable, Equatable {
        public var path: String
        public var builtIn: Bool
        public init(path: String, builtIn: Bool) {
            self.path = path
            self.builtIn = builtIn
        }
    }

    /// The built-in lessons' folder ("" when none was found).
    public let directory: String
    public let folders: [Folder]
    /// Every lesson's front matter: the courses' lessons, then the built-in curriculum, each in order.
    public let entries: [Entry]
    /// Things the learner should know about where the lessons came from.
    public let notes: [String]
    private var parsed: [String: (Lesson?, [Problem])] = [:]
    private var unreadable: [Problem]

    init(folders: [Folder], entries: [Entry], unreadable: [Problem], notes: [String]) {
        self.directory = folders.first(where: \.builtIn)?.path ?? ""
        self.folders = folders
        self.entries = entries
        self.unreadable = unreadable
        self.notes = notes
    }

    public var ids: [String] { entries.map(\.id) }

    public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }

    /// The lesson called `id`, parsed on first use (nil if there is none or it does not parse).
    public func lesson(_ id: String) -> Lesson? {
        guard let entry = entry(id) else { return nil }
        return parse(entry).0
    }

    /// Every lesson that parses, in order (parses them all).
    public var lessons: [Lesson] { entries.compactMap { parse($0).0 } }

    /// Problems met while loading (files without an id, ids taken twice), and whatever parsing finds.
    public var problems: [Problem] { unreadable + entries.flatMap { parse($0).1 } }

    /// The problems met while reading the front matter only (cheap).
    public var loadProblems: [Problem] { unreadable }

    private func parse(_ entry: Entry) -> (Lesson?, [Problem]) {
        if let done = parsed[entry.path] { return done }
        var result: (Lesson?, [Problem])
        do { result = try Catalog.loadFile(entry.path) } catch { result = (nil, [error]) }
        result.0?.source = entry.source
        parsed[entry.path] = result
        return result
    }

    /// Opens a lesson file named by path. A file of the catalog is that lesson; another
    /// file whose id a catalog lesson already has is refused (naming both files), so it
    /// can never stand in for that lesson or touch its progress.
    public func open(file path: String) throws(Problem) -> (Lesson?, [Problem]) {
        let real = Catalog.resolved(path)
        if let entry = entries.first(where: { Catalog.resolved($0.path) == real }) { return parse(entry) }
        var (lesson, problems) = try Catalog.loadFile(path)
        if let id = lesson?.id, let taken = entry(id) {
            throw Problem(path, lesson?.lines["id"] ?? 1, "lesson id '\(id)' is already taken by \(taken.path); give this lesson an id of its own")
        }
        lesson?.source = Catalog.resolved(path.deletingLastPathComponent.isEmpty ? "." : path.deletingLastPathComponent)
        return (lesson, problems)
    }

    /// ``open(file:)`` in `catalog` when there is one, else the file alone.
    public static func open(file path: String, in catalog: Catalog?) throws(Problem) -> (Lesson?, [Problem]) {
        if let catalog { return try catalog.open(file: path) }
        var (lesson, problems) = try loadFile(path)
        lesson?.source = resolved(path.deletingLastPathComponent.isEmpty ? "." : path.deletingLastPathComponent)
        return (lesson, problems)
    }

    // MARK: - Where lessons are

    /// The built-in lessons' folder and whether it is a checkout of this repository: a
    /// `Lessons/` in the working directory only when that directory is an attn-tutor
    /// checkout, else the installed copy beside the binary (`../share/attn-tutor/Lessons`,
    /// `Lessons/` beside it or one folder up, or the checkout the binary was built in).
    public static func builtInFolder(workingDirectory: String = FileManager.default.currentDirectoryPath,
                                     executable: String? = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        -> (path: String, checkout: Bool)? {
        if isCheckout(workingDirectory) { return (workingDirectory + "/Lessons", true) }
        guard let exe = executable else { return nil }
        let bin = exe.deletingLastPathComponent
        for candidate in [bin.deletingLastPathComponent + "/share/attn-tutor/Lessons", bin + "/Lessons",
                          bin.deletingLastPathComponent + "/Lessons"] where isDirectory(candidate) {
            return (candidate, isCheckout(candidate.deletingLastPathComponent))
        }
        // A build inside the repository: .build/<triple>/debug/attn-tutor.
        var dir = bin
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent
            if dir.isEmpty || dir == "/" { break }
            if isCheckout(dir) { return (dir + "/Lessons", true) }
        }
        return nil
    }

    /// A folder holding this repository: `Package.swift` naming attn-tutor, and `Lessons/`.
    static func isCheckout(_ dir: String) -> Bool {
        guard isDirectory(dir + "/Lessons"), let text = try? readText(dir + "/Package.swift") else { return false }
        return text.contains("name: \"attn-tutor\"")
    }

    /// The course folders named in `ATTN_TUTOR_LESSONS` (`:`-separated).
    public static func courseFolders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        (environment["ATTN_TUTOR_LESSONS"] ?? "").split(separator: ":").map(String.init).filter { !$0.isEmpty }
    }

    /// The built-in lessons and the courses: those in `ATTN_TUTOR_LESSONS`, then `courses`
    /// (from `--lessons`). Fails only when there are no lessons at all, or a named course
    /// folder cannot be read.
    public static func load(courses: [String] = [], environment: [String: String] = ProcessInfo.processInfo.environment,
                            workingDirectory: String = FileManager.default.currentDirectoryPath) throws(CatalogError) -> Catalog {
        var folders: [Folder] = []
        var notes: [String] = []
        if let (path, checkout) = builtInFolder(workingDirectory: workingDirectory) {
            folders.append(Folder(path: path, builtIn: true))
            if checkout { notes.append("the built-in lessons are read from a checkout of attn-tutor: \(path)") }
        }
        for course in courseFolders(environment: environment) + courses where !folders.contains(where: { resolved($0.path) == resolved(course) }) {
            guard isDirectory(course) else {
                throw CatalogError(message: "cannot read the course folder \(course) (named by \(courses.contains(course) ? "--lessons" : "ATTN_TUTOR_LESSONS"))")
            }
            folders.append(Folder(path: course, builtIn: false))
        }
        // A Lessons/ folder here is someone's course, not the curriculum: it comes in only when named.
        let here = workingDirectory + "/Lessons"
        let unnamed = isDirectory(here) && !folders.contains { resolved($0.path) == resolved(here) }
        guard !folders.isEmpty else {
            throw CatalogError(message: "no lessons found: none are installed beside the binary, and no course folder was named."
                               + "\nName a folder of lessons with --lessons DIR or ATTN_TUTOR_LESSONS=DIR"
                               + (unnamed ? " (the Lessons folder here is read only when named: --lessons Lessons)." : "."))
        }
        if unnamed { notes.append("the Lessons folder in the working directory is not read; add its lessons with --lessons Lessons") }
        return try load(folders: folders, notes: notes)
    }

    /// One folder of lessons, as if it were the built-in curriculum.
    public static func load(directory: String) throws(CatalogError) -> Catalog {
        try load(folders: [Folder(path: directory, builtIn: true)], notes: [])
    }

    /// Reads the front matter of every `*.md` lesson in each folder (README.md is for
    /// authors and is skipped). An id met a second time is refused, naming both files:
    /// the built-in lessons' ids are taken first. Courses come first in the menu.
    public static func load(folders: [Folder], notes: [String]) throws(CatalogError) -> Catalog {
        var entries: [Entry] = [], problems: [Problem] = []
        var notes = notes
        for folder in folders.filter(\.builtIn) + folders.filter({ !$0.builtIn }) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
                throw CatalogError(message: "cannot read the lesson folder \(folder.path)")
            }
            var found: [Entry] = []
            for name in names.sorted() where name.hasSuffix(".md") && name != "README.md" {
                let path = folder.path + "/" + name
                let text: String
                do { text = try readText(path) } catch { problems.append(error); continue }
                let meta = FrontMatter.read(text)
                guard let id = meta.values["id"], !id.isEmpty else {
                    problems.append(Problem(path, 1, "the front matter needs 'id: …' (the lesson's stable id)"))
                    continue
                }
                if let taken = (entries + found).first(where: { $0.id == id }) {
                    let problem = Problem(path, meta.lines["id"] ?? 1, "lesson id '\(id)' is already taken by \(taken.path); this file is not loaded")
                    problems.append(problem)
                    notes.append(problem.description)
                    continue
                }
                found.append(Entry(id: id, title: meta.values["title"] ?? id, summary: meta.values["summary"] ?? "",
                                   order: Int(meta.values["order"] ?? "") ?? Int.max, next: meta.values["next"], path: path,
                                   source: folder.builtIn ? Lesson.builtIn : resolved(folder.path)))
            }
            found.sort { ($0.order, $0.id) < ($1.order, $1.id) }
            entries += found
        }
        entries = entries.filter { !$0.isBuiltIn } + entries.filter(\.isBuiltIn)
        return Catalog(folders: folders, entries: entries, unreadable: problems, notes: notes)
    }

    /// Reads and parses one lesson file.
    public static func loadFile(_ path: String) throws(Problem) -> (Lesson?, [Problem]) {
        LessonParser.parse(try readText(path), file: path)
    }

    /// Lesson files are far smaller; a bigger "lesson" (or /dev/zero) is not read into memory.
    public static let sizeLimit = 16 << 20

    /// A lesson file's text: a regular file (a FIFO or device is refused before it is
    /// opened, so nothing blocks), at most ``sizeLimit`` bytes, UTF-8.
    static func readText(_ path: String) throws(Problem) -> String {
        var st = stat()
        guard stat(path, &st) == 0 else { throw Problem(path, 0, "cannot read this file: \(String(cString: strerror(errno)))") }
        switch st.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw Problem(path, 0, "this is a folder, not a lesson file")
        default: throw Problem(path, 0, "this is not a regular file")
        }
        guard st.st_size <= sizeLimit else { throw Problem(path, 0, "this file is larger than a lesson can be (\(sizeLimit >> 20) MB)") }
        guard let data = ProgressStore.contents(path, limit: sizeLimit) else {
            throw Problem(path, 0, "cannot read this file: \(String(cString: strerror(errno)))")
        }
        guard let text = String(validating: data, as: UTF8.self) else { throw Problem(path, 0, "this file is not UTF-8 text") }
        return text
    }

    /// The path with links and `..` resolved (as given when it does not exist).
    public static func resolved(_ path: String) -> String {
        guard let p = realpath(path, nil) else { return path }
        defer { free(p) }
        return String(cString: p)
    }

    /// Whether `path` is a folder (a course to check as a whole, not a lesson file).
    public static func isFolder(_ path: String) -> Bool { isDirectory(path) }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }
}

public struct CatalogError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension String {
    /// The folder part of a path.
    var deletingLastPathComponent: String {
        guard let slash = lastIndex(of: "/") else { return "" }
        return slash == startIndex ? "/" : String(self[..<slash])
    }
}
