import Compute
import Foundation

/// Makes the generator that settings describe. Native models are loaded once per process and shared:
/// loading takes seconds, and two steps of one run usually name the same model.
public enum GeneratorLoader {
    public static func generator(_ settings: GeneratorSettings, projectDirectory: URL) async throws -> any TextGenerating {
        switch settings.backend {
        case .openai:
            guard let baseURL = settings.baseURL else {
                throw GenerationError("the openai backend needs a base URL (the server, up to /v1)")
            }
            return OpenAIChatClient(
                endpoint: OpenAIEndpoint(
                    baseURL: baseURL, model: settings.model, apiKeyVariable: settings.apiKeyVariable,
                    timeout: settings.timeout, retries: settings.retries, promptPrice: settings.promptPrice,
                    completionPrice: settings.completionPrice))
        case .native:
            return try await NativeModels.shared.generator(
                at: settings.modelURL(in: projectDirectory), adapter: settings.adapterURL(in: projectDirectory),
                settings: settings)
        }
    }
}

/// The native models this process has loaded, by path (and adapter).
actor NativeModels {
    static let shared = NativeModels()
    private var loaded: [String: NativeChatGenerator] = [:]

    func generator(at url: URL, adapter: URL?, settings: GeneratorSettings) throws -> NativeChatGenerator {
        let key = url.standardizedFileURL.path + (adapter.map { "\u{0}" + $0.standardizedFileURL.path } ?? "")
        if let generator = loaded[key] { return generator }
        guard FileManager.default.fileExists(atPath: url.path) else {
            let hint =
                settings.model == GeneratorSettings.defaultNativeModel
                ? "run ./scripts/setup to fetch it" : "set the generator's model to a .gguf file or a model folder"
            throw GenerationError("no model at \(url.path) (\(hint))")
        }
        let model: LanguageModel
        do {
            if let adapter {
                model = try LanguageModel(contentsOf: url, adapter: adapter)
            } else {
                model = try LanguageModel(contentsOf: url)
            }
        } catch {
            let with = adapter.map { " with the adapter \($0.path)" } ?? ""
            throw GenerationError("cannot load the model at \(url.path)\(with): \(error)")
        }
        let generator = NativeChatGenerator(model: model)
        loaded[key] = generator
        return generator
    }
}
