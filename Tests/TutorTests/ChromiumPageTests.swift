import Display
import Foundation
import Testing
import TestSupport
@testable import Tutor

/// A page rendered by a real browser: headless Chromium takes a screenshot, and the
/// pixels show that the page paints (text, tables, the heatmaps in the terminal's
/// colours), and that on paper the folded hints and solutions open. Needs Debian's
/// `chromium` (CI installs it); skipped with a note where it is missing.
@Suite(.enabled(if: Chromium.path != nil, "headless Chromium is not installed (apt-get install chromium); page rendering not checked"),
       .enabled(if: Chromium.python != nil, "python3 is missing: screenshots cannot be read"))
struct ChromiumPageTests {
    @Test func pagePaintsItsPicturesAndUnfoldsForPrint() throws {
        let lesson = try Repository.lesson(at: Repository.fixtureLesson)
        let html = HTMLPage(page: LessonPage.build(lesson, student: false).page).render()
        let dir = Repository.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let page = dir + "/page.html", print = dir + "/print.html"
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        // The page as a printer sees it: its print rules made the rules for the screen.
        try html.replacingOccurrences(of: "@media print", with: "@media all").write(toFile: print, atomically: true, encoding: .utf8)

        let screen = try Chromium.screenshot(page, in: dir)
        let top = XtermColour.hex(Palette.sequential.colours[7]), bottom = XtermColour.hex(Palette.sequential.colours[0])
        let ink = try Chromium.ink(screen, colours: [top, bottom])
        #expect(ink.inked > 0.05, "the page paints: \(ink.inked) of the pixels are not white")
        #expect(ink.colours[top, default: 0] > 50 && ink.colours[bottom, default: 0] > 50, "the heatmaps paint in viridis: \(ink.colours)")

        let printed = try Chromium.ink(try Chromium.screenshot(print, in: dir), colours: [])
        // Unfolded, the hints, solutions and their values take far more of the page.
        #expect(printed.inked > ink.inked * 1.5, "print unfolds: \(printed.inked) vs \(ink.inked)")
    }
}

/// Finding and driving headless Chromium.
enum Chromium {
    static let path: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(which).first
    static let python: String? = which("python3")

    static func which(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program to its end (at most `timeout` seconds); returns its status and output.
    static func run(_ program: String, _ arguments: [String], timeout: Double = 90) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate(); throw PageTestFailure("\(program) did not finish in \(Int(timeout)) s") }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (process.terminationStatus, output)
    }

    /// A screenshot of `page` (1000×2600 CSS pixels at half scale), written beside it.
    static func screenshot(_ page: String, in dir: String) throws -> String {
        guard let path else { throw PageTestFailure("no chromium") }
        let png = page + ".png"
        let (status, _) = try run(path, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                                         "--force-device-scale-factor=0.5", "--user-data-dir=\(dir)/profile",
                                         "--window-size=1000,2600", "--screenshot=\(png)", "file://\(page)"])
        guard status == 0, FileManager.default.fileExists(atPath: png) else { throw PageTestFailure("chromium failed (status \(status))") }
        return png
    }

    struct Ink: Decodable {
        var width: Int, height: Int
        /// The fraction of pixels that are not white.
        var inked: Double
        var colours: [String: Int]
    }

    /// How much of a screenshot is painted, read by scripts/png_ink.py.
    static func ink(_ png: String, colours: [String]) throws -> Ink {
        guard let python else { throw PageTestFailure("no python3") }
        let (status, output) = try run(python, [Repository.root + "/scripts/png_ink.py", png] + colours)
        guard status == 0 else { throw PageTestFailure("png_ink.py failed on \(png)") }
        return try JSONDecoder().decode(Ink.self, from: Data(output.utf8))
    }
}
