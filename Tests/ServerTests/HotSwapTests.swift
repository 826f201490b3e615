import Compute
import Foundation
import Testing

@testable import Server

/// A server that follows a registry alias switches to the new revision while clients keep asking: the
/// new model is loaded beside the old, new requests go to it, requests already running finish on the old,
/// and not one request fails.
struct HotSwapTests {
    /// The revision the alias points at, changed by the test as a promotion would.
    final class Alias: @unchecked Sendable {
        private let lock = NSLock()
        private var value: String
        private(set) var loads = 0
        init(_ value: String) { self.value = value }
        var revision: String {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
        func loaded() { lock.withLock { loads += 1 } }

        func following(interval: Duration?) -> ModelFollowing {
            ModelFollowing(interval: interval) { [self] in
                let revision = self.revision
                return ModelFollowing.Target(revision: revision) {
                    self.loaded()
                    // A real switch reads hundreds of megabytes: the old model keeps answering meanwhile.
                    Thread.sleep(forTimeInterval: 0.3)
                    return try LanguageModel(contentsOf: TestServer.modelFolder)
                }
            }
        }
    }

    static var request: [String: Any] {
        ["model": TestServer.modelName, "prompt": "Once", "max_tokens": 24, "stream": true, "temperature": 0]
    }

    @Test func aReloadUnderLoadSwitchesRevisionsWithoutAFailedRequest() async throws {
        let alias = Alias("tiny/1")
        let server = try await TestServer(
            parallel: 4, queueCapacity: 64, turnPause: .milliseconds(2), following: alias.following(interval: nil)
        ) { ServerModels(model: TestServer.model, revision: "tiny/1") }
        try await server.waitUntilReady()
        let stop = Flag()
        let clients = (0..<6).map { _ in
            Task { () -> [(status: Int, revision: String?, done: Bool)] in
                var answers: [(Int, String?, Bool)] = []
                while !stop.isRaised {
                    let response = try await server.post("/v1/completions", Self.request)
                    answers.append(
                        (response.status, response.headers["x-orchestrate-model-revision"], response.events.last == "[DONE]"))
                }
                return answers
            }
        }
        try await Task.sleep(for: .milliseconds(500))
        alias.revision = "tiny/2"
        let reload = try await server.post("/v1/admin/reload", [:])
        let after = try await server.post("/v1/completions", Self.request)
        let again = try await server.post("/v1/admin/reload", [:])
        try await Task.sleep(for: .milliseconds(500))
        stop.raise()
        var answers: [(status: Int, revision: String?, done: Bool)] = []
        for client in clients { answers += try await client.value }
        let health = try await server.get("/health")
        await server.stop()
        #expect(reload.status == 200)
        #expect(reload.json["revision"] as? String == "tiny/2")
        #expect(reload.json["switched"] as? Bool == true)
        #expect(again.json["switched"] as? Bool == false, "the revision is current: nothing is loaded twice")
        #expect(alias.loads == 1)
        #expect(after.headers["x-orchestrate-model-revision"] == "tiny/2", "requests after the switch go to the new model")
        #expect(health.json["revision"] as? String == "tiny/2")
        #expect(answers.count > 6)
        #expect(answers.allSatisfy { $0.status == 200 && $0.done }, "every request was answered whole")
        let revisions = Set(answers.compactMap(\.revision))
        #expect(revisions == ["tiny/1", "tiny/2"], "requests were answered by both revisions: \(revisions)")
    }

    @Test func aServerFollowingAnAliasSwitchesByItselfWhenTheAliasMoves() async throws {
        let alias = Alias("tiny/1")
        let server = try await TestServer(following: alias.following(interval: .milliseconds(100))) {
            ServerModels(model: TestServer.model, revision: "tiny/1")
        }
        try await server.waitUntilReady()
        alias.revision = "tiny/3"
        var revision: String?
        for _ in 0..<300 where revision != "tiny/3" {
            revision = try await server.get("/health").json["revision"] as? String
            try await Task.sleep(for: .milliseconds(20))
        }
        let models = try await server.get("/v1/models")
        await server.stop()
        #expect(revision == "tiny/3")
        #expect((models.json["data"] as? [[String: Any]])?.first?["revision"] as? String == "tiny/3")
    }

    @Test func aServerThatFollowsNothingSaysSoOnReload() async throws {
        let server = try await TestServer()
        try await server.waitUntilReady()
        let reload = try await server.post("/v1/admin/reload", [:])
        await server.stop()
        #expect(reload.status == 404)
        #expect(reload.error["code"] as? String == "not_following")
    }
}
