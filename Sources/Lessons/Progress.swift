#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

/// Where each lesson stands, saved after every step.
public struct Progress: Codable, Sendable, Equatable {
    public struct Entry: Codable, Sendable, Equatable {
        /// The content hash of the lesson version this was saved against.
        public var hash: String
        /// The id of the step the learner is at, and its index then.
        public var step: String
        public var stepIndex: Int
        /// Ids of the steps whose task was answered (or skipped).
        public var done: [String]
        public var finished: Bool
    }

    public var version = 1
    public var lessons: [String: Entry] = [:]
    /// The lesson the learner was in last, offered again at the next start.
    public var last: String?

    public init() {}

    /// Forgets one lesson, or all of them.
    public mutating func reset(_ id: String? = nil) {
        guard let id else { self = Progress(); return }
        lessons[id] = nil
        if last == id { last = nil }
    }

    /// Where the learner should resume `lesson`: the saved step if it still exists, else
    /// the nearest index (the lesson was edited), else the start.
    public func resumeIndex(_ lesson: Lesson) -> Int {
        guard let e = lessons[lesson.id] else { return 0 }
        if let i = lesson.steps.firstIndex(where: { $0.id == e.step }) { return i }
        return min(max(0, e.stepIndex), lesson.steps.count - 1)
    }

    /// Records that the learner is at step `index` of `lesson`.
    public mutating func record(_ lesson: Lesson, at index: Int, done stepId: String? = nil, finished: Bool = false) {
        var e = lessons[lesson.id] ?? Entry(hash: "", step: "", stepIndex: 0, done: [], finished: false)
        e.hash = String(lesson.contentHash, radix: 16)
        e.step = lesson.steps[min(index, lesson.steps.count - 1)].id
        e.stepIndex = index
        if let stepId, !e.done.contains(stepId) { e.done.append(stepId) }
        e.finished = e.finished || finished
        lessons[lesson.id] = e
        last = lesson.id
    }
}

/// Reads and writes `progress.json` under `$XDG_DATA_HOME/attn-tutor/` (default
/// `~/.local/share/attn-tutor/`). Writes are atomic (a temporary file renamed over the
/// old one), so a kill mid-write leaves the previous version. A file that cannot be
/// read is moved aside and reported — never a crash, never a silent reset.
public struct ProgressStore: Sendable {
    public let directory: String
    public var path: String { directory + "/progress.json" }

    public init(directory: String) { self.directory = directory }

    /// The default location from the environment.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> ProgressStore {
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { base = xdg }
        else { base = (environment["HOME"] ?? "/tmp") + "/.local/share" }
        return ProgressStore(directory: base + "/attn-tutor")
    }

    /// The saved progress, and a warning if the file was unreadable and set aside.
    public func load() -> (Progress, warning: String?) {
        guard let data = FileManager.default.contents(atPath: path) else { return (Progress(), nil) }
        if var p = try? JSONDecoder().decode(Progress.self, from: data), p.version == 1 {
            // A hand-edited index far outside any lesson (2^63 − 1) must not overflow `index + 1` later.
            for (id, entry) in p.lessons where entry.stepIndex < 0 || entry.stepIndex > 1_000_000 { p.lessons[id]?.stepIndex = 0 }
            return (p, nil)
        }
        let aside = path + ".unreadable-\(Int(time(nil)))"
        let moved = rename(path, aside) == 0
        return (Progress(), moved
            ? "your progress file could not be read; it was kept as \(aside) and progress starts afresh"
            : "your progress file \(path) could not be read (and could not be moved aside); progress will not be saved over it")
    }

    /// Saves atomically; returns an error message if it could not.
    @discardableResult
    public func save(_ progress: Progress) -> String? {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(progress)
            let temp = path + ".tmp-\(getpid())"
            guard FileManager.default.createFile(atPath: temp, contents: data) else { return "cannot write \(temp)" }
            guard rename(temp, path) == 0 else {
                unlink(temp)
                return "cannot replace \(path)"
            }
            return nil
        } catch {
            return "cannot save progress in \(directory): \(error)"
        }
    }
}
