import Compute
import Foundation
import Testing

@testable import Server

/// `POST /v1/completions`: raw prompts continued without the chat template.
struct CompletionsTests {
    @Test func aPromptIsContinuedAsTextWholeOrStreamed() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let request: [String: Any] = [
            "model": TestServer.modelName, "prompt": "The twin writes", "temperature": 0, "max_tokens": 10,
        ]
        let whole = try await server.post("/v1/completions", request)
        var streaming = request
        streaming["stream"] = true
        streaming["stream_options"] = ["include_usage": true]
        let streamed = try await server.post("/v1/completions", streaming)
        await server.stop()
        #expect(whole.status == 200)
        #expect(whole.json["object"] as? String == "text_completion")
        let text = try #require(firstChoice(whole.json)["text"] as? String)
        #expect(firstChoice(whole.json)["finish_reason"] as? String == "length")
        let usage = whole.json["usage"] as? [String: Any]
        #expect(usage?["prompt_tokens"] as? Int == TestServer.model.rawPromptTokens(for: "The twin writes").count)
        #expect(streamed.events.last == "[DONE]")
        let chunks = streamed.events.dropLast().map(\.object)
        #expect(chunks.allSatisfy { $0["object"] as? String == "text_completion" })
        #expect(chunks.dropLast().map { firstChoice($0)["text"] as? String ?? "" }.joined() == text)
        #expect((chunks.last?["usage"] as? [String: Any])?["completion_tokens"] as? Int == 10)
    }
}
