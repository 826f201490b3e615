import ArtifactStore
import Compute
import Foundation
import Orchestrator
import Synchronization

/// What the `sft` and `dpo` steps share: the trainer on its own thread (a run takes minutes of two cores,
/// which must not hold a task executor), cancellation, a progress line and a log line per logging step,
/// checkpoints under the engine's checkpoint folder, and the `model` artifact at the end.
struct TrainingRun {
    let context: StepContext
    let model: LanguageModel
    let baseURL: URL

    /// Trains `adapter` on `task` and writes the model artifact.
    func train(
        adapter: LoRAAdapter, task: any TrainingTask, settings: TrainingSettings, maxTokens: Int, sampleLength: Int, kind: String,
        examples: [String: JSONValue], freezeReference: Bool = false
    ) async throws -> StepResult {
        let trainer: LoRATrainingModel
        do {
            trainer = try LoRATrainingModel(
                model: model.decoder, adapter: adapter, maxTokens: maxTokens, maxSampleLength: sampleLength)
        } catch let error as TrainingError {
            throw StepFailure("\(kind): \(error.message)")
        }
        if freezeReference { trainer.freezeReference() }
        let loop = try TrainingLoop(
            model: trainer, task: task, settings: settings, checkpointFolder: context.checkpointDirectory,
            fingerprint: Self.fingerprint(context))
        context.log.write(
            "\(kind): \(task.exampleCount) examples, \(loop.totalSteps) updates, LoRA r \(adapter.configuration.rank) "
                + "on \(adapter.configuration.targets.map(\.rawValue).joined(separator: ", ")), "
                + "\(adapter.parameterCount) trainable values")
        let cancelled = Atomic<Bool>(false)
        let context = self.context
        let summary = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<TrainingLoop.Summary, Error>) in
                Thread.detachNewThread {
                    continuation.resume(
                        with: Result {
                            try loop.run(
                                isCancelled: { cancelled.load(ordering: .relaxed) },
                                onLog: { entry in context.log.write("\(kind): " + TrainingRun.line(entry)) },
                                onUpdate: { step, total, loss in
                                    context.progress(
                                        StepProgress(
                                            fraction: Double(step) / Double(total),
                                            message: "\(kind) update \(step)/\(total), loss \(String(format: "%.4f", loss))"))
                                })
                        })
                }
            }
        } onCancel: {
            cancelled.store(true, ordering: .relaxed)
        }
        if let resumed = summary.resumedFrom {
            context.log.write("\(kind): resumed from the checkpoint after update \(resumed)")
        }
        return try write(summary, adapter: adapter, kind: kind, examples: examples)
    }

    private func write(
        _ summary: TrainingLoop.Summary, adapter: LoRAAdapter, kind: String, examples: [String: JSONValue]
    ) throws -> StepResult {
        let folder = context.outputURL("model")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try summary.adapter.write(to: folder)
        try ModelArtifactManifest(
            baseModel: try context.parameters.string("base_model"), baseModelSHA256: try ContentHash.of(baseURL).sha256
        ).write(to: folder)
        let history = JSONValue.array(summary.history.map { Self.value($0) })
        // Without the speed, which differs from run to run: the same training gives the same artifact.
        try Data(summary.history.map { Self.line($0, speed: false) + "\n" }.joined().utf8)
            .write(to: folder.appendingPathComponent("training_log.jsonl"))
        let last = summary.history.last
        var metadata: [String: JSONValue] = [
            "kind": .string(kind), "format": "peft-lora", "base_model": .string(try context.parameters.string("base_model")),
            "rank": .int(adapter.configuration.rank), "alpha": .double(adapter.configuration.alpha),
            "target_modules": .array(adapter.configuration.targets.map { .string($0.rawValue) }),
            "steps": .int(summary.steps), "tokens": .int(summary.tokens),
            "seconds": .double((summary.seconds * 1000).rounded() / 1000),
            "tokens_per_second": .double(summary.seconds > 0 ? (Double(summary.tokens) / summary.seconds).rounded() : 0),
            "final_loss": last.map { .double($0.loss) } ?? .null,
        ]
        metadata.merge(examples) { $1 }
        if let resumed = summary.resumedFrom { metadata["resumed_from_step"] = .int(resumed) }
        return StepResult(
            outputs: ["model": StepOutput(url: folder, metadata: metadata)],
            metadata: [
                "training": .object(["history": history, "resumed_from_step": summary.resumedFrom.map { .int($0) } ?? .null])
            ])
    }

    /// Identifies the run a checkpoint belongs to: the step's parameters and its inputs' contents.
    static func fingerprint(_ context: StepContext) -> String {
        let inputs = context.inputs.sorted { $0.key < $1.key }.map {
            JSONValue.array([.string($0.key), .string($0.value.sha256)])
        }
        return JSONText.compact(.array([.object(context.parameters.values), .array(inputs)]))
    }

    static func value(_ entry: TrainingLogEntry, speed: Bool = true) -> JSONValue {
        var object: [String: JSONValue] = [
            "step": .int(entry.step), "epoch": .double(entry.epoch), "loss": .double(entry.loss),
            "learning_rate": .double(entry.learningRate), "grad_norm": .double(entry.gradientNorm),
        ]
        if speed { object["tokens_per_second"] = .double(entry.tokensPerSecond.rounded()) }
        for (name, value) in entry.metrics { object[name] = .double(value) }
        return .object(object)
    }

    static func line(_ entry: TrainingLogEntry, speed: Bool = true) -> String {
        JSONText.compact(value(entry, speed: speed))
    }
}
