import ArtifactStore
import Foundation
import Generation
import Orchestrator

/// The `generator` parameter of the dataset steps: which backend and model write the answers.
///
///     generator: { backend: native, model: models/SmolLM2-135M-Instruct.Q4_1.gguf }
///     generator: { backend: openai, base_url: http://localhost:8000/v1, model: Qwen2.5-7B-Instruct,
///                  api_key_env: OPENAI_API_KEY, concurrency: 8, revision: "2025-01" }
enum GeneratorParameter {
    static let keys = [
        "backend", "model", "base_url", "api_key_env", "concurrency", "revision", "prompt_price", "completion_price",
        "timeout", "retries",
    ]

    static var descriptor: ParameterDescriptor {
        ParameterDescriptor(
            "generator", .map,
            default: .object(["backend": "native", "model": .string(GeneratorSettings.defaultNativeModel)]),
            "The text generator: backend (native or openai), model (a .gguf file or model folder; for openai the "
                + "server's model name), base_url, api_key_env (the variable holding the key), concurrency, "
                + "revision, prompt_price and completion_price (US$ per million tokens), timeout, retries.")
    }

    /// The settings of the parameter `name` (`generator`, or another one of the same shape such as `judge`).
    static func settings(_ parameters: StepParameters, name: String = "generator") throws -> GeneratorSettings {
        guard let map = parameters[name]?.objectValue else {
            throw StepFailure("parameter '\(name)' must be a map like { backend: native, model: FILE }")
        }
        if let unknown = map.keys.sorted().first(where: { !keys.contains($0) }) {
            throw StepFailure(
                "parameter '\(name)' has an unknown key '\(unknown)'; known keys: \(keys.joined(separator: ", "))")
        }
        func text(_ key: String) throws -> String? {
            guard let value = map[key], value != .null else { return nil }
            guard let text = value.stringValue, !text.isEmpty else {
                throw StepFailure("parameter '\(name)': '\(key)' must be text, got \(value.typeName)")
            }
            return text
        }
        func number(_ key: String) throws -> Double? {
            guard let value = map[key], value != .null else { return nil }
            guard let number = value.doubleValue, number >= 0 else {
                throw StepFailure("parameter '\(name)': '\(key)' must be a number of 0 or more, got \(value.interpolationText)")
            }
            return number
        }
        let backendName = try text("backend") ?? "native"
        guard let backend = GeneratorSettings.Backend(rawValue: backendName) else {
            throw StepFailure("parameter '\(name)': backend must be native or openai, got '\(backendName)'")
        }
        var baseURL: URL?
        if let address = try text("base_url") {
            guard let url = URL(string: address), ["http", "https"].contains(url.scheme ?? "") else {
                throw StepFailure("parameter '\(name)': base_url must be an http or https URL, got '\(address)'")
            }
            baseURL = url
        }
        let model = try text("model")
        if backend == .openai {
            guard baseURL != nil else {
                throw StepFailure("parameter '\(name)': the openai backend needs base_url (the server, up to /v1)")
            }
            guard model != nil else {
                throw StepFailure("parameter '\(name)': the openai backend needs model (the name the server knows)")
            }
        }
        var concurrency: Int?
        if let value = try number("concurrency") {
            guard value >= 1, value.rounded() == value else {
                throw StepFailure("parameter '\(name)': concurrency must be a whole number of at least 1")
            }
            concurrency = Int(value)
        }
        return GeneratorSettings(
            backend: backend, model: model ?? GeneratorSettings.defaultNativeModel, baseURL: baseURL,
            apiKeyVariable: try text("api_key_env"), concurrency: concurrency, revision: try text("revision"),
            promptPrice: try number("prompt_price"), completionPrice: try number("completion_price"),
            timeout: try number("timeout") ?? 120, retries: Int(try number("retries") ?? 3))
    }

    /// For the cache key: a native model's content hash, so other weights re-run the step. A server's model
    /// is known only by its name and `revision`, which are parameters already.
    static func fingerprint(_ parameters: StepParameters, projectDirectory: URL, name: String = "generator") throws
        -> [JSONValue]
    {
        let settings = try settings(parameters, name: name)
        guard settings.backend == .native else { return [] }
        let url = settings.modelURL(in: projectDirectory)
        guard FileManager.default.fileExists(atPath: url.path) else {
            let hint =
                settings.model == GeneratorSettings.defaultNativeModel
                ? "run ./scripts/setup to fetch it" : "set the generator's model to a .gguf file or a model folder"
            throw StepFailure("parameter '\(name)': no model at \(url.path) (\(hint))")
        }
        return [.array([.string("\(name)-model"), .string(try ContentHash.of(url).sha256)])]
    }

    /// What the dataset's metadata says about the generator: never the key, only the variable's name.
    static func summary(_ settings: GeneratorSettings) -> JSONValue {
        var summary: [String: JSONValue] = ["backend": .string(settings.backend.rawValue), "model": .string(settings.model)]
        if let baseURL = settings.baseURL { summary["base_url"] = .string(baseURL.absoluteString) }
        if let revision = settings.revision { summary["revision"] = .string(revision) }
        return .object(summary)
    }
}
