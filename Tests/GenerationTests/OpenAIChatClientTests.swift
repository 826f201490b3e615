import Compute
import Foundation
import OrchestrateTesting
import Testing

@testable import Generation

/// The OpenAI-compatible backend against a loopback server replaying canned answers.
@Suite(.serialized) struct OpenAIChatClientTests {
    func client(_ site: ExampleSite, model: String, key: String? = nil, retries: Int = 2) -> OpenAIChatClient {
        OpenAIChatClient(
            endpoint: OpenAIEndpoint(
                baseURL: site.url("/_/openai/v1"), model: model, apiKeyVariable: key == nil ? nil : "TEST_API_KEY",
                timeout: 5, retries: retries, retryBaseDelay: 0.05, promptPrice: 0.15, completionPrice: 0.60),
            environment: { key.map { ["TEST_API_KEY": $0] } ?? [:] })
    }

    let question = [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: "what is LoRA")]

    @Test func aStreamedAnswerArrivesPieceByPieceWithUsageAndCost() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let pieces = Collected()
        let result = try await client(site, model: "stream").generate(
            question, options: GenerationOptions(), onText: { pieces.append($0) })
        #expect(result.text == "You asked: what is LoRA.")
        #expect(pieces.all == ["You asked: ", "what is LoRA", "."])
        #expect(result.finishReason == "stop")
        #expect(result.promptTokens == 12 && result.completionTokens == 5)
        #expect(abs((result.cost ?? 0) - (12 * 0.15 + 5 * 0.60) / 1_000_000) < 1e-12)
    }

    @Test func theKeyComesFromTheNamedVariable() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let result = try await client(site, model: "needs-key", key: "sk-test-key").generate(
            question, options: GenerationOptions(), onText: nil)
        #expect(result.text == "You asked: what is LoRA.")
        await #expect(
            throws: GenerationError(
                "environment variable TEST_API_KEY is not set: it must hold the API key for \(site.url("/_/openai/v1").absoluteString)"
            )
        ) {
            try await client(site, model: "needs-key", key: "").generate(question, options: GenerationOptions(), onText: nil)
        }
        await #expect(
            throws: GenerationError(
                "\(site.url("/_/openai/v1/chat/completions").absoluteString) answered HTTP 401: Incorrect API key provided")
        ) {
            try await client(site, model: "needs-key", key: "wrong").generate(question, options: GenerationOptions(), onText: nil)
        }
    }

    @Test func rateLimitsAndServerErrorsAreRetried() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let started = ContinuousClock.now
        #expect(
            try await client(site, model: "throttled").generate(question, options: GenerationOptions(), onText: nil).text
                .hasPrefix("You asked"))
        #expect(ContinuousClock.now - started >= .milliseconds(950), "Retry-After: 1 is honoured")
        #expect(
            try await client(site, model: "flaky").generate(question, options: GenerationOptions(), onText: nil).text.hasPrefix(
                "You asked"))
    }

    @Test func anUnparsableEventIsAClearError() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        await #expect(
            throws: GenerationError(
                "\(site.url("/_/openai/v1/chat/completions").absoluteString) sent an event that is not JSON: {not json")
        ) {
            try await client(site, model: "bad-event").generate(question, options: GenerationOptions(), onText: nil)
        }
    }

    @Test func aServerThatDoesNotStreamIsReadWhole() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let result = try await client(site, model: "whole").generate(question, options: GenerationOptions(), onText: nil)
        #expect(
            result
                == GenerationResult(
                    text: "One piece.", finishReason: "stop", promptTokens: 9, completionTokens: 3,
                    cost: (9 * 0.15 + 3 * 0.60) / 1_000_000))
    }

    @Test func theRequestCarriesTheOptions() throws {
        let client = OpenAIChatClient(endpoint: OpenAIEndpoint(baseURL: URL(string: "http://127.0.0.1:1/v1")!, model: "m"))
        let body = try client.requestBody(
            question,
            options: GenerationOptions(temperature: 0, topP: 0.9, maxTokens: 64, stop: ["\n\n"], seed: 7, jsonMode: true))
        let request = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(request["model"] as? String == "m")
        #expect(request["temperature"] as? Double == 0)
        #expect(request["max_tokens"] as? Int == 64)
        #expect(request["stop"] as? [String] == ["\n\n"])
        #expect(request["seed"] as? Int == 7)
        #expect((request["response_format"] as? [String: String])?["type"] == "json_object")
        #expect((request["messages"] as? [[String: String]])?.last == ["role": "user", "content": "what is LoRA"])
    }
}

/// Collects streamed pieces from the transfer's thread.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var pieces: [String] = []

    func append(_ piece: String) {
        lock.withLock { pieces.append(piece) }
    }

    var all: [String] { lock.withLock { pieces } }
}
