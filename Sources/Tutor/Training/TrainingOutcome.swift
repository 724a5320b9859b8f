import Display
import Learning
import Tensors

/// A finished (or interrupted) training run: the trainer with its weights, and the
/// last snapshot.
struct TrainingOutcome {
    var trainer: Trainer
    var final: Trainer.Snapshot
    /// Whether Ctrl-C stopped it before the last step.
    var interrupted: Bool

    var options: Trainer.Options { trainer.options }

    /// Trains with `view` showing the progress. Ctrl-C ends the run early, keeping what
    /// was learned; the flag is left for the caller (the REPL clears it at its prompt).
    static func train(_ options: Trainer.Options, view: TrainingView) throws(TensorError) -> TrainingOutcome {
        let trainer = try Trainer(options)
        view.begin(options)
        let final = try trainer.run(report: { view.show($0, options) })
        view.end(final, options)
        return TrainingOutcome(trainer: trainer, final: final, interrupted: final.step < options.steps)
    }

    /// Whether the head shows the task's pattern.
    var patternHolds: Bool { options.task.patternHolds(final.attention) }

    /// `{"task","steps","loss","accuracy","attention","seconds"}`: steps actually taken,
    /// the last batch's loss, the evaluation accuracy (0…1), the head's T×T weights on
    /// the example (rows = queries) and the wall-clock seconds of training.
    var json: String {
        let a = final.attention
        let t = options.task.length
        let rows = (0..<t).map { i in
            "[" + (0..<t).map { JSON.number(a.data[i * t + $0]) }.joined(separator: ",") + "]"
        }
        return "{\"task\":\(JSON.string(options.task.kind.rawValue)),\"steps\":\(final.step),"
            + "\"loss\":\(JSON.number(final.loss)),\"accuracy\":\(JSON.number(final.accuracy)),"
            + "\"attention\":[\(rows.joined(separator: ","))],\"seconds\":\(JSON.number(final.seconds))}"
    }
}
