import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// The `base_model` parameter of the training steps: a `.gguf` file or a Hugging Face model folder of a
/// Llama-family model, relative to the project folder; its content hash joins the cache key.
enum BaseModelParameter {
    static var descriptor: ParameterDescriptor {
        ParameterDescriptor(
            "base_model", .string, default: .string(GeneratorSettings.defaultNativeModel),
            "The model to adapt: a .gguf file or a transformers folder of a Llama-family model, relative to the "
                + "project folder (./scripts/setup fetches the default).")
    }

    static func url(_ parameters: StepParameters, projectDirectory: URL) throws -> URL {
        ModelFolderParameter.url(try parameters.string("base_model"), in: projectDirectory)
    }

    static func fingerprint(_ parameters: StepParameters, projectDirectory: URL) throws -> JSONValue {
        let url = try existingURL(parameters, projectDirectory: projectDirectory)
        return .array(["base_model", .string(try ContentHash.of(url).sha256)])
    }

    /// What a training step reads from outside the store: the base model, and for backend trl the script
    /// and its pinned packages (only then, so native keys are as they were).
    static func fingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        let base = try fingerprint(parameters, projectDirectory: projectDirectory)
        return try TrainingBackend(parameters) == .trl ? [base, TRLTrainingRun.fingerprint] : [base]
    }

    /// The base model's location, which must exist.
    static func existingURL(_ parameters: StepParameters, projectDirectory: URL) throws -> URL {
        let url = try url(parameters, projectDirectory: projectDirectory)
        try requireExists(url, parameters)
        return url
    }

    /// The model with its tokenizer and chat template, with errors that name the parameter.
    static func load(_ parameters: StepParameters, projectDirectory: URL) throws -> LanguageModel {
        let url = try url(parameters, projectDirectory: projectDirectory)
        try requireExists(url, parameters)
        do {
            return try LanguageModel(contentsOf: url)
        } catch {
            throw StepFailure("parameter 'base_model': \(url.path) cannot be trained: \(error)")
        }
    }

    private static func requireExists(_ url: URL, _ parameters: StepParameters) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            let hint =
                (try? parameters.string("base_model")) == GeneratorSettings.defaultNativeModel
                ? "run ./scripts/setup to fetch it" : "set 'base_model' to a .gguf file or a model folder"
            throw StepFailure("parameter 'base_model': nothing at \(url.path) (\(hint))")
        }
    }
}
