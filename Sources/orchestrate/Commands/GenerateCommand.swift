import ArgumentParser
import Compute
import Foundation
import Generation

struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Answer one prompt with a text generator, streaming the answer.",
        discussion: """
            Prints only the generated text, as it arrives. The `openai` backend talks to any OpenAI-compatible
            chat-completions server (OpenAI, vLLM, llama.cpp's server, Ollama, TGI): --base-url and --model name
            it, and --api-key-env names the environment variable that holds its key (the key itself is never
            an argument, so it stays out of shell history and process lists).
              orchestrate generate --base-url http://localhost:11434/v1 --model llama3.2 "Write one sentence about LoRA."
              OPENAI_API_KEY=... orchestrate generate --base-url https://api.openai.com/v1 --model gpt-4o-mini \\
                  --api-key-env OPENAI_API_KEY "Write one sentence about LoRA."
            """)

    @Argument(help: "The user's message.")
    var prompt: String

    @Option(name: .long, help: "The backend: openai (an OpenAI-compatible server).")
    var backend: String = "openai"

    @Option(name: .long, help: ArgumentHelp("The server's base URL, up to /v1.", valueName: "url"))
    var baseURL: String = "http://127.0.0.1:8080/v1"

    @Option(name: .long, help: "The model name the server knows.")
    var model: String

    @Option(name: .long, help: ArgumentHelp("The environment variable holding the API key (none by default).", valueName: "name"))
    var apiKeyEnv: String?

    @Option(name: .long, help: "A system message sent before the prompt.")
    var system: String?

    @Option(name: .long, help: "Sampling temperature; 0 is greedy decoding.")
    var temperature: Double = 0.7

    @Option(name: .long, help: "Nucleus sampling: the smallest set of tokens whose probability reaches this.")
    var topP: Double = 1

    @Option(name: .long, help: "The most tokens to generate.")
    var maxTokens: Int = 512

    @Option(name: .long, help: "A seed, for backends that honour one.")
    var seed: UInt64?

    func validate() throws {
        guard backend == "openai" else {
            throw ValidationError("--backend must be openai (an OpenAI-compatible server), got '\(backend)'")
        }
        guard maxTokens > 0 else { throw ValidationError("--max-tokens must be at least 1") }
        guard temperature >= 0 else { throw ValidationError("--temperature must be 0 or more") }
        guard (0...1).contains(topP), topP > 0 else { throw ValidationError("--top-p must be in (0, 1]") }
        guard let url = URL(string: baseURL), ["http", "https"].contains(url.scheme ?? "") else {
            throw ValidationError("--base-url must be an http or https URL, got '\(baseURL)'")
        }
    }

    func run() async throws {
        let client = OpenAIChatClient(endpoint: OpenAIEndpoint(baseURL: URL(string: baseURL)!, model: model, apiKeyVariable: apiKeyEnv))
        var messages = system.map { [ChatMessage(role: "system", content: $0)] } ?? []
        messages.append(ChatMessage(role: "user", content: prompt))
        let options = GenerationOptions(temperature: temperature, topP: topP, maxTokens: maxTokens, seed: seed)
        do {
            let result = try await client.generate(messages, options: options) { piece in
                FileHandle.standardOutput.write(Data(piece.utf8))
            }
            if !result.text.hasSuffix("\n") { FileHandle.standardOutput.write(Data("\n".utf8)) }
        } catch let error as GenerationError {
            throw CLIFailure(message: error.message, code: 1)
        }
    }
}
