#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `:export FILE.html` / `:export FILE.md`: the learner's session so far as a page.
extension Repl {
    static var exportCommand: ReplCommand {
        ReplCommand("export", usage: "FILE.html|FILE.md",
                    summary: "save this session as a page: what you typed, the values, the verdicts, the pictures",
                    details: ["FILE.html is one self-contained page (open it in a browser, print it);",
                              "FILE.md is Markdown, with its pictures as SVG files in FILE_files/.",
                              "Example: :export ~/attention.html"]) { repl, args in
            repl.export(args)
            return .proceed
        }
    }

    func export(_ args: String) {
        defer { record?.paused = false }
        var path = args.trimmingWhitespace
        if path.count >= 2, let q = path.first, q == "\"" || q == "'", path.last == q { path = String(path.dropFirst().dropLast()) }
        guard !path.isEmpty else { write("usage: :export FILE.html or :export FILE.md"); return }
        if path == "~" || path.hasPrefix("~/"), let home = ProcessInfo.processInfo.environment["HOME"] {
            path = home + path.dropFirst()
        }
        let lower = path.lowercased()
        guard lower.hasSuffix(".html") || lower.hasSuffix(".htm") || lower.hasSuffix(".md") else {
            problem("give a file name ending in .html or .md, e.g. :export session.html")
            return
        }
        guard let record else { problem("this session is not being recorded, so there is nothing to export"); return }
        let page = record.page()
        do {
            if lower.hasSuffix(".md") { try PageFiles.writeMarkdown(page, to: path) } else { try PageFiles.write(HTMLPage(page: page).render(), to: path) }
        } catch {
            problem("\(error)")
            return
        }
        write("wrote \(path) (\(record.inputs) input\(record.inputs == 1 ? "" : "s"))")
    }
}
