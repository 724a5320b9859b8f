import Foundation
import Lessons

/// Where the repository's test inputs are, found from this file's own path.
public enum Repository {
    /// The checkout's root directory.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The curriculum: `Lessons/`.
    public static let lessons = root + "/Lessons"

    /// `Tests/Fixtures`: inputs shared by the suites (NumPy cases, test lessons, pinned help).
    public static let fixtures = root + "/Tests/Fixtures"

    /// The shipped lessons, parsed.
    public static func shippedLessons() throws -> [Lesson] {
        try Catalog.load(directory: lessons).lessons
    }

    /// The lesson file at `path`, which must parse without a problem.
    public static func lesson(at path: String) throws -> Lesson {
        let (lesson, problems) = try Catalog.loadFile(path)
        guard let lesson, problems.isEmpty else { throw Failure("\(path) does not parse: \(problems)") }
        return lesson
    }

    /// A new empty directory under the system's temporary one.
    public static func temporaryDirectory() -> String { Fixture.temporaryDirectory() }
}

/// The lesson the end-to-end tests walk: it uses every directive of the lesson syntax,
/// alone in its folder so that a catalog of that folder holds just it.
public enum Fixture {
    public static let directory = Repository.fixtures + "/Lessons"
    public static let path = directory + "/every-directive.md"

    /// The standard attention workspace for free-form grading (`grade --setup`):
    /// X, Wq, Wk, Wv, Q, K, V, d_k, S = Q Kᵀ/√d_k, A.
    public static let attentionSetup = """
        seed(3)
        X = randn(4, 6)
        Wq = randn(6, 2); Wk = randn(6, 2); Wv = randn(6, 3)
        Q = X @ Wq; K = X @ Wk; V = X @ Wv
        d_k = 2
        S = Q @ K.T / sqrt(d_k)
        A = softmax(S)
        """

    public static func text() throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    public static func lesson() throws -> Lesson {
        let (lesson, problems) = LessonParser.parse(try text(), file: path)
        guard let lesson, problems.isEmpty else { throw Failure("fixture does not parse: \(problems)") }
        return lesson
    }

    /// A new empty directory under the system's temporary one (left for the system to clean).
    public static func temporaryDirectory() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("attn-tutor-test-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// A test failure with a message.
public struct Failure: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// A fresh, empty directory for one test's state, removed when released.
public final class TemporaryDirectory {
    public let path: String
    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("attn-tutor-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
}
