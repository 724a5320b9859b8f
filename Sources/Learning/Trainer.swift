#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Tensors

/// Trains an ``AttentionModel`` on a ``Task`` with Adam, deterministically: the same
/// options give the same weights, step for step, on every machine.
///
/// Three generators, all the engine's ``RandomGenerator``, keep the parts independent:
/// the seed draws the initial weights, seed + 1 the training batches, seed + 2 the fixed
/// evaluation set (whose first sequence is the example whose attention is shown).
public final class Trainer {
    public struct Options: Sendable, Hashable {
        public var task: Task
        public var steps: Int
        public var seed: UInt64
        public var positions: AttentionModel.Positions
        public var batchSize = 32
        public var learningRate = 0.01
        /// Sequences in the evaluation set behind `accuracy`.
        public var evaluationSize = 256
        /// Steps between two evaluations (and two snapshots of the attention).
        public var evaluateEvery = 25

        public init(task: Task, steps: Int? = nil, seed: UInt64 = 0, positions: AttentionModel.Positions = .learned) {
            self.task = task
            self.steps = steps ?? Trainer.defaultSteps(task)
            self.seed = seed
            self.positions = positions
        }
    }

    /// Steps that reach the task's target from any seed (measured over many seeds).
    public static func defaultSteps(_ task: Task) -> Int {
        switch task.kind {
        // Both tasks reach 100 % within 100 steps from every seed tried (T from 2 to 32);
        // the defaults leave a wide margin.
        case .reverse: return 300
        case .previousToken: return 200
        }
    }

    /// What training has reached so far.
    public struct Snapshot: Sendable {
        public var step: Int
        public var steps: Int
        /// The training loss of the latest batch.
        public var loss: Double
        /// The share of positions the model gets right on the evaluation set.
        public var accuracy: Double
        /// The head's weights on the example (T × T, rows = queries; the last layer's for two layers).
        public var attention: Tensor
        public var seconds: Double
        /// The loss and the accuracy at every evaluation so far.
        public var lossCurve: [Double]
        public var accuracyCurve: [Double]
        /// The step of each point of the curves.
        public var curveSteps: [Int]
    }

    public let options: Options
    public private(set) var model: AttentionModel
    private var optimizer: Adam
    private var batches: RandomGenerator
    private let evaluation: Task.Batch
    public private(set) var step = 0
    public private(set) var lossCurve: [Double] = []
    public private(set) var accuracyCurve: [Double] = []
    public private(set) var curveSteps: [Int] = []
    private var lastLoss = Double.nan

    public init(_ options: Options) throws(TensorError) {
        guard Task.lengths.contains(options.task.length) else {
            throw .invalidArgument("the length must be from \(Task.lengths.lowerBound) to \(Task.lengths.upperBound), not \(options.task.length)")
        }
        guard options.steps >= 0 else { throw .invalidArgument("the number of steps cannot be negative") }
        self.options = options
        var init_ = RandomGenerator(seed: options.seed)
        model = try AttentionModel(options.task.model(positions: options.positions), using: &init_)
        optimizer = Adam(learningRate: options.learningRate)
        batches = RandomGenerator(seed: options.seed &+ 1)
        var evaluationDraws = RandomGenerator(seed: options.seed &+ 2)
        evaluation = options.task.batch(options.evaluationSize, using: &evaluationDraws)
    }

    /// The sequence whose attention is shown.
    public var example: [Int] { Array(evaluation.ids.prefix(options.task.length)) }

    /// One step of Adam on a fresh batch; returns that batch's loss.
    @discardableResult
    public func trainStep() throws(TensorError) -> Double {
        let batch = options.task.batch(options.batchSize, using: &batches)
        let forward = try model.forward(batch.ids, batch: batch.count)
        let loss = try Node.crossEntropy(forward.logits, targets: batch.targets, weights: batch.weights)
        try loss.backward()
        var gradients: [String: Tensor] = [:]
        for (name, node) in forward.nodes { gradients[name] = node.grad }
        // A cosine decay to a tenth of the rate over the run: large steps find the
        // pattern, small ones at the end sharpen it without jitter.
        let progress = Double(step) / Double(max(1, options.steps))
        let rate = options.learningRate * (0.1 + 0.9 * 0.5 * (1 + cos(Double.pi * min(1, progress))))
        var parameters = model.parameters
        optimizer.step(&parameters, gradients: gradients, rate: rate)
        model.parameters = parameters
        step += 1
        lastLoss = loss.value.data[0]
        return lastLoss
    }

    /// Accuracy on the evaluation set: the share of counted positions whose highest score
    /// is the right token.
    public func accuracy() throws(TensorError) -> Double {
        let forward = try model.forward(evaluation.ids, batch: evaluation.count)
        let logits = forward.logits.value
        let v = options.task.vocabulary
        var right = 0.0, counted = 0.0
        for r in 0..<evaluation.targets.count where evaluation.weights[r] != 0 {
            let row = logits.data[(r * v)..<((r + 1) * v)]
            let best = row.indices.max { row[$0] < row[$1] }! - r * v
            if best == evaluation.targets[r] { right += 1 }
            counted += 1
        }
        return right / counted
    }

    /// The head's attention on the example, labelled by position and token
    /// (`0:3` is position 0 holding token 3); the last layer's when there are two.
    public func attention() throws(TensorError) -> Tensor {
        let forward = try model.forward(example, batch: 1)
        let t = options.task.length
        let a = forward.attention.last!
        let names = example.enumerated().map { "\($0.offset):\($0.element)" }
        return Tensor(shape: [t, t], data: a.data, labels: [names, names])
    }

    /// Trains for the remaining steps, calling `report` after each evaluation (and at
    /// the end). Ctrl-C (``Interrupt``), or `stop` returning true, ends training after the
    /// current step and keeps what was learned: the snapshot then says how far it got.
    @discardableResult
    public func run(stop: () -> Bool = { false }, report: (Snapshot) -> Void = { _ in }) throws(TensorError) -> Snapshot {
        let start = DispatchTimer()
        var snapshot = try self.snapshot(seconds: 0)
        if step == 0 { report(snapshot) }
        // Ctrl-C ends training but not the run: the flag is consumed (whether it arrives
        // between steps or inside one, where the engine's products also poll it), so that
        // the last evaluation still happens. A step cut short changes no weight.
        while step < options.steps {
            if Interrupt.isRequested { Interrupt.clear(); break }
            if stop() { break }
            do {
                try trainStep()
                if step % options.evaluateEvery == 0 || step == options.steps {
                    snapshot = try self.snapshot(seconds: start.seconds)
                    report(snapshot)
                }
            } catch .interrupted {
                Interrupt.clear()
                break
            }
        }
        if snapshot.step != step {
            snapshot = try self.snapshot(seconds: start.seconds)
            report(snapshot)
        }
        snapshot.seconds = start.seconds
        return snapshot
    }

    /// The weights and how well they do, to keep after the trainer is gone.
    public func result(_ snapshot: Snapshot) -> TrainedModel {
        TrainedModel(options: options, model: model, steps: snapshot.step, loss: snapshot.loss,
                     accuracy: snapshot.accuracy, attention: snapshot.attention, example: example)
    }

    /// Evaluates, and adds a point to the curves (only once everything is computed, so
    /// an interruption leaves the curves as they were).
    private func snapshot(seconds: Double) throws(TensorError) -> Snapshot {
        let acc = try accuracy()
        let shown = try attention()
        let loss = step == 0 ? try evaluationLoss() : lastLoss
        lastLoss = loss
        lossCurve.append(loss)
        accuracyCurve.append(acc)
        curveSteps.append(step)
        return Snapshot(step: step, steps: options.steps, loss: loss, accuracy: acc, attention: shown,
                        seconds: seconds, lossCurve: lossCurve, accuracyCurve: accuracyCurve, curveSteps: curveSteps)
    }

    /// The loss on the evaluation set (the curve starts with it, before any training).
    public func evaluationLoss() throws(TensorError) -> Double {
        let forward = try model.forward(evaluation.ids, batch: evaluation.count)
        return try Node.crossEntropy(forward.logits, targets: evaluation.targets, weights: evaluation.weights).value.data[0]
    }
}

/// A trained model and what it reached.
public struct TrainedModel: Sendable {
    public var options: Trainer.Options
    public var model: AttentionModel
    /// Steps actually taken (fewer than asked when Ctrl-C stopped training).
    public var steps: Int
    public var loss: Double
    public var accuracy: Double
    /// The head's weights on ``example`` (T × T, rows = queries).
    public var attention: Tensor
    /// The example sequence (token ids).
    public var example: [Int]

    /// Trains with `options` without a display (evaluating only at the start and the
    /// end). Results are remembered for the life of the process: training is
    /// deterministic, and a lesson rebuilds its workspace many times.
    /// Ctrl-C throws ``TensorError/interrupted`` and remembers nothing.
    public static func train(_ options: Trainer.Options) throws(TensorError) -> TrainedModel {
        if let known = cache.withLock({ $0[options] }) { return known }
        var quiet = options
        quiet.evaluateEvery = max(1, options.steps)
        let trainer = try Trainer(quiet)
        let snapshot = try trainer.run()
        if snapshot.step < options.steps { throw .interrupted }
        let result = trainer.result(snapshot)
        cache.withLock { c in
            if c.count >= 32 { c.removeAll() }
            c[options] = result
        }
        return result
    }

    private static let cache = Mutex<[Trainer.Options: TrainedModel]>([:])
}

/// Wall-clock seconds since creation (for reports only; training never depends on it).
struct DispatchTimer {
    private let start: timespec
    init() {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        start = t
    }
    var seconds: Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec - start.tv_sec) + Double(t.tv_nsec - start.tv_nsec) / 1e9
    }
}
