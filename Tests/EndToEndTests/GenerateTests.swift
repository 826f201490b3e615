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
        let answer = try CLI.run(["generate", "--base-url", base, "--model", "stream", "--temperature", "0", "what is LoRA"], in: folder.root)
        #expect(answer.status == 0, "\(answer.stderr)")
        #expect(answer.stdout == "You asked: what is LoRA.\n")

        let keyless = try CLI.run(["generate", "--base-url", base, "--model", "needs-key", "--api-key-env", "NO_SUCH_KEY_VARIABLE", "x"], in: folder.root)
        #expect(keyless.status == 1)
        #expect(keyless.stderr.contains("environment variable NO_SUCH_KEY_VARIABLE is not set"))

        let unknown = try CLI.run(["generate", "--backend", "magic", "--model", "m", "x"], in: folder.root)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--backend must be openai"))
    }
}
