/// After a line of a lesson's code fails, the steps after it still deserve a check: the
/// checker walks the lesson again with that line left out (its line numbers kept), so one
/// run reports every problem instead of one per round of fixes.
extension Lesson {
    /// The lesson with the code line at `line` blanked out; nil when no code block holds it.
    func withoutCodeLine(_ line: Int) -> Lesson? {
        var copy = self
        for s in copy.steps.indices {
            for (k, block) in copy.steps[s].blocks.enumerated() {
                if let b = block.withoutLine(line) { copy.steps[s].blocks[k] = b; return copy }
            }
            for (k, block) in copy.steps[s].after.enumerated() {
                if let b = block.withoutLine(line) { copy.steps[s].after[k] = b; return copy }
            }
        }
        return nil
    }
}

extension Block {
    func withoutLine(_ line: Int) -> Block? {
        switch self {
        case .prose: return nil
        case let .setup(code): return code.withoutLine(line).map(Block.setup)
        case let .show(code): return code.withoutLine(line).map(Block.show)
        }
    }
}

extension Code {
    func withoutLine(_ line: Int) -> Code? {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let k = line - self.line
        guard k >= 0, k < lines.count, !lines[k].trimmedString.isEmpty else { return nil }
        lines[k] = ""
        return Code(source: lines.joined(separator: "\n"), line: self.line)
    }
}

extension LessonChecker {
    /// The most failing lines left out in turn before the checker gives up on a lesson.
    static let recoveryRounds = 20

    /// ``check(_:workspaces:)``, continued past failing code lines: each one is reported
    /// (saying that the steps after it were checked without it), then the lesson is walked
    /// again without it.
    public static func checkAll(_ lesson: Lesson) -> [Problem] {
        var (problems, failure) = walk(lesson, workspaces: nil)
        var current = lesson
        var rounds = 0
        while let failed = failure, rounds < recoveryRounds, let next = current.withoutCodeLine(failed.line) {
            rounds += 1
            if let k = problems.firstIndex(of: failed) {
                problems[k].message += " (the steps after it were checked as if this line were not there)"
            }
            current = next
            let again = walk(current, workspaces: nil)
            for p in again.problems where !problems.contains(where: { $0.line == p.line && $0.message.hasPrefix(p.message) }) {
                problems.append(p)
            }
            failure = again.firstFailure
        }
        return problems
    }
}
