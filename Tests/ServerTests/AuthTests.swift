import Foundation
import Testing

@testable import Server

/// With an API key, every route but `/health` needs `Authorization: Bearer <key>`.
struct AuthTests {
    @Test func requestsWithoutTheRightBearerTokenAre401() async throws {
        let server = try await TestServer(apiKey: "s3cret")
        try await server.waitUntilReady()
        let none = try await server.get("/v1/models")
        let wrong = try await server.get("/v1/models", headers: ["Authorization": "Bearer s3cre"])
        let basic = try await server.get("/v1/models", headers: ["Authorization": "Basic s3cret"])
        let right = try await server.get("/v1/models", headers: ["Authorization": "Bearer s3cret"])
        let chat = try await server.post(
            "/v1/chat/completions",
            ["model": TestServer.modelName, "messages": [["role": "user", "content": "Hi"]], "max_tokens": 2],
            headers: ["Authorization": "Bearer s3cret"])
        let metrics = try await server.get("/metrics")
        let health = try await server.get("/health")
        await server.stop()
        for response in [none, wrong, basic, metrics] {
            #expect(response.status == 401)
            #expect(response.error["code"] as? String == "invalid_api_key")
        }
        #expect(right.status == 200)
        #expect(chat.status == 200)
        #expect(health.status == 200, "health stays open for probes")
    }

    @Test func tokensAreComparedWholly() {
        #expect(BearerTokenMiddleware.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!BearerTokenMiddleware.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!BearerTokenMiddleware.equal(Array("abc".utf8), Array("abcd".utf8)))
    }

    @Test func onlyLoopbackHostsMayGoWithoutAKey() {
        #expect(ServerConfiguration.isLoopback("127.0.0.1"))
        #expect(ServerConfiguration.isLoopback("localhost"))
        #expect(ServerConfiguration.isLoopback("::1"))
        #expect(!ServerConfiguration.isLoopback("0.0.0.0"))
        #expect(!ServerConfiguration.isLoopback("192.168.1.4"))
    }
}
