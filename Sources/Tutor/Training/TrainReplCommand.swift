import Display
import Language
import Learning
import Lessons

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// `:train TASK [--steps N] [--seed S] [--length T] [--positions P]` in the REPL: the live
/// view of `attn-tutor train`, then the trained weights as variables in the workspace.
extension Repl {
    static var trainCommand: ReplCommand {
        ReplCommand("train", usage: "TASK [--steps N] [--seed S] [--length T] [--positions P]",
                    summary: "train one attention layer on reverse or previous-token and watch its heatmap sharpen",
                    details: ["Tasks: reverse (output the sequence backwards) and previous-token (the token before each",
                              "  position, under a causal mask). --positions learned|sinusoidal|none (default learned).",
                              "Afterwards the weights are your variables: E, P, W_Q, W_K, W_V, W_U, b_U, the example x",
                              "  and d_k — compute the head's attention from them: X = E[x] + P, then Q, K and softmax.",
                              "Ctrl-C stops training and keeps what was learned. train(\"reverse\") does the same without the view."],
                    completion: .custom { _ in Task.Kind.allCases.map(\.rawValue) + ["--steps", "--seed", "--length", "--positions"] }) { repl, args in
            repl.train(args)
            return .proceed
        }
    }

    func train(_ args: String) {
        let parsed: CommandOptions
        switch CommandOptions.parse(args, flags: [], valued: ["steps", "seed", "length", "positions"]) {
        case let .success(o): parsed = o
        case let .failure(problem): write(style.red(problem.message)); return
        }
        func number(_ key: String) -> Int?? {
            guard let text = parsed.values[key] else { return .some(nil) }
            guard let n = Int(text) else {
                write(style.red("--\(key) takes a whole number, not \(text)"))
                return nil
            }
            return .some(n)
        }
        guard let steps = number("steps"), let seed = number("seed"), let length = number("length") else { return }
        let task = parsed.expression.isEmpty ? nil : parsed.expression
        var options: Trainer.Options
        switch TrainingRequest.options(task: task, steps: steps, seed: seed ?? 0, length: length,
                                       positions: parsed.values["positions"] ?? "learned") {
        case let .success(o): options = o
        case let .failure(problem):
            write(style.red(problem.message) + "\n" + style.dim("  usage: " + (commands.find("train")?.synopsis ?? ":train TASK")))
            return
        }
        let live = Terminal.isTTY(STDOUT_FILENO)
        if live { options.evaluateEvery = TrainingView.liveEvaluateEvery }
        let view = TrainingView(style: style, live: live, width: width, height: TrainingView.terminalRows, write: write)
        do {
            let outcome = try TrainingOutcome.train(options, view: view)
            write(view.summary(outcome))
            let origin = ":train " + args.trimmingWhitespace
            write(TrainedWorkspace.bind(outcome.trainer.result(outcome.final), to: session.interpreter, origin: origin))
        } catch {
            write(style.red("training failed: \(error.description)"))
        }
    }
}
