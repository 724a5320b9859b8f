import Foundation
import Testing
@testable import Tutor

/// The `--help` text of the tool and of each subcommand, pinned: a change to an option,
/// an abstract or a new subcommand shows up here as a diff to review. The pinned texts are
/// `Tests/Fixtures/Help/<command>.txt`; after a deliberate change, regenerate them with
/// `ATTN_UPDATE_HELP=1 swift test --disable-xctest --filter HelpTextTests`.
@Suite struct HelpTextTests {
    static let folder = Repository.fixtures + "/Help"

    /// The tool itself, then every subcommand it registers.
    static let commands: [String] = ["attn-tutor"] + AttnTutor.configuration.subcommands.map { $0.configuration.commandName ?? "" }

    @Test(arguments: commands)
    func helpIsPinned(_ command: String) throws {
        let arguments = command == "attn-tutor" ? ["--help"] : [command, "--help"]
        // A fixed width: the help wraps to COLUMNS.
        let run = try TutorBinary.run(arguments, environment: ["COLUMNS": "80"])
        #expect(run.status == 0, "\(run.stderr)")
        let file = Self.folder + "/\(command).txt"
        if ProcessInfo.processInfo.environment["ATTN_UPDATE_HELP"] == "1" {
            try FileManager.default.createDirectory(atPath: Self.folder, withIntermediateDirectories: true)
            try run.stdout.write(toFile: file, atomically: true, encoding: .utf8)
            return
        }
        let pinned = try #require(try? String(contentsOfFile: file, encoding: .utf8),
                                  "no pinned help for '\(command)': run with ATTN_UPDATE_HELP=1 and review \(file)")
        #expect(run.stdout == pinned, "the help of '\(command)' changed; if that is intended, regenerate with ATTN_UPDATE_HELP=1 and review the diff")
    }
}
