import Foundation
import Server
import Testing

/// The server listens before its model is loaded, and says so.
struct HealthTests {
    @Test func whileTheModelLoadsHealthAndTheModelRoutesAnswer503() async throws {
        let release = DispatchSemaphore(value: 0)
        let server = try await TestServer(load: {
            release.wait()
            return ServerModels(model: TestServer.model)
        })
        let loading = try await server.get("/health")
        let chat = try await server.post(
            "/v1/chat/completions", ["model": TestServer.modelName, "messages": [["role": "user", "content": "Hi"]]])
        let models = try await server.get("/v1/models")
        release.signal()
        try await server.waitUntilReady()
        let ready = try await server.get("/health")
        let listed = try await server.get("/v1/models")
        await server.stop()
        #expect(loading.status == 503)
        #expect(loading.json["status"] as? String == "loading")
        #expect(chat.status == 503)
        #expect(chat.error["code"] as? String == "model_loading")
        #expect(chat.headers["retry-after"] == "2")
        #expect(models.status == 503)
        #expect(ready.status == 200)
        #expect(ready.json["status"] as? String == "ok")
        let data = listed.json["data"] as? [[String: Any]]
        #expect(data?.map { $0["id"] as? String } == [TestServer.modelName])
        #expect(data?.first?["object"] as? String == "model")
    }

    @Test func aModelThatFailsToLoadEndsTheServerWithItsError() async throws {
        struct Broken: Error {}
        let configuration = ServerConfiguration(host: "127.0.0.1", port: 0, modelName: "broken")
        let server = InferenceServer(configuration: configuration) { throw Broken() }
        await #expect(throws: Broken.self) { try await server.run() }
    }
}
