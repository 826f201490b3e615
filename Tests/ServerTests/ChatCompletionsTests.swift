import Compute
import Foundation
import Testing

@testable import Server

/// `POST /v1/chat/completions` on the tiny chat model, whole and streamed.
struct ChatCompletionsTests {
    static var messages: [[String: Any]] { [["role": "user", "content": "Tell me about the twin."]] }

    static func request(_ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "model": TestServer.modelName, "messages": messages, "temperature": 0, "max_tokens": 16,
        ]
        body.merge(extra) { _, new in new }
        return body
    }

    @Test func aWholeAnswerHasOpenAIsShapeAndCountsThePromptAndAnswerTokens() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let response = try await server.post("/v1/chat/completions", Self.request())
        await server.stop()
        #expect(response.status == 200)
        #expect(response.mediaType == "application/json")
        let body = response.json
        #expect(body["object"] as? String == "chat.completion")
        #expect(body["model"] as? String == TestServer.modelName)
        #expect((body["id"] as? String)?.hasPrefix("chatcmpl-") == true)
        let choice = firstChoice(body)
        let message = choice["message"] as? [String: Any]
        #expect(message?["role"] as? String == "assistant")
        let content = message?["content"] as? String
        #expect(content?.isEmpty == false)
        #expect(choice["finish_reason"] as? String == "length")
        let usage = body["usage"] as? [String: Any]
        let prompt = try TestServer.model.promptTokens(for: [ChatMessage(role: "user", content: "Tell me about the twin.")])
        #expect(usage?["prompt_tokens"] as? Int == prompt.count)
        #expect(usage?["completion_tokens"] as? Int == 16)
        #expect(usage?["total_tokens"] as? Int == prompt.count + 16)
    }

    @Test func aStreamSendsARoleChunkThenTextChunksThenTheFinishThenUsageThenDone() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let whole = try await server.post("/v1/chat/completions", Self.request())
        let streamed = try await server.post(
            "/v1/chat/completions", Self.request(["stream": true, "stream_options": ["include_usage": true]]))
        await server.stop()
        #expect(streamed.status == 200)
        #expect(streamed.mediaType == "text/event-stream")
        let events = streamed.events
        #expect(events.last == "[DONE]")
        let chunks = events.dropLast().map(\.object)
        #expect(chunks.count == events.count - 1, "every event but the last is a JSON object")
        #expect(chunks.allSatisfy { $0["object"] as? String == "chat.completion.chunk" })
        #expect(Set(chunks.compactMap { $0["id"] as? String }).count == 1, "one id for the whole stream")
        let opening = firstChoice(chunks[0])["delta"] as? [String: Any]
        #expect(opening?["role"] as? String == "assistant")
        let usageChunk = try #require(chunks.last)
        #expect((usageChunk["choices"] as? [Any])?.isEmpty == true)
        #expect((usageChunk["usage"] as? [String: Any])?["completion_tokens"] as? Int == 16)
        let finishing = chunks[chunks.count - 2]
        #expect(firstChoice(finishing)["finish_reason"] as? String == "length")
        for chunk in chunks.dropLast() {
            #expect(chunk["usage"] is NSNull, "with include_usage every other chunk says usage: null")
        }
        let text = chunks.map { (firstChoice($0)["delta"] as? [String: Any])?["content"] as? String ?? "" }.joined()
        let wholeText = (firstChoice(whole.json)["message"] as? [String: Any])?["content"] as? String
        #expect(text == wholeText, "greedy decoding streams the same answer it returns whole")
        #expect(chunks.dropFirst().dropLast(2).allSatisfy { firstChoice($0)["finish_reason"] is NSNull })
    }

    @Test func withoutIncludeUsageAStreamHasNoUsage() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let streamed = try await server.post("/v1/chat/completions", Self.request(["stream": true]))
        await server.stop()
        let chunks = streamed.events.dropLast().map(\.object)
        #expect(!chunks.isEmpty)
        #expect(chunks.allSatisfy { $0["usage"] == nil && !($0["choices"] as? [Any] ?? []).isEmpty })
        #expect(streamed.events.last == "[DONE]")
    }

    @Test func aStopSequenceEndsTheAnswerBeforeIt() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let whole = try await server.post("/v1/chat/completions", Self.request(["max_tokens": 24]))
        let text = try #require((firstChoice(whole.json)["message"] as? [String: Any])?["content"] as? String)
        let characters = Array(text)
        try #require(characters.count > 8)
        let stop = String(characters[5..<8])
        let expected = String(text[..<text.range(of: stop)!.lowerBound])
        let stopped = try await server.post("/v1/chat/completions", Self.request(["max_tokens": 24, "stop": [stop]]))
        let streamed = try await server.post(
            "/v1/chat/completions", Self.request(["max_tokens": 24, "stop": stop, "stream": true]))
        await server.stop()
        let choice = firstChoice(stopped.json)
        #expect((choice["message"] as? [String: Any])?["content"] as? String == expected)
        #expect(choice["finish_reason"] as? String == "stop")
        let chunks = streamed.events.dropLast().map(\.object)
        let streamedText = chunks.map { (firstChoice($0)["delta"] as? [String: Any])?["content"] as? String ?? "" }
            .joined()
        #expect(streamedText == expected)
        #expect(firstChoice(chunks.last ?? [:])["finish_reason"] as? String == "stop")
    }

    @Test func nAnswersAreSampledEachWithItsIndexAndASeedRepeatsThem() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let request = Self.request(["n": 3, "temperature": 1.0, "seed": 42, "max_completion_tokens": 8])
        let first = try await server.post("/v1/chat/completions", request)
        let second = try await server.post("/v1/chat/completions", request)
        await server.stop()
        let choices = try #require(first.json["choices"] as? [[String: Any]])
        #expect(choices.map { $0["index"] as? Int } == [0, 1, 2])
        let texts = choices.map { ($0["message"] as? [String: Any])?["content"] as? String ?? "" }
        let again = (second.json["choices"] as? [[String: Any]] ?? []).map {
            ($0["message"] as? [String: Any])?["content"] as? String ?? ""
        }
        #expect(texts == again, "the same seed gives the same answers")
        #expect(Set(texts).count > 1, "each answer has its own seed")
        let tokens = try #require((first.json["usage"] as? [String: Any])?["completion_tokens"] as? Int)
        #expect(tokens > 8 && tokens <= 24, "the tokens of all three answers, each at most 8")
    }
}
