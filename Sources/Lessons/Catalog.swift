#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds and loads the lessons.
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
    }

    public let directory: String
    /// Every lesson file's front matter, in curriculum order.
    public let entries: [Entry]
    private var parsed: [String: (Lesson?, [Problem])] = [:]
    private var unreadable: [Problem]

    init(directory: String, entries: [Entry], unreadable: [Problem]) {
        self.directory = directory
        self.entries = entries
        self.unreadable = unreadable
    }

    public var ids: [String] { entries.map(\.id) }

    /// The lesson called `id`, parsed on first use (nil if there is none or it does not parse).
    public func lesson(_ id: String) -> Lesson? {
        guard let entry = entries.first(where: { $0.id == id }) else { return nil }
        return parse(entry).0
    }

    /// Every lesson that parses, in order (parses them all).
    public var lessons: [Lesson] { entries.compactMap { parse($0).0 } }

    /// Problems met while loading: files without an id, and whatever parsing finds.
    public var problems: [Problem] { unreadable + entries.flatMap { parse($0).1 } }

    private func parse(_ entry: Entry) -> (Lesson?, [Problem]) {
        if let done = parsed[entry.path] { return done }
        let result: (Lesson?, [Problem])
        do { result = try Catalog.loadFile(entry.path) } catch { result = (nil, [error]) }
        parsed[entry.path] = result
        return result
    }

    /// Where lessons are looked for, in order: `$ATTN_TUTOR_LESSONS`, `Lessons/` in the
    /// working directory, then `Lessons/` beside the binary or in a folder above it
    /// (which covers a build inside the repository), then `../share/attn-tutor/Lessons`.
    public static func searchPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var paths: [String] = []
        if let env = environment["ATTN_TUTOR_LESSONS"], !env.isEmpty { paths.append(env) }
        paths.append(FileManager.default.currentDirectoryPath + "/Lessons")
        if let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            let binDir = exe.deletingLastPathComponent
            var dir = binDir
            for _ in 0..<4 {
                paths.append(dir + "/Lessons")
                dir = dir.deletingLastPathComponent
                if dir.isEmpty || dir == "/" { break }
            }
            paths.append(binDir.deletingLastPathComponent + "/share/attn-tutor/Lessons")
        }
        return paths
    }

    /// Loads the first lesson directory on the search path.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CatalogError) -> Catalog {
        let paths = searchPath(environment: environment)
        for path in paths where isDirectory(path) {
            return try load(directory: path)
        }
        throw CatalogError(message: "no lessons found. Looked in:\n" + paths.map { "  \($0)" }.joined(separator: "\n")
                           + "\nSet ATTN_TUTOR_LESSONS to the folder that holds the lesson files.")
    }

    /// Reads the front matter of every `*.md` lesson in `directory` (README.md is for authors and is skipped).
    public static func load(directory: String) throws(CatalogError) -> Catalog {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw CatalogError(message: "cannot read the lesson folder \(directory)")
        }
        var entries: [Entry] = [], problems: [Problem] = []
        for name in names.sorted() where name.hasSuffix(".md") && name != "README.md" {
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path), let text = String(validating: data, as: UTF8.self) else {
                problems.append(Problem(path, 0, "cannot read this file as UTF-8 text"))
                continue
            }
            let meta = LessonParser.frontMatter(text)
            guard let id = meta["id"], !id.isEmpty else {
                problems.append(Problem(path, 1, "the front matter needs 'id: …' (the lesson's stable id)"))
                continue
            }
            entries.append(Entry(id: id, title: meta["title"] ?? id, summary: meta["summary"] ?? "",
                                 order: Int(meta["order"] ?? "") ?? Int.max, next: meta["next"], path: path))
        }
        entries.sort { ($0.order, $0.id) < ($1.order, $1.id) }
        return Catalog(directory: directory, entries: entries, unreadable: problems)
    }

    /// Reads and parses one lesson file.
    public static func loadFile(_ path: String) throws(Problem) -> (Lesson?, [Problem]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Problem(path, 0, "cannot read this file")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw Problem(path, 0, "this file is not UTF-8 text")
        }
        return LessonParser.parse(text, file: path)
    }


    static func isDirectory(_ path: String) -> Bool {
        (try? FileManager.default.contentsOfDirectory(atPath: path)) != nil
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
