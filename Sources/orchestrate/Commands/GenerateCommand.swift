import ArgumentParser
import ArtifactStore
import Compute
import Foundation
import Generation

struct GenerateCommand: AsyncParsableCommand, UsesGlobalOptions {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Answer one prompt with a text generator, streaming the answer.",
        discussion: """
            Prints only the generated text, as it arrives. The `native` backend (the default) runs a model in this
            process: a .gguf file or a Hugging Face folder (safetensors, config.json, tokenizer.json), formatted
            with the model's own chat template; the default model is SmolLM2-135M-Instruct, which ./scripts/setup
            fetches. The `openai` backend talks to any OpenAI-compatible chat-completions server (OpenAI, vLLM,
            llama.cpp's server, Ollama, TGI): --base-url and --model name it, and --api-key-env names the
            environment variable that holds its key (the key itself is never an argument, so it stays out of
            shell history and process lists).
              orchestrate generate "Write one sentence about LoRA."
              orchestrate generate --model ~/models/Qwen2.5-0.5B-Instruct --temperature 0 "What is RAG?"
              orchestrate generate --raw --max-tokens 20 "The capital of France is"
              orchestrate generate --adapter twin.model "Write one sentence about LoRA."
              orchestrate generate --backend openai --base-url http://localhost:11434/v1 --model llama3.2 "Hi"
              OPENAI_API_KEY=... orchestrate generate --backend openai --base-url https://api.openai.com/v1 \\
                  --model gpt-4o-mini --api-key-env OPENAI_API_KEY "Write one sentence about LoRA."
            --adapter merges a LoRA adapter (a PEFT folder, a model artifact of the store, or a
            registered model: twin@production, twin/3, twin) into the native model as it loads;
            without --model, the base is the one the adapter's model.json names. --model twin@production
            alone does the same for a registered adapter.
            """)

    @Argument(help: "The user's message (with --raw, the text to continue).")
    var prompt: String

    @Option(name: .long, help: "The backend: native (a local model, in process) or openai (an OpenAI-compatible server).")
    var backend: String = "native"

    @Option(name: .long, help: ArgumentHelp("The openai backend's server, up to /v1.", valueName: "url"))
    var baseURL: String = "http://127.0.0.1:8080/v1"

    @Option(
        name: .long,
        help:
            "native: a .gguf file, a model folder or a registered model such as twin@production (default \(GeneratorSettings.defaultNativeModel)); openai: the model name the server knows."
    )
    var model: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "native: a LoRA adapter to merge in: a PEFT folder, a model artifact or a registered model (its base is --model, or model.json's).",
            valueName: "folder-or-ref"))
    var adapter: String?

    @Option(name: .long, help: ArgumentHelp("The environment variable holding the API key (none by default).", valueName: "name"))
    var apiKeyEnv: String?

    @Option(name: .long, help: "A system message sent before the prompt.")
    var system: String?

    @Flag(name: .long, help: "Send the prompt as plain text, without the chat template (native backend).")
    var raw = false

    @Option(name: .long, help: "Sampling temperature; 0 is greedy decoding.")
    var temperature: Double = 0.7

    @Option(name: .long, help: "Nucleus sampling: the smallest set of tokens whose probability reaches this.")
    var topP: Double = 1

    @Option(name: .long, help: "The most tokens to generate.")
    var maxTokens: Int = 512

    @Option(name: .long, help: "A seed: the same seed, prompt and model give the same answer.")
    var seed: UInt64?

    @Option(name: .long, help: "Above 1, discourages repeating recent tokens (native backend).")
    var repetitionPenalty: Double = 1.1

    /// With `--json`, the answer is printed once it is complete, as one object with its token counts.
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        guard let kind = GeneratorSettings.Backend(rawValue: backend) else {
            throw ValidationError("--backend must be native or openai, got '\(backend)'")
        }
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be at least 1") }
        guard temperature >= 0 else { throw ValidationError("--temperature must be 0 or more") }
        guard (0...1).contains(topP), topP > 0 else { throw ValidationError("--top-p must be in (0, 1]") }
        guard repetitionPenalty >= 1 else { throw ValidationError("--repetition-penalty must be 1 or more") }
        if kind == .openai {
            guard model != nil else { throw ValidationError("--backend openai needs --model, the name the server knows") }
            guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? "") else {
                throw ValidationError("--base-url must be an http or https URL, got '\(baseURL)'")
            }
            guard !raw else {
                throw ValidationError("--raw needs the native backend: chat servers apply their own template")
            }
            guard adapter == nil else {
                throw ValidationError("--adapter needs the native backend: a server loads its own adapters")
            }
        }
        guard system == nil || !raw else { throw ValidationError("--system and --raw do not go together") }
    }

    func run() async throws {
        let kind = GeneratorSettings.Backend(rawValue: backend)!
        var baseModel = model
        var adapterReference = adapter
        var adapterPath: String?
        if kind == .native, let model, let version = try registeredModel(model) {
            // A registered adapter is merged into its base; a whole model (merged, gguf) is loaded from the store.
            if ["peft-lora", "unknown"].contains(version.format) {
                guard adapter == nil else {
                    throw CLIFailure(
                        message: "--model \(model) is \(version.reference), a LoRA adapter, and --adapter names another",
                        hint: "give the base with --model and the adapter with --adapter")
                }
                baseModel = nil
                adapterReference = model
            } else {
                baseModel = try global.openStore().blobs.location(ofSHA256: version.sha256).path
            }
        }
        if let adapter = adapterReference {
            let location = try AdapterLocation.resolve(adapter, options: global)
            if baseModel == nil, location.manifest != nil { baseModel = try location.base(nil, option: "--model").path }
            if let warning = location.baseDigestWarning(URL(fileURLWithPath: baseModel ?? Self.defaultModel())) {
                Terminal.error("warning: " + warning, plain: true)
            }
            adapterPath = location.folder.path
        }
        let settings = GeneratorSettings(
            backend: kind, model: baseModel ?? Self.defaultModel(), adapter: adapterPath,
            baseURL: kind == .openai ? URL(string: baseURL) : nil, apiKeyVariable: apiKeyEnv)
        if kind == .native, !FileManager.default.fileExists(atPath: settings.model) {
            throw CLIFailure(
                message: "no model at \(settings.model)",
                hint: model == nil
                    ? "run ./scripts/setup to fetch SmolLM2-135M-Instruct, or pass --model with a .gguf file or model folder"
                    : "--model takes a .gguf file or a Hugging Face model folder")
        }
        let options = GenerationOptions(
            temperature: temperature, topP: topP, maxTokens: maxTokens, seed: seed, repetitionPenalty: repetitionPenalty)
        let json = global.json
        let write: @Sendable (String) -> Void = { piece in
            if !json { FileHandle.standardOutput.write(Data(piece.utf8)) }
        }
        do {
            let generator = try await GeneratorLoader.generator(
                settings, projectDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            let result: GenerationResult
            if raw, let native = generator as? NativeChatGenerator {
                result = try await native.generate(raw: prompt, options: options, onText: write)
            } else {
                var messages = system.map { [ChatMessage(role: "system", content: $0)] } ?? []
                messages.append(ChatMessage(role: "user", content: prompt))
                result = try await generator.generate(messages, options: options, onText: write)
            }
            if json {
                Terminal.print(
                    JSONText.pretty([
                        "backend": .string(kind.rawValue), "model": .string(settings.model), "text": .string(result.text),
                        "finish_reason": result.finishReason.map(JSONValue.string) ?? .null,
                        "prompt_tokens": .int(result.promptTokens), "completion_tokens": .int(result.completionTokens),
                        "cost": result.cost.map(JSONValue.double) ?? .null,
                    ]))
            } else if !result.text.hasSuffix("\n") {
                FileHandle.standardOutput.write(Data("\n".utf8))
            }
        } catch let error as GenerationError {
            throw CLIFailure(message: error.message, code: ExitStatus.failed)
        }
    }

    /// The registered version `--model` names, when nothing is at that path and the store has one.
    private func registeredModel(_ text: String) throws -> ModelVersionRecord? {
        guard !FileManager.default.fileExists(atPath: text), global.storeExists else { return nil }
        return try RegisteredModelLookup.version(text, in: try global.openStore())
    }

    /// The default model in the current folder's `models/`, or else in the checkout this binary was built in
    /// (`.build/<configuration>/orchestrate`), so `orchestrate generate` works from any folder after set-up.
    static func defaultModel() -> String {
        let path = GeneratorSettings.defaultNativeModel
        if FileManager.default.fileExists(atPath: path) { return path }
        // The binary may sit behind .build/release, a link to .build/<triple>/release: try each ancestor.
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate.path }
        }
        return path
    }
}
