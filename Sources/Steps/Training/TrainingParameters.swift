import ArtifactStore
import Compute
import Orchestrator

/// The hyperparameters the training steps share, with each step's defaults, read into the trainer's
/// settings. Every one is a parameter, so every one is in the cache key.
struct TrainingParameters {
    /// One step's defaults.
    struct Defaults {
        var rank: Int
        var alpha: Double
        var dropout: Double
        var learningRate: Double
        var epochs: Int
        var batchSize: Int
        var gradientAccumulation: Int
        var maxLength: Int
        var warmupRatio: Double
        var weightDecay: Double
    }

    /// The output of both training steps.
    static let modelOutput = PortDescriptor(
        "model", type: "model",
        "A PEFT LoRA adapter folder (adapter_config.json, adapter_model.safetensors), model.json, training_log.jsonl.")

    static func descriptors(_ defaults: Defaults) -> [ParameterDescriptor] {
        [
            BaseModelParameter.descriptor,
            ParameterDescriptor("rank", .int, default: .int(defaults.rank), "LoRA rank r."),
            ParameterDescriptor(
                "alpha", .number, default: .double(defaults.alpha), "LoRA alpha; the update is scaled by alpha / r."),
            ParameterDescriptor("dropout", .number, default: .double(defaults.dropout), "Dropout on the adapter's input."),
            ParameterDescriptor(
                "target_modules", .list, default: .array(LoRATarget.allCases.map { .string($0.rawValue) }),
                "The modules adapted: q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj."),
            ParameterDescriptor("learning_rate", .number, default: .double(defaults.learningRate), "Peak learning rate."),
            ParameterDescriptor("epochs", .int, default: .int(defaults.epochs), "Passes over the training split."),
            ParameterDescriptor("max_steps", .int, default: 0, "Stop after this many updates (0: run the epochs)."),
            ParameterDescriptor("batch_size", .int, default: .int(defaults.batchSize), "Samples per micro-batch."),
            ParameterDescriptor(
                "gradient_accumulation", .int, default: .int(defaults.gradientAccumulation), "Micro-batches per update."),
            ParameterDescriptor(
                "max_length", .int, default: .int(defaults.maxLength), "Tokens per sample; longer samples are cut."),
            ParameterDescriptor("scheduler", .string, default: "linear", "Learning-rate schedule: linear, cosine or constant."),
            ParameterDescriptor(
                "warmup_ratio", .number, default: .double(defaults.warmupRatio), "Share of the updates spent warming up."),
            ParameterDescriptor(
                "weight_decay", .number, default: .double(defaults.weightDecay), "AdamW's decoupled weight decay."),
            ParameterDescriptor("adam_beta1", .number, default: 0.9, "AdamW's first-moment decay."),
            ParameterDescriptor("adam_beta2", .number, default: 0.999, "AdamW's second-moment decay."),
            ParameterDescriptor("adam_epsilon", .number, default: 1e-8, "AdamW's epsilon."),
            ParameterDescriptor("max_grad_norm", .number, default: 1.0, "Gradients are clipped to this global norm (0: never)."),
            ParameterDescriptor("seed", .int, default: 42, "Seeds the adapter's initialization, the data order and dropout."),
            ParameterDescriptor("logging_steps", .int, default: 1, "A metrics entry every this many updates."),
            ParameterDescriptor(
                "checkpoint_steps", .int, default: 10, "A checkpoint every this many updates, for resume (0: none)."),
        ] + TrainingBackend.descriptors
    }

    let lora: LoRAConfiguration
    let settings: TrainingSettings
    let backend: TrainingBackend

    init(_ parameters: StepParameters, packing: Bool = false) throws {
        backend = try TrainingBackend(parameters)
        let targets = try (parameters["target_modules"]?.arrayValue ?? []).map { value -> LoRATarget in
            guard let name = value.stringValue, let target = LoRATarget(rawValue: name) else {
                throw StepFailure(
                    "parameter 'target_modules': '\(value.interpolationText)' is not a module; use "
                        + LoRATarget.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return target
        }
        guard !targets.isEmpty else { throw StepFailure("parameter 'target_modules' must name at least one module") }
        let rank = try parameters.int("rank")
        guard rank >= 1 else { throw StepFailure("parameter 'rank' must be at least 1") }
        let dropout = try parameters.double("dropout")
        guard (0..<1).contains(dropout) else { throw StepFailure("parameter 'dropout' must be in [0, 1)") }
        lora = LoRAConfiguration(rank: rank, alpha: try parameters.double("alpha"), dropout: dropout, targets: targets)
        let schedulerName = try parameters.string("scheduler")
        guard let schedule = LearningRateSchedule.Shape(rawValue: schedulerName) else {
            throw StepFailure("parameter 'scheduler' must be linear, cosine or constant, got '\(schedulerName)'")
        }
        let maxSteps = try parameters.int("max_steps")
        let seed = try parameters.int("seed")
        settings = TrainingSettings(
            learningRate: try parameters.double("learning_rate"), epochs: try parameters.int("epochs"),
            maxSteps: maxSteps > 0 ? maxSteps : nil, batchSize: try parameters.int("batch_size"),
            gradientAccumulation: try parameters.int("gradient_accumulation"), schedule: schedule,
            warmupRatio: try parameters.double("warmup_ratio"),
            optimizer: AdamW.Settings(
                beta1: try parameters.double("adam_beta1"), beta2: try parameters.double("adam_beta2"),
                epsilon: try parameters.double("adam_epsilon"), weightDecay: try parameters.double("weight_decay")),
            maxGradientNorm: try parameters.double("max_grad_norm"), seed: UInt64(truncatingIfNeeded: seed),
            packing: packing, maxLength: try parameters.int("max_length"),
            loggingSteps: try parameters.int("logging_steps"), checkpointSteps: try parameters.int("checkpoint_steps"))
        do {
            try settings.check()
        } catch let error as TrainingError {
            throw StepFailure("parameter \(error.message)")
        }
    }
}
