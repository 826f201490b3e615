import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// The `base_model` parameter of the training steps: a `.gguf` file or a Hugging Face model folder of a
/// Llama-family model, relative to the project folder, or a registered model (`twin@production`, `twin/3`,
/// `twin`) when nothing is at that path; its content hash joins the cache key, so moving an alias re-runs
/// the step.
enum BaseModelParameter {
    static var descriptor: ParameterDescriptor {
        ParameterDescriptor(
            "base_model", .string, default: .string(GeneratorSettings.defaultNativeModel),
            "The model to adapt: a .gguf file or a transformers folder of a Llama-family model, relative to the "
                + "project folder (./scripts/setup fetches the default), or a registered model such as twin@production.")
    }

    /// Where the base model is: the path, or else the content of the registry version the text names.
    static func url(_ parameters: StepParameters, projectDirectory: URL) throws -> URL {
        try location(parameters, projectDirectory: projectDirectory).url
    }

    static func fingerprint(_ parameters: StepParameters, projectDirectory: URL) throws -> JSONValue {
        let location = try location(parameters, projectDirectory: projectDirectory)
        if let version = location.version { return .array(["base_model", .string(version.sha256)]) }
        try requireExists(location.url, parameters)
        return .array(["base_model", .string(try ContentHash.of(location.url).sha256)])
    }

    /// What a training step reads from outside the store: the base model, and for backend trl the script
    /// and its pinned packages (only then, so native keys are as they were).
    static func fingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        let base = try fingerprint(parameters, projectDirectory: projectDirectory)
        return try TrainingBackend(parameters) == .trl ? [base, TRLTrainingRun.fingerprint] : [base]
    }

    /// The base model's location (a path, or a registered version's content), which must exist.
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

    /// A path wins over a registry reference of the same spelling, as a folder does for `generate --adapter`.
    private static func location(_ parameters: StepParameters, projectDirectory: URL) throws
        -> (url: URL, version: ModelVersionRecord?)
    {
        let text = try parameters.string("base_model")
        let path = ModelFolderParameter.url(text, in: projectDirectory)
        guard !FileManager.default.fileExists(atPath: path.path), ModelReference.looksLikeReference(text),
            let registry = ModelRegistryScope.current
        else { return (path, nil) }
        let resolved: ResolvedModelVersion
        do {
            resolved = try registry.resolve(text)
        } catch let error as StoreError {
            throw StepFailure("parameter 'base_model': nothing at \(path.path), and \(error)")
        }
        guard resolved.version.format != ModelArtifactManifest.peftLoRA else {
            throw StepFailure(
                "parameter 'base_model': \(text) is \(resolved.version.reference), a LoRA adapter; a base is a whole "
                    + "model: train on from it with dpo's model input, or export it merged "
                    + "(orchestrate models export \(resolved.version.reference) --format merged-gguf --output FILE)")
        }
        return (resolved.url, resolved.version)
    }

    private static func requireExists(_ url: URL, _ parameters: StepParameters) throws {
        guard FileManager.default.fileExists(atPath: url.path) else {
            let text = try? parameters.string("base_model")
            let hint =
                text == GeneratorSettings.defaultNativeModel
                ? "run ./scripts/setup to fetch it"
                : "set 'base_model' to a .gguf file, a model folder or a registered model (orchestrate models list)"
            throw StepFailure("parameter 'base_model': nothing at \(url.path) (\(hint))")
        }
    }
}
