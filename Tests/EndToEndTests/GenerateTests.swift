import Foundation
import OrchestrateTesting
import Testing

/// `orchestrate generate` against an OpenAI-compatible server on loopback.
@Suite("generate")
struct GenerateTests {
    @Test("prints only the streamed answer; a missing key variable and an unknown backend are clear errors")
    func generate() throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let folder = try TestProject()
        let base = site.url("/_/openai/v1").absoluteString
        let answer = try CLI.run(
            ["generate", "--backend", "openai", "--base-url", base, "--model", "stream", "--temperature", "0", "what is LoRA"],
            in: folder.root)
        #expect(answer.status == 0, "\(answer.stderr)")
        #expect(answer.stdout == "You asked: what is LoRA.\n")

        let keyless = try CLI.run(
            [
                "generate", "--backend", "openai", "--base-url", base, "--model", "needs-key", "--api-key-env",
                "NO_SUCH_KEY_VARIABLE", "x",
            ], in: folder.root)
        #expect(keyless.status == 1)
        #expect(keyless.stderr.contains("environment variable NO_SUCH_KEY_VARIABLE is not set"))

        let unknown = try CLI.run(["generate", "--backend", "magic", "--model", "m", "x"], in: folder.root)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--backend must be native or openai, got 'magic'"))

        let raw = try CLI.run(
            ["generate", "--backend", "openai", "--base-url", base, "--model", "m", "--raw", "x"], in: folder.root)
        #expect(raw.status == 2)
        #expect(raw.stderr.contains("--raw needs the native backend"))
    }

    @Test(
        "the native backend runs a model folder in process: greedy decoding repeats itself; --raw works; a missing model is named"
    )
    func native() throws {
        let folder = try TestProject()
        let model = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model")
        let greedy = try CLI.run(
            ["generate", "--model", model.path, "--temperature", "0", "--max-tokens", "24", "Write one sentence about LoRA."],
            in: folder.root)
        #expect(greedy.status == 0, "\(greedy.stderr)")
        let again = try CLI.run(
            ["generate", "--model", model.path, "--temperature", "0", "--max-tokens", "24", "Write one sentence about LoRA."],
            in: folder.root)
        #expect(again.stdout == greedy.stdout && !greedy.stdout.isEmpty)
        let raw = try CLI.run(
            ["generate", "--model", model.path, "--raw", "--max-tokens", "5", "--seed", "1", "Hello"], in: folder.root)
        #expect(raw.status == 0, "\(raw.stderr)")

        let missing = try CLI.run(["generate", "--model", "models/none.gguf", "x"], in: folder.root)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("no model at"), "\(missing.stderr)")
    }

    /// SmolLM2-135M-Instruct as `./scripts/setup` fetches it; the tests fail, not skip, without it.
    static func defaultModel() throws -> URL {
        let url = CLI.packageRoot.appendingPathComponent("models/SmolLM2-135M-Instruct.Q4_1.gguf")
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw MissingModel(description: "\(url.path) is missing: run ./scripts/setup to fetch the default generator")
        }
        return url
    }

    @Test("with no model named, the default SmolLM2 answers in English, from any folder")
    func defaultModel() throws {
        _ = try Self.defaultModel()
        let folder = try TestProject()
        let answer = try CLI.run(
            ["generate", "--seed", "7", "--max-tokens", "60", "Write one sentence about LoRA."], in: folder.root)
        #expect(answer.status == 0, "\(answer.stderr)")
        let words = answer.stdout.lowercased().split { !$0.isLetter }.map(String.init)
        let english: Set<String> = [
            "the", "a", "an", "is", "are", "of", "to", "and", "in", "that", "it", "for", "with", "on", "by",
        ]
        #expect(words.count >= 5 && words.filter(english.contains).count >= 2, "\(answer.stdout)")
    }
}

struct MissingModel: Error, CustomStringConvertible {
    let description: String
}
