import Foundation
import Testing

@testable import Server

/// A stream that cannot finish says why in an event of OpenAI's error shape, then ends with `[DONE]`.
struct StreamErrorTests {
    @Test func aServerStoppingMidStreamSendsAnErrorEvent() async throws {
        let server = try await TestServer(parallel: 1, turnPause: .milliseconds(20))
        try await server.waitUntilReady()
        let streaming = Flag()
        let request: [String: Any] = [
            "model": TestServer.modelName, "messages": [["role": "user", "content": "Hi"]], "max_tokens": 2000,
            "stream": true,
            "logit_bias": Dictionary(uniqueKeysWithValues: TestServer.model.stopTokenIDs.map { (String($0), -100) }),
        ]
        let answer = Task { try await server.post("/v1/chat/completions", request) { _ in streaming.raise() } }
        #expect(await streaming.wait())
        try await Task.sleep(for: .milliseconds(50))
        await server.stop()
        let response = try await answer.value
        let events = response.events
        #expect(response.status == 200)
        #expect(events.last == "[DONE]")
        let error = (events.dropLast().last?.object["error"] as? [String: Any]) ?? [:]
        #expect(error["message"] as? String == "the server is shutting down")
        #expect(error["type"] as? String == "server_error")
        #expect(events.dropLast(2).count > 2, "text came before the error")
    }
}
