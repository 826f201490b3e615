import Foundation
import Networking
import Testing

@testable import Server

/// The inference loop's bounded queue: a full one answers 503 with `Retry-After`, and a client that goes
/// away frees its place.
struct QueueTests {
    /// A request that keeps the loop busy for many seconds with a pause after each turn: long answers
    /// whose end-of-answer tokens are banned so that none ends early.
    static var long: [String: Any] {
        [
            "model": TestServer.modelName, "prompt": "Once", "max_tokens": 4000, "n": 2, "stream": true,
            "logit_bias": Dictionary(uniqueKeysWithValues: TestServer.model.stopTokenIDs.map { (String($0), -100) }),
        ]
    }
    static var short: [String: Any] {
        [
            "model": TestServer.modelName, "prompt": "Once", "max_tokens": 4, "stream": true,
        ]
    }

    @Test func aFullQueueAnswers503WithRetryAfterAndADisconnectFreesItsPlace() async throws {
        let server = try await TestServer(parallel: 1, queueCapacity: 1, turnPause: .milliseconds(50))
        try await server.waitUntilReady()
        let streaming = Flag()
        let first = Task {
            try await server.post("/v1/completions", Self.long) { _ in streaming.raise() }
        }
        #expect(await streaming.wait(), "the first request streams")
        let second = Task { try await server.post("/v1/completions", Self.short) }
        #expect(await waitFor(server, "orchestrate_queue_depth 1"), "the second request waits")
        let third = try await server.post("/v1/completions", Self.short)
        #expect(third.status == 503)
        #expect(third.headers["retry-after"] == "1")
        #expect(third.error["code"] as? String == "queue_full")
        let started = ContinuousClock.now
        first.cancel()
        let answered = try await second.value
        let waited = ContinuousClock.now - started
        let metrics = try await server.get("/metrics")
        await server.stop()
        #expect(answered.status == 200)
        #expect(answered.events.last == "[DONE]")
        // The first request alone would hold the loop for over 200 seconds (4000 turns of 50 ms): the
        // pause is long so that a loaded machine's slow polling cannot outlast it.
        #expect(waited < .seconds(100), "the second request ran as soon as the first client left, after \(waited)")
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains("orchestrate_completion_tokens_total 4\n"), "the first request never finished")
    }

    @Test func aQueuedRequestWhoseClientLeavesGivesUpItsPlaceAtOnce() async throws {
        let server = try await TestServer(parallel: 1, queueCapacity: 1, turnPause: .milliseconds(50))
        try await server.waitUntilReady()
        let streaming = Flag()
        let first = Task { try await server.post("/v1/completions", Self.long) { _ in streaming.raise() } }
        #expect(await streaming.wait())
        let queued = Task { try await server.post("/v1/completions", Self.short) }
        #expect(await waitFor(server, "orchestrate_queue_depth 1"))
        queued.cancel()
        #expect(await waitFor(server, "orchestrate_queue_depth 0"), "the place is free while the first still runs")
        let next = Task { try await server.post("/v1/completions", Self.short) }
        let taken = await waitFor(server, "orchestrate_queue_depth 1")
        if !taken, let early = try? await next.value {
            Issue.record("the next request was answered \(early.status) instead of waiting: \(early.body.count) bytes")
        }
        #expect(taken, "and taken by the next request")
        first.cancel()
        let answered = try await next.value
        await server.stop()
        #expect(answered.status == 200)
    }

    /// Polls `/metrics` until it shows `line`.
    func waitFor(_ server: TestServer, _ line: String, timeout: Double = 90) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let response = try? await server.get("/metrics"),
                String(decoding: response.body, as: UTF8.self).contains(line + "\n")
            {
                return true
            }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }
}
