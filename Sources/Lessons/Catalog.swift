#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Finds and loads the lessons.
public struct Catalog: Sendable {
    public var directory: String
    public var lessons: [Lesson]
    /// Problems met while loading (a lesson that does not parse is left out, not fatal).
    public var problems: [Problem]

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

    /// Loads every `*.md` lesson in `directory` (README.md is for authors and is skipped).
    public static func load(directory: String) throws(CatalogError) -> Catalog {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
            throw CatalogError(message: "cannot read the lesson folder \(directory)")
        }
        var lessons: [Lesson] = [], problems: [Problem] = []
        for name in names.sorted() where name.hasSuffix(".md") && name != "README.md" {
            let path = directory + "/" + name
            do {
                let (lesson, found) = try loadFile(path)
                problems += found
                if let lesson { lessons.append(lesson) }
            } catch {
                problems.append(error)
            }
        }
        lessons.sort { ($0.order, $0.id) < ($1.order, $1.id) }
        return Catalog(directory: directory, lessons: lessons, problems: problems)
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

    public func lesson(_ id: String) -> Lesson? { lessons.first { $0.id == id } }

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
