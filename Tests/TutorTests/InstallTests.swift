import Foundation
import TestSupport
import Testing

/// `make install` into a temporary prefix (with the test build of the program): the
/// installed program finds its lessons from any directory, and the man page and
/// completions are in place; `make uninstall` removes them again.
@Suite struct InstallTests {
    static func run(_ program: String, _ arguments: [String], in directory: String, environment: [String: String]? = nil) throws
        -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/make"), "make is not installed"))
    func installFindsItsLessonsFromAnyDirectory() throws {
        let temp = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: temp) }
        let prefix = temp + "/prefix", elsewhere = temp + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let program = try TutorBinary.locate().path
        let install = try Self.run("/usr/bin/make", ["-s", "install", "PREFIX=\(prefix)", "BIN=\(program)"], in: Repository.root)
        #expect(install.status == 0, "\(install.output)")

        let installed = prefix + "/bin/attn-tutor"
        #expect(FileManager.default.isExecutableFile(atPath: installed))
        let lessons = try FileManager.default.contentsOfDirectory(atPath: prefix + "/share/attn-tutor/Lessons")
        let shipped = try FileManager.default.contentsOfDirectory(atPath: Repository.lessons)
        #expect(Set(lessons) == Set(shipped))
        // From a folder with no lessons, without the environment variable, the program finds the installed ones.
        var environment = ProcessInfo.processInfo.environment
        environment["ATTN_TUTOR_LESSONS"] = nil
        environment["XDG_DATA_HOME"] = temp + "/data"
        environment["XDG_STATE_HOME"] = temp + "/state"
        let run = try Self.run(installed, ["run", "why-attention", "--html", "page.html"], in: elsewhere, environment: environment)
        #expect(run.status == 0, "\(run.output)")
        let page = try String(contentsOfFile: elsewhere + "/page.html", encoding: .utf8)
        #expect(page.contains("lesson why-attention"))
        let piped = try Self.run(installed, ["eval", "softmax([0, 0])"], in: elsewhere, environment: environment)
        #expect(piped.status == 0 && piped.output.contains("0.5000"), "\(piped.output)")

        let man = try String(contentsOfFile: prefix + "/share/man/man1/attn-tutor.1", encoding: .utf8)
        #expect(man.hasPrefix(".TH ATTN\\-TUTOR 1"))
        for command in ["eval", "lesson", "run", "check", "grade", "progress"] { #expect(man.contains(".SS \(command)\n"), "man: \(command)") }
        #expect(man.contains("\\fB\\-\\-student\\fR"))
        let bash = try String(contentsOfFile: prefix + "/share/bash-completion/completions/attn-tutor", encoding: .utf8)
        let zsh = try String(contentsOfFile: prefix + "/share/zsh/site-functions/_attn-tutor", encoding: .utf8)
        let fish = try String(contentsOfFile: prefix + "/share/fish/vendor_completions.d/attn-tutor.fish", encoding: .utf8)
        #expect(bash.contains("complete") && bash.contains("--html"))
        #expect(zsh.hasPrefix("#compdef attn-tutor"))
        #expect(fish.contains("complete -c 'attn-tutor'") || fish.contains("complete -c attn-tutor"))

        let uninstall = try Self.run("/usr/bin/make", ["-s", "uninstall", "PREFIX=\(prefix)"], in: Repository.root)
        #expect(uninstall.status == 0, "\(uninstall.output)")
        for path in ["bin/attn-tutor", "share/attn-tutor", "share/man/man1/attn-tutor.1", "share/zsh/site-functions/_attn-tutor"] {
            #expect(!FileManager.default.fileExists(atPath: prefix + "/" + path), "\(path) is left behind")
        }

        // DESTDIR stages the same tree under another root (for packaging).
        let staged = try Self.run("/usr/bin/make", ["-s", "install", "DESTDIR=\(temp)/stage", "PREFIX=/usr/local", "BIN=\(program)"], in: Repository.root)
        #expect(staged.status == 0, "\(staged.output)")
        #expect(FileManager.default.isExecutableFile(atPath: temp + "/stage/usr/local/bin/attn-tutor"))
        #expect(FileManager.default.fileExists(atPath: temp + "/stage/usr/local/share/attn-tutor/Lessons/06-scores.md"))
    }
}
