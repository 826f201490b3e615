import Foundation

/// The training loop: the examples' order per epoch (a seeded shuffle), updates of `gradientAccumulation`
/// micro-batches, the global gradient norm and its clipping, AdamW at the scheduled rate, a log entry every
/// `loggingSteps` updates and a checkpoint every `checkpointSteps`. A run that finds a checkpoint with its
/// fingerprint continues from it, and ends with the adapter an uninterrupted run would have.
public final class TrainingLoop: @unchecked Sendable {
    // One run at a time.
    public let model: LoRATrainingModel
    public let task: any TrainingTask
    public let settings: TrainingSettings
    /// Where checkpoints are kept, or nil for none.
    public let checkpointFolder: URL?
    public let fingerprint: String

    /// The outcome of a run.
    public struct Summary: Sendable {
        public var adapter: LoRAAdapter
        public var history: [TrainingLogEntry]
        public var steps: Int
        /// The update a resumed run started from; nil when it started fresh.
        public var resumedFrom: Int?
        public var tokens: Int
        public var seconds: Double
    }

    public init(
        model: LoRATrainingModel, task: any TrainingTask, settings: TrainingSettings, checkpointFolder: URL?,
        fingerprint: String
    ) throws {
        try settings.check()
        guard task.exampleCount > 0 else { throw TrainingError(.noLabels, "there is nothing to train on") }
        self.model = model
        self.task = task
        self.settings = settings
        self.checkpointFolder = checkpointFolder
        self.fingerprint = fingerprint
    }

    /// The micro-batches of an epoch, grouped into updates.
    func updates(epoch: Int) -> [[[Int]]] {
        var random = SplitMix64(seed: settings.seed &+ UInt64(epoch) &* 0x9E37_79B9)
        let order = Array(0..<task.exampleCount).shuffled(using: &random)
        let batches = task.microBatches(order: order, settings: settings)
        return stride(from: 0, to: batches.count, by: settings.gradientAccumulation).map {
            Array(batches[$0..<min($0 + settings.gradientAccumulation, batches.count)])
        }
    }

    /// Updates per epoch: the same for every epoch, since only the order of the examples changes.
    public var updatesPerEpoch: Int { updates(epoch: 0).count }

    public var totalSteps: Int { settings.maxSteps ?? (settings.epochs * updatesPerEpoch) }

    /// Runs the remaining updates. `isCancelled` is asked before each update; when it says yes the run stops
    /// with `CancellationError`, its last checkpoint kept.
    public func run(
        isCancelled: () -> Bool = { false }, onLog: (TrainingLogEntry) -> Void = { _ in },
        onUpdate: (Int, Int, Double) -> Void = { _, _, _ in }
    ) throws -> Summary {
        let perEpoch = updatesPerEpoch
        let total = settings.maxSteps ?? (settings.epochs * perEpoch)
        let schedule = LearningRateSchedule(
            peak: settings.learningRate, shape: settings.schedule,
            warmupSteps: Int((settings.warmupRatio * Double(total)).rounded(.up)), totalSteps: total)
        let parameters = model.parameters
        var optimizer = AdamW(settings: settings.optimizer, count: parameters.count)
        var history: [TrainingLogEntry] = []
        var step = 0
        var resumedFrom: Int?
        if let folder = checkpointFolder,
            let (checkpoint, values, state) = try TrainingCheckpoint.load(
                from: folder, fingerprint: fingerprint, settings: settings.optimizer)
        {
            guard values.count == parameters.count else {
                throw TrainingError(.checkpoint, "the checkpoint in \(folder.path) is for another adapter; remove it")
            }
            parameters.values.base.update(from: values, count: values.count)
            optimizer = state
            history = checkpoint.history
            step = checkpoint.step
            resumedFrom = step
        }
        var epochUpdates: (epoch: Int, groups: [[[Int]]])? = nil
        var window = (loss: 0.0, updates: 0, tokens: 0, started: Date(), metrics: [String: Double]())
        var allTokens = 0
        let started = Date()
        while step < total {
            if isCancelled() { throw CancellationError() }
            let epoch = step / perEpoch
            if epochUpdates?.epoch != epoch { epochUpdates = (epoch, updates(epoch: epoch)) }
            let group = epochUpdates!.groups[step % perEpoch]
            model.zeroGradients()
            let result = try task.accumulate(
                group, on: model, dropoutSeed: settings.seed &+ UInt64(step * settings.gradientAccumulation) &* 7919)
            let norm = Self.clip(parameters, maxNorm: settings.maxGradientNorm)
            let rate = schedule.rate(at: step)
            optimizer.update(parameters.values.base, gradients: parameters.gradients.base, rate: rate)
            step += 1
            allTokens += result.tokens
            window.loss += result.loss
            window.updates += 1
            window.tokens += result.tokens
            for (name, value) in result.metrics { window.metrics[name, default: 0] += value }
            onUpdate(step, total, result.loss)
            if step % settings.loggingSteps == 0 || step == total {
                let seconds = max(Date().timeIntervalSince(window.started), 1e-9)
                let entry = TrainingLogEntry(
                    step: step, epoch: Double(step) / Double(perEpoch), loss: window.loss / Double(window.updates),
                    learningRate: rate, gradientNorm: norm, tokensPerSecond: Double(window.tokens) / seconds,
                    metrics: window.metrics.mapValues { $0 / Double(window.updates) })
                history.append(entry)
                onLog(entry)
                window = (0, 0, 0, Date(), [:])
            }
            if let folder = checkpointFolder, settings.checkpointSteps > 0, step % settings.checkpointSteps == 0,
                step < total
            {
                try TrainingCheckpoint.save(
                    TrainingCheckpoint(
                        fingerprint: fingerprint, step: step, history: history, parameterCount: parameters.count),
                    values: parameters.values.base, optimizer: optimizer, to: folder)
            }
        }
        return Summary(
            adapter: model.adapter, history: history, steps: step, resumedFrom: resumedFrom, tokens: allTokens,
            seconds: Date().timeIntervalSince(started))
    }

    /// The global norm of the gradients, which are scaled to `maxNorm` when above it (as
    /// `torch.nn.utils.clip_grad_norm_` does, with its 1e-6 guard).
    static func clip(_ parameters: LoRAParameters, maxNorm: Double) -> Double {
        let gradients = parameters.gradients.base
        var total = 0.0
        for index in 0..<parameters.count { total += Double(gradients[index]) * Double(gradients[index]) }
        let norm = total.squareRoot()
        if maxNorm > 0, norm > maxNorm {
            let scale = Float(maxNorm / (norm + 1e-6))
            for index in 0..<parameters.count { gradients[index] *= scale }
        }
        return norm
    }
}
