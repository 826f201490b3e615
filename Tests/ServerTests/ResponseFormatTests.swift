import Foundation
import Testing

@testable import Server

/// `response_format`: `json_object` and `json_schema` are enforced while decoding, so every answer of
/// every request parses, whole or streamed, even from a tiny model that has never seen JSON.
struct ResponseFormatTests {
    static var schema: [String: Any] {
        [
            "type": "object",
            "properties": [
                "author": ["type": "string", "enum": ["Paul Iusztin", "Maxime Labonne"]],
                "score": ["type": "integer", "minimum": 1, "maximum": 3],
                "topics": ["type": "array", "items": ["type": "string", "maxLength": 10], "maxItems": 3],
            ],
            "required": ["author", "score", "topics"], "additionalProperties": false,
        ]
    }

    static func request(_ format: [String: Any], _ extra: [String: Any] = [:]) -> [String: Any] {
        var body: [String: Any] = [
            "model": TestServer.modelName, "messages": [["role": "user", "content": "Who wrote it?"]],
            "temperature": 1, "max_tokens": 80, "n": 4, "seed": 7, "response_format": format,
        ]
        body.merge(extra) { _, new in new }
        return body
    }

    static var jsonSchema: [String: Any] {
        ["type": "json_schema", "json_schema": ["name": "verdict", "strict": true, "schema": schema]]
    }

    func check(_ text: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            Issue.record("not a JSON object: \(text)")
            return
        }
        #expect(Set(object.keys) == ["author", "score", "topics"], "\(text)")
        #expect(["Paul Iusztin", "Maxime Labonne"].contains(object["author"] as? String ?? ""), "\(text)")
        #expect((1...3).contains(object["score"] as? Int ?? 0), "\(text)")
        let topics = object["topics"] as? [String]
        #expect(topics != nil && topics!.count <= 3 && topics!.allSatisfy { $0.count <= 10 }, "\(text)")
    }

    @Test func everyAnswerFollowsTheSchemaWholeAndStreamed() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let whole = try await server.post("/v1/chat/completions", Self.request(Self.jsonSchema))
        let streamed = try await server.post("/v1/chat/completions", Self.request(Self.jsonSchema, ["stream": true]))
        await server.stop()
        #expect(whole.status == 200)
        let choices = whole.json["choices"] as? [[String: Any]] ?? []
        #expect(choices.count == 4)
        for choice in choices {
            check((choice["message"] as? [String: Any])?["content"] as? String ?? "")
            #expect(choice["finish_reason"] as? String == "stop")
        }
        var texts = Array(repeating: "", count: 4)
        for chunk in streamed.events.dropLast().map(\.object) {
            for choice in chunk["choices"] as? [[String: Any]] ?? [] {
                let index = choice["index"] as? Int ?? 0
                texts[index] += (choice["delta"] as? [String: Any])?["content"] as? String ?? ""
            }
        }
        texts.forEach(check)
    }

    @Test func jsonObjectAnswersAreObjectsEvenWithFewTokens() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let response = try await server.post(
            "/v1/completions",
            [
                "model": TestServer.modelName, "prompt": "Once", "max_tokens": 5, "n": 8, "seed": 3,
                "response_format": ["type": "json_object"],
            ])
        await server.stop()
        let choices = response.json["choices"] as? [[String: Any]] ?? []
        #expect(choices.count == 8)
        for choice in choices {
            let text = choice["text"] as? String ?? ""
            #expect((try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any], "\(text)")
        }
    }

    @Test func aSchemaThatCannotBeEnforcedOrAnAnswerTooShortForItIsA400NamingTheField() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        var pattern = Self.schema
        pattern["properties"] = ["author": ["type": "string", "pattern": "^P"]]
        pattern["required"] = ["author"]
        let unenforceable = try await server.post(
            "/v1/chat/completions",
            Self.request(["type": "json_schema", "json_schema": ["name": "x", "schema": pattern]]))
        let short = try await server.post("/v1/chat/completions", Self.request(Self.jsonSchema, ["max_tokens": 10]))
        let unknown = try await server.post("/v1/chat/completions", Self.request(["type": "yaml"]))
        await server.stop()
        #expect(unenforceable.status == 400)
        #expect(unenforceable.error["param"] as? String == "response_format.json_schema.schema.properties.author.pattern")
        #expect((unenforceable.error["message"] as? String)?.contains("'pattern' cannot be enforced") == true)
        #expect(short.status == 400)
        #expect(short.error["param"] as? String == "max_tokens")
        #expect(unknown.status == 400)
        #expect(unknown.error["param"] as? String == "response_format.type")
    }
}
