import Display
import Learning
import Tensors

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// What a learner watches while a model trains: a progress bar, the loss and accuracy
/// curves, and the head's heatmap, redrawn in place on a terminal as the pattern sharpens.
/// On a pipe it prints a line every tenth of the run instead; with `quiet`, nothing.
/// `write` takes whole lines, without their final newline.
final class TrainingView {
    let style: ANSI
    /// Redraw in place (a terminal), rather than append lines.
    let live: Bool
    let quiet: Bool
    let width: () -> Int?
    let height: () -> Int?
    let write: (String) -> Void

    /// Lines of the frame on screen, to move back over when redrawing.
    private var drawn = 0
    private var lastDraw = -Double.infinity
    private var clock = Clock()
    private var reported = -1

    init(style: ANSI, live: Bool, quiet: Bool = false, width: @escaping () -> Int?, height: @escaping () -> Int?,
         write: @escaping (String) -> Void) {
        self.style = style
        self.live = live
        self.quiet = quiet
        self.width = width
        self.height = height
        self.write = write
    }

    /// The rows of the terminal on standard output, if it is one.
    static func terminalRows() -> Int? {
        var size = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return nil }
        return Int(size.ws_row)
    }

    func begin(_ o: Trainer.Options) {
        guard !quiet else { return }
        clock = Clock()
        if !live { write(header(o)) }
    }

    /// Frames on a terminal are at least this far apart: training is faster than the eye,
    /// and the point is to watch the pattern form. (Only the display waits; the steps and
    /// the weights are the same as without it.)
    static let frameSeconds = 0.04
    /// Steps between frames on a terminal (a pipe gets a line every tenth of the run).
    static let liveEvaluateEvery = 3

    /// Called after every evaluation.
    func show(_ s: Trainer.Snapshot, _ o: Trainer.Options) {
        guard !quiet else { return }
        if live {
            let wait = lastDraw + TrainingView.frameSeconds - clock.seconds
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
            lastDraw = clock.seconds
            draw(frame(s, o))
        } else {
            // A line at the start and after every tenth of the steps.
            let tenth = s.steps == 0 ? 0 : s.step * 10 / s.steps
            guard tenth > reported else { return }
            reported = tenth
            write(progressLine(s))
        }
    }

    func end(_ s: Trainer.Snapshot, _ o: Trainer.Options) {
        guard !quiet else { return }
        if live {
            draw(frame(s, o), last: true)
        } else if reported < 10 {
            write(progressLine(s))
        }
    }

    /// Writes a frame over the previous one: back to its first line, clear to the end of
    /// the screen, the new lines. The cursor is hidden while frames follow each other.
    private func draw(_ lines: [String], last: Bool = false) {
        // The cursor movements go straight to the terminal; the lines go through `write`,
        // which (in the REPL) lets only colour codes through.
        TrainingView.control((drawn > 0 ? "\u{1B}[\(drawn)F" : "\u{1B}[?25l") + "\u{1B}[J")
        write(lines.joined(separator: "\n"))
        if last { TrainingView.control("\u{1B}[?25h") }
        drawn = lines.count
    }

    /// Writes terminal commands to standard output, in order with `print`.
    static func control(_ codes: String) {
        fputs(codes, stdout)
        fflush(stdout)
    }

    func header(_ o: Trainer.Options) -> String {
        style.bold("train \(o.task.kind.rawValue)") + " — " + o.task.summary + "\n"
            + style.dim("T = \(o.task.length), \(o.positions.rawValue) positions, seed \(o.seed), \(o.steps) steps")
    }

    func progressLine(_ s: Trainer.Snapshot) -> String {
        "step \(s.step)/\(s.steps)  loss \(NumberFormat.scalar(s.loss, precision: 4))  accuracy \(percent(s.accuracy))"
    }

    func percent(_ v: Double) -> String {
        v.isFinite ? String(format1(v * 100)) + " %" : "nan"
    }

    func format1(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? "\(Int(r)).0" : "\(r)"
    }

    /// The whole live picture for one snapshot.
    func frame(_ s: Trainer.Snapshot, _ o: Trainer.Options) -> [String] {
        let columns = min(width() ?? 80, 120)
        var lines = header(o).split(separator: "\n").map(String.init)
        let barWidth = max(10, min(40, columns - 40))
        let done = s.steps == 0 ? barWidth : s.step * barWidth / max(1, s.steps)
        lines.append("[" + style.cyan(String(repeating: "█", count: done)) + String(repeating: "░", count: barWidth - done) + "] "
                     + "step \(s.step)/\(s.steps)  " + String(format1(s.seconds)) + " s")
        lines.append("loss " + style.bold(NumberFormat.scalar(s.loss, precision: 4)) + "   accuracy " + style.bold(percent(s.accuracy)))
        lines += curves(s, columns: columns)
        lines.append("attention of the head on one example (rows = queries, columns = keys; position:token)")
        lines += Heatmap(style: style, width: columns, precision: 2).render(shown(s.attention)).split(separator: "\n").map(String.init).dropFirst()
        lines.append(style.dim("Ctrl-C stops and keeps what was learned"))
        // A frame taller than the terminal could not be redrawn in place: drop the curves first.
        if let rows = height(), lines.count >= rows {
            lines.removeAll { $0.hasPrefix(TrainingView.curveMark) }
        }
        return lines.map { $0.hasPrefix(TrainingView.curveMark) ? String($0.dropFirst(TrainingView.curveMark.count)) : $0 }
    }

    /// Marks the lines of the curves inside a frame, so they can be dropped when space is short.
    static let curveMark = "\u{0}curve"

    /// Loss (left) and accuracy (right), side by side.
    func curves(_ s: Trainer.Snapshot, columns: Int) -> [String] {
        guard s.lossCurve.count >= 2 else { return [] }
        let half = max(24, columns / 2 - 1)
        func plot(_ name: String, _ values: [Double]) -> [String] {
            var p = Plot(style: style, width: half)
            p.height = 4
            let t = Tensor(shape: [values.count], data: values, labels: [s.curveSteps.map(String.init)])
            let text = (try? p.render(t)) ?? ""
            return [name] + text.split(separator: "\n").map(String.init)
        }
        let left = plot("loss", s.lossCurve), right = plot("accuracy", s.accuracyCurve.map { $0 * 100 })
        return (0..<max(left.count, right.count)).map { i in
            TrainingView.curveMark + ANSI.padRight(i < left.count ? left[i] : "", half + 2) + (i < right.count ? right[i] : "")
        }
    }

    /// Weights rounded to the two decimals the heatmap shows: a weight of 3e-7 is "0.00"
    /// to a reader, not a number in scientific notation.
    func shown(_ attention: Tensor) -> Tensor {
        var t = attention.rounded(decimals: 2)
        t.labels = attention.labels
        return t
    }

    /// What is said at the end: how far it got, and whether the pattern is there.
    func summary(_ outcome: TrainingOutcome) -> String {
        let s = outcome.final, o = outcome.options
        var lines: [String] = []
        if !live {
            lines.append("attention of the head on one example (rows = queries, columns = keys; position:token)")
            lines.append(Heatmap(style: style, width: width(), precision: 2).render(shown(s.attention)))
        }
        let stopped = outcome.interrupted ? "stopped by Ctrl-C after \(s.step) of \(s.steps) steps" : "\(s.step) steps"
        lines.append("\(stopped) in \(format1(s.seconds)) s: loss \(NumberFormat.scalar(s.loss, precision: 4)), accuracy \(percent(s.accuracy))")
        let pattern: String
        switch o.task.kind {
        case .reverse: pattern = "each query's strongest key is its mirror position (the anti-diagonal)"
        case .previousToken: pattern = "each query's strongest key is the one just before it (the sub-diagonal), nothing above the diagonal"
        }
        lines.append(outcome.patternHolds ? style.green("✓ " + pattern) : style.yellow("✗ not yet: " + pattern))
        return lines.joined(separator: "\n")
    }
}

/// Wall-clock seconds since creation, for the display only.
struct Clock {
    private var start = timespec()
    init() { clock_gettime(CLOCK_MONOTONIC, &start) }
    var seconds: Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec - start.tv_sec) + Double(t.tv_nsec - start.tv_nsec) / 1e9
    }
}
