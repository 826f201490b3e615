import Foundation
import Testing

@testable import Server

/// Bad requests get OpenAI's error shape, `{"error": {"message", "type", "param", "code"}}`, with the
/// status OpenAI would use and the field at fault.
struct ErrorTests {
    static func chat(_ extra: [String: Any]) -> [String: Any] {
        var body: [String: Any] = [
            "model": TestServer.modelName, "messages": [["role": "user", "content": "Hi"]],
        ]
        body.merge(extra) { _, new in new }
        return body
    }

    @Test func badFieldsAreNamedInA400() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let cases: [(body: [String: Any], param: String)] = [
            (Self.chat(["temperature": 3]), "temperature"),
            (Self.chat(["top_p": 0]), "top_p"),
            (Self.chat(["max_tokens": 0]), "max_tokens"),
            (Self.chat(["max_completion_tokens": "many"]), "max_completion_tokens"),
            (Self.chat(["n": 9]), "n"),
            (Self.chat(["stop": [1, 2]]), "stop"),
            (Self.chat(["stream": "yes"]), "stream"),
            (Self.chat(["stream_options": ["include_usage": 1]]), "stream_options.include_usage"),
            (Self.chat(["messages": []]), "messages"),
            (Self.chat(["messages": [["role": "robot", "content": "Hi"]]]), "messages[0].role"),
            (Self.chat(["response_format": ["type": "json_schema"]]), "response_format.json_schema"),
            (["messages": [["role": "user", "content": "Hi"]]], "model"),
        ]
        for (body, param) in cases {
            let response = try await server.post("/v1/chat/completions", body)
            #expect(response.status == 400, "\(param)")
            #expect(response.error["param"] as? String == param)
            #expect(response.error["type"] as? String == "invalid_request_error")
            #expect(!(response.error["message"] as? String ?? "").isEmpty)
        }
        let noPrompt = try await server.post("/v1/completions", ["model": TestServer.modelName])
        await server.stop()
        #expect(noPrompt.status == 400)
        #expect(noPrompt.error["param"] as? String == "prompt")
    }

    @Test func bodiesThatAreNotJSONObjectsAreRefused() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let broken = try await server.post("/v1/chat/completions", raw: Data("{\"model\": ".utf8))
        let array = try await server.post("/v1/chat/completions", raw: Data("[1]".utf8))
        await server.stop()
        #expect(broken.status == 400)
        #expect((broken.error["message"] as? String)?.contains("not valid JSON") == true)
        #expect(broken.error.keys.sorted() == ["code", "message", "param", "type"])
        #expect(broken.error["param"] is NSNull)
        #expect(array.status == 400)
    }

    @Test func anUnknownModelIsA404AndAnUnknownPathToo() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let model = try await server.post("/v1/chat/completions", Self.chat(["model": "gpt-4o"]))
        let path = try await server.get("/v1/nothing")
        let embeddings = try await server.post(
            "/v1/embeddings", ["model": "all-MiniLM-L6-v2", "input": "hello"])
        await server.stop()
        #expect(model.status == 404)
        #expect(model.error["code"] as? String == "model_not_found")
        #expect((model.error["message"] as? String)?.contains(TestServer.modelName) == true)
        #expect(path.status == 404)
        #expect(path.error["code"] as? String == "not_found")
        #expect(embeddings.status == 404, "no embedding model was loaded")
    }

    @Test func aPromptLongerThanTheContextIsRefusedBeforeItIsQueued() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let long = String(repeating: "twin ", count: 5000)
        let response = try await server.post(
            "/v1/completions", ["model": TestServer.modelName, "prompt": long, "max_tokens": 4])
        await server.stop()
        #expect(response.status == 400)
        #expect(response.error["code"] as? String == "context_length_exceeded")
        #expect(response.error["param"] as? String == "prompt")
    }
}
