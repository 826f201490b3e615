import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// Direct preference optimization of a fine-tuned adapter on a preference dataset: the adapter trains on,
/// and the reference model is the network with the adapter as it came in (the SFT model), so the weights
/// exist once; the result is a PEFT adapter folder of the same shape.
public struct DPOStep: Step {
    public init() {}

    /// The book's recipe (beta 0.5, 2e-6 for a full 8B model, 1 epoch) with a learning rate that moves a
    /// small model's LoRA adapter.
    static let defaults = TrainingParameters.Defaults(
        rank: 16, alpha: 32, dropout: 0, learningRate: 2e-5, epochs: 1, batchSize: 2, gradientAccumulation: 1,
        maxLength: 512, warmupRatio: 0.1, weightDecay: 0)

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "dpo", version: 1,
            summary:
                "Preference-tunes a LoRA adapter (DPO or IPO) on chosen/rejected pairs; the reference is the model it starts from.",
            parameters: TrainingParameters.descriptors(Self.defaults).filter {
                !["rank", "alpha", "target_modules"].contains($0.name)
            }
                + [
                    ParameterDescriptor("beta", .number, default: 0.5, "How far the policy may move from the reference."),
                    ParameterDescriptor("loss_type", .string, default: "sigmoid", "sigmoid (DPO) or ipo."),
                ],
            inputs: [
                PortDescriptor(
                    "dataset", type: "dataset", "A preference dataset with chat/train.jsonl (prompt, chosen, rejected)."),
                PortDescriptor("model", type: "model", "The adapter to start from (an sft output, or any PEFT LoRA folder)."),
            ],
            outputs: [TrainingParameters.modelOutput])
    }

    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        try BaseModelParameter.fingerprints(parameters, projectDirectory: projectDirectory)
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        _ = try Self.training(parameters, rank: 1, alpha: 1)
        _ = try Self.loss(parameters)
        guard try parameters.double("beta") > 0 else { throw StepFailure("parameter 'beta' must be positive") }
    }

    static func loss(_ parameters: StepParameters) throws -> PreferenceLoss {
        let name = try parameters.string("loss_type")
        guard let loss = PreferenceLoss(rawValue: name) else {
            throw StepFailure("parameter 'loss_type' must be sigmoid or ipo, got '\(name)'")
        }
        return loss
    }

    /// The shared hyperparameters; the adapter's shape comes from the input adapter.
    static func training(_ parameters: StepParameters, rank: Int, alpha: Double) throws -> TrainingParameters {
        var values = parameters.values
        values["rank"] = .int(rank)
        values["alpha"] = .double(alpha)
        values["target_modules"] = values["target_modules"] ?? .array(LoRATarget.allCases.map { .string($0.rawValue) })
        return try TrainingParameters(StepParameters(values))
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let parameters = context.parameters
        let modelInput = try context.input("model")
        if try TrainingBackend(parameters) == .trl { return try await trainWithTRL(context, adapter: modelInput.url) }
        var adapter: LoRAAdapter
        do {
            adapter = try LoRAAdapter(contentsOf: modelInput.url)
        } catch {
            throw StepFailure("input 'model': \(error)")
        }
        let base = try BaseModelParameter.load(parameters, projectDirectory: context.projectDirectory)
        let baseURL = try BaseModelParameter.url(parameters, projectDirectory: context.projectDirectory)
        try Self.checkBase(of: modelInput.url, is: baseURL, parameters)
        var values = parameters.values
        values["target_modules"] = .array(adapter.configuration.targets.map { .string($0.rawValue) })
        values["dropout"] = values["dropout"] ?? .double(0)
        let training = try Self.training(
            StepParameters(values), rank: adapter.configuration.rank, alpha: adapter.configuration.alpha)
        adapter.configuration.dropout = training.lora.dropout
        adapter.baseModel = try parameters.string("base_model")
        let file = try ChatDatasetFile(dataset: try context.input("dataset").url, split: "train")
        let encoder: ConversationEncoder
        do {
            encoder = try ConversationEncoder(model: base, scope: .assistant, maxLength: training.settings.maxLength)
        } catch let error as TrainingError {
            throw StepFailure("parameter 'base_model': \(error.message)")
        }
        var pairs: [PreferenceTask.Pair] = []
        for (index, row) in try file.preferences().enumerated() {
            do {
                pairs.append(
                    PreferenceTask.Pair(
                        chosen: try encoder.completion(prompt: row.prompt, answer: row.chosen),
                        rejected: try encoder.completion(prompt: row.prompt, answer: row.rejected)))
            } catch let error as TrainingError {
                throw StepFailure("\(file.name): pair \(index + 1): \(error.message)")
            }
        }
        guard !pairs.isEmpty else { throw StepFailure("\(file.name) has no preference pairs") }
        let settings = training.settings
        let longest = pairs.map { max($0.chosen.tokens.count, $0.rejected.tokens.count) }.max()!
        let run = TrainingRun(context: context, model: base, baseURL: baseURL)
        return try await run.train(
            adapter: adapter,
            task: PreferenceTask(pairs: pairs, beta: try parameters.double("beta"), loss: try Self.loss(parameters)),
            settings: settings, maxTokens: 2 * settings.batchSize * longest, sampleLength: longest, kind: "dpo",
            examples: ["train_pairs": .int(pairs.count)], freezeReference: true)
    }

    /// An adapter whose manifest names another base than `base_model` is refused before training.
    static func checkBase(of adapter: URL, is baseURL: URL, _ parameters: StepParameters) throws {
        if let manifest = try? ModelArtifactManifest(folder: adapter), let expected = manifest.baseModelSHA256,
            expected != (try ContentHash.of(baseURL).sha256)
        {
            throw StepFailure(
                "input 'model' was trained on \(manifest.baseModel) (sha256 \(expected.prefix(12))…), not on "
                    + "base_model \(try parameters.string("base_model")); set base_model to the model it was trained on")
        }
    }

    private func trainWithTRL(_ context: StepContext, adapter: URL) async throws -> StepResult {
        let parameters = context.parameters
        guard FileManager.default.fileExists(atPath: adapter.appendingPathComponent("adapter_config.json").path) else {
            throw StepFailure("input 'model' is not a PEFT LoRA folder: it has no adapter_config.json")
        }
        let baseURL = try BaseModelParameter.existingURL(parameters, projectDirectory: context.projectDirectory)
        try Self.checkBase(of: adapter, is: baseURL, parameters)
        let file = try ChatDatasetFile(dataset: try context.input("dataset").url, split: "train")
        let pairs = try file.preferences().count
        guard pairs > 0 else { throw StepFailure("\(file.name) has no preference pairs") }
        var configuration = try TRLTrainingRun.configuration(
            parameters, names: TRLTrainingRun.sharedNames + ["beta", "loss_type"])
        configuration["adapter"] = .string(adapter.path)
        return try await TRLTrainingRun(context: context, kind: "dpo", baseURL: baseURL).train(
            configuration: configuration, trainFile: file.url, examples: ["train_pairs": .int(pairs)])
    }
}
