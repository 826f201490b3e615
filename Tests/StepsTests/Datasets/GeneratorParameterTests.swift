import ArtifactStore
import Generation
import Orchestrator
import Testing

@testable import Steps

@Suite("generator parameter")
struct GeneratorParameterTests {
    func settings(_ map: [String: JSONValue]) throws -> GeneratorSettings {
        try GeneratorParameter.settings(StepParameters(["generator": .object(map)]))
    }

    @Test("the default is the native backend with the default model, one request at a time")
    func defaults() throws {
        let settings = try settings([:])
        #expect(
            settings.backend == .native && settings.model == GeneratorSettings.defaultNativeModel && settings.concurrency == 1)
    }

    @Test("an openai generator takes a server, a model, the key's variable name and a concurrency")
    func openai() throws {
        let settings = try settings([
            "backend": "openai", "base_url": "http://localhost:8000/v1", "model": "m", "api_key_env": "KEY", "concurrency": 8,
            "revision": "r1",
        ])
        #expect(settings.baseURL?.absoluteString == "http://localhost:8000/v1")
        #expect(settings.apiKeyVariable == "KEY" && settings.concurrency == 8 && settings.revision == "r1")
        #expect(
            GeneratorParameter.summary(settings)
                == .object(["backend": "openai", "model": "m", "base_url": "http://localhost:8000/v1", "revision": "r1"]))
    }

    @Test(
        "mistakes are named",
        arguments: [
            (["backend": "gpt"], "parameter 'generator': backend must be native or openai, got 'gpt'"),
            (
                ["backend": "openai", "model": "m"],
                "parameter 'generator': the openai backend needs base_url (the server, up to /v1)"
            ),
            (
                ["backend": "openai", "base_url": "http://h/v1"],
                "parameter 'generator': the openai backend needs model (the name the server knows)"
            ),
            (["base_url": "ftp://h"], "parameter 'generator': base_url must be an http or https URL, got 'ftp://h'"),
            (["concurrency": 0], "parameter 'generator': concurrency must be a whole number of at least 1"),
            (
                ["modle": "x"],
                "parameter 'generator' has an unknown key 'modle'; known keys: backend, model, base_url, api_key_env, concurrency, revision, prompt_price, completion_price, timeout, retries"
            ),
        ] as [([String: JSONValue], String)])
    func errors(map: [String: JSONValue], message: String) {
        #expect(throws: StepFailure(message)) { try settings(map) }
    }
}
