import ArtifactStore
import Compute
import Foundation
import Orchestrator

/// Supervised fine-tuning with LoRA: the instruct dataset's conversations, rendered by the base model's own
/// chat template, with the loss on the assistant's tokens; the result is a PEFT adapter folder.
public struct SFTStep: Step {
    public init() {}

    /// The book's recipe (r 32, alpha 32, 3e-4, 3 epochs) scaled to a model of about a hundred million
    /// parameters trained on a few cores: a smaller rank, short samples, a little warm-up.
    static let defaults = TrainingParameters.Defaults(
        rank: 16, alpha: 32, dropout: 0.05, learningRate: 3e-4, epochs: 3, batchSize: 4, gradientAccumulation: 1,
        maxLength: 512, warmupRatio: 0.1, weightDecay: 0.01)

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "sft", version: 1,
            summary: "Fine-tunes a LoRA adapter on an instruct dataset's conversations (loss on the assistant's turns).",
            parameters: TrainingParameters.descriptors(Self.defaults) + [
                ParameterDescriptor("loss_on", .string, default: "assistant", "Tokens the loss is on: assistant or all."),
                ParameterDescriptor(
                    "packing", .bool, default: false,
                    "Pack samples into rows of max_length tokens (each still attends only to itself)."),
            ],
            inputs: [PortDescriptor("dataset", type: "dataset", "An instruct dataset with chat/train.jsonl.")],
            outputs: [TrainingParameters.modelOutput])
    }

    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        try BaseModelParameter.fingerprints(parameters, projectDirectory: projectDirectory)
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        _ = try TrainingParameters(parameters)
        _ = try Self.scope(parameters)
    }

    static func scope(_ parameters: StepParameters) throws -> ConversationEncoder.LossScope {
        let name = try parameters.string("loss_on")
        guard let scope = ConversationEncoder.LossScope(rawValue: name) else {
            throw StepFailure("parameter 'loss_on' must be assistant or all, got '\(name)'")
        }
        return scope
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let parameters = context.parameters
        let training = try TrainingParameters(parameters, packing: try parameters.bool("packing"))
        let file = try ChatDatasetFile(dataset: try context.input("dataset").url, split: "train")
        let conversations = try file.conversations()
        if training.backend == .trl { return try await trainWithTRL(context, file: file, examples: conversations.count) }
        let model = try BaseModelParameter.load(parameters, projectDirectory: context.projectDirectory)
        let encoder: ConversationEncoder
        do {
            encoder = try ConversationEncoder(
                model: model, scope: try Self.scope(parameters), maxLength: training.settings.maxLength)
            try encoder.checkTemplate()
        } catch let error as TrainingError {
            throw StepFailure("parameter 'base_model': \(error.message)")
        }
        var sequences: [TrainingSequence] = []
        var unlabeled: [Int] = []
        for (index, conversation) in conversations.enumerated() {
            let sequence: TrainingSequence
            do {
                sequence = try encoder.sequence(conversation)
            } catch let error as TrainingError {
                throw StepFailure("\(file.name): conversation \(index + 1): \(error.message)")
            }
            if sequence.labelCount == 0 { unlabeled.append(index + 1) } else { sequences.append(sequence) }
        }
        guard !sequences.isEmpty else {
            throw StepFailure(
                "\(file.name) has no conversation with an assistant token within max_length "
                    + "(\(conversations.count) conversations); check the dataset or raise max_length")
        }
        if !unlabeled.isEmpty {
            context.log.write(
                "sft: \(unlabeled.count) conversations have no assistant token within max_length and are left out: "
                    + unlabeled.prefix(10).map(String.init).joined(separator: ", "))
        }
        let settings = training.settings
        let adapter = LoRAAdapter(
            configuration: training.lora, model: model.decoder.configuration,
            baseModel: try parameters.string("base_model"), seed: settings.seed)
        let longest = sequences.map(\.tokens.count).max()!
        let sampleLength = min(settings.maxLength, longest)
        let maxTokens = settings.batchSize * (settings.packing ? settings.maxLength : sampleLength)
        return try await TrainingRun(
            context: context, model: model,
            baseURL: try BaseModelParameter.url(parameters, projectDirectory: context.projectDirectory)
        ).train(
            adapter: adapter, task: SupervisedTask(sequences: sequences), settings: settings, maxTokens: maxTokens,
            sampleLength: sampleLength,
            kind: "sft",
            examples: [
                "train_examples": .int(sequences.count), "left_out_examples": .int(unlabeled.count),
                "label_tokens": .int(sequences.reduce(0) { $0 + $1.labelCount }),
            ])
    }

    private func trainWithTRL(_ context: StepContext, file: ChatDatasetFile, examples: Int) async throws -> StepResult {
        let parameters = context.parameters
        let baseURL = try BaseModelParameter.existingURL(parameters, projectDirectory: context.projectDirectory)
        let configuration = try TRLTrainingRun.configuration(
            parameters, names: TRLTrainingRun.sharedNames + ["rank", "alpha", "target_modules", "packing", "loss_on"])
        return try await TRLTrainingRun(context: context, kind: "sft", baseURL: baseURL).train(
            configuration: configuration, trainFile: file.url, examples: ["train_examples": .int(examples)])
    }
}
