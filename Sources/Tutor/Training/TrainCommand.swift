import ArgumentParser
import Display
import Learning
import Tensors

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `attn-tutor train TASK [--steps N] [--seed S] [--length T] [--positions P] [--json]`
/// and `attn-tutor train --gradcheck [--json]`.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train one attention layer on a toy task and watch its heatmap sharpen.",
        discussion: """
            Tasks: reverse (output the sequence backwards; every query needs its mirror key) and \
            previous-token (output the token before each position, under a causal mask). \
            Ctrl-C stops training and keeps what was learned. --gradcheck checks every \
            backward rule against finite differences instead of training.
            """)

    @ArgumentParser.Argument(help: "The task: \(Task.Kind.allCases.map(\.rawValue).joined(separator: " or ")).")
    var task: String?

    // Unconditional parsing takes `--steps -3` as a (refused) value, not as an unknown option.
    @Option(parsing: .unconditional, help: "Training steps (default: enough for the task's target from any seed).")
    var steps: Int?

    @Option(parsing: .unconditional, help: "The seed of the weights and the training data.")
    var seed: Int = 0

    @Option(parsing: .unconditional, help: "Tokens per sequence, \(Task.lengths.lowerBound) to \(Task.lengths.upperBound) (default \(Task.defaultLength)).")
    var length: Int?

    @Option(help: "Positions: learned, sinusoidal or none (none: attention cannot tell places apart).")
    var positions: String = "learned"

    @Flag(help: "Print one JSON object at the end: {\"task\",\"steps\",\"loss\",\"accuracy\",\"attention\",\"seconds\"}.")
    var json = false

    @Flag(help: "Check every backward rule against finite differences; prints {\"checked\",\"max_relative_error\"} with --json.")
    var gradcheck = false

    @Option(help: "Colour output: auto (a terminal, unless NO_COLOR is set), always or never.")
    var color: ColorChoice = .auto

    func run() throws {
        if gradcheck {
            guard task == nil, steps == nil, length == nil else {
                throw ValidationError("--gradcheck takes no task and no training options")
            }
            try runGradientCheck()
            return
        }
        var options = try TrainingRequest.options(task: task, steps: steps, seed: seed, length: length, positions: positions)
            .get()
        Signals.installInterruptHandler()
        let live = !json && Terminal.isTTY(STDOUT_FILENO)
        let view = TrainingView(style: json ? .plain : color.style, live: live, quiet: json,
                                width: Terminal.columns, height: TrainingView.terminalRows) { print($0); fflush(stdout) }
        if live { options.evaluateEvery = TrainingView.liveEvaluateEvery }
        let outcome: TrainingOutcome
        do { outcome = try TrainingOutcome.train(options, view: view) } catch {
            throw ValidationError(error.description)
        }
        if json {
            print(outcome.json)
        } else {
            print(view.summary(outcome))
        }
    }

    func runGradientCheck() throws {
        let results = try GradientCheck.checkAll()
        let worst = results.map(\.relativeError).max() ?? 0
        if json {
            print("{\"checked\":\(results.count),\"max_relative_error\":\(JSON.number(worst))}")
        } else {
            let width = results.map { $0.name.count }.max() ?? 0
            for r in results {
                let mark = r.relativeError <= GradientCheck.tolerance ? "✓" : "✗"
                print("\(mark) \(ANSI.padRight(r.name, width))  relative error \(String(describing: r.relativeError))  (\(r.entries) entries)")
            }
            print("\(results.count) rules checked against finite differences; largest relative error \(worst)")
        }
        if worst > GradientCheck.tolerance { throw ExitCode(1) }
    }
}

/// The options of `train` and `:train`, checked, with messages that say what is allowed.
enum TrainingRequest {
    struct Problem: Error, CustomStringConvertible { var description: String }

    static func options(task: String?, steps: Int?, seed: Int, length: Int?, positions: String) -> Result<Trainer.Options, ValidationError> {
        let names = Task.Kind.allCases.map(\.rawValue)
        guard let task else { return .failure(ValidationError("name a task: \(names.joined(separator: " or ")) (or --gradcheck)")) }
        guard let kind = Task.Kind(rawValue: task) else {
            var message = "unknown task '\(task)'; the tasks are \(names.joined(separator: " and "))"
            if let near = Nearest.word(to: task, in: names) { message += " — did you mean \(near)?" }
            return .failure(ValidationError(message))
        }
        if let steps, !(0...1_000_000).contains(steps) {
            return .failure(ValidationError("--steps must be from 0 to 1000000, not \(steps)"))
        }
        guard seed >= 0 else { return .failure(ValidationError("--seed must be 0 or more, not \(seed)")) }
        if let length, !Task.lengths.contains(length) {
            return .failure(ValidationError("--length must be from \(Task.lengths.lowerBound) to \(Task.lengths.upperBound), not \(length)"))
        }
        guard let p = AttentionModel.Positions(rawValue: positions) else {
            return .failure(ValidationError("--positions must be learned, sinusoidal or none, not '\(positions)'"))
        }
        return .success(Trainer.Options(task: Task(kind, length: length), steps: steps, seed: UInt64(seed), positions: p))
    }
}
