import ArtifactStore
import Foundation
import Testing

@testable import Dashboard

@Suite("Live updates", .serialized)
struct LiveUpdateTests {
    @Test("a run's event stream says when its steps change and ends once the run has finished")
    func runEvents() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let started = try await fixture.send("POST", "/api/pipelines/demo/runs", json: #"{"parameters": {"pause": 2}}"#)
        let id = try #require(try fixture.json(started)["run_id"]?.stringValue)
        // The stream ends by itself when the run is over, so reading it whole returns.
        let stream = String(decoding: try await fixture.get("/api/runs/\(id)/events").body, as: UTF8.self)
        #expect(stream.hasPrefix("event: ready\n"))
        #expect(stream.contains("event: state\n"))
        #expect(stream.hasSuffix("event: end\ndata: {}\n\n"))
        #expect(try await fixture.waitForRun(id)["status"]?.stringValue == "succeeded")
    }

    @Test("a step's log streams while it runs, to its last line")
    func logFollow() async throws {
        let fixture = try await DashboardFixture()
        defer { fixture.stop() }
        let started = try await fixture.send(
            "POST", "/api/pipelines/demo/runs", json: #"{"parameters": {"pause": 1, "greeting": "streamed"}}"#)
        let id = try #require(try fixture.json(started)["run_id"]?.stringValue)
        let stream = String(decoding: try await fixture.get("/api/runs/\(id)/steps/make/log?follow=1").body, as: UTF8.self)
        #expect(stream.contains("making streamed"))
        #expect(stream.hasSuffix("event: end\ndata: {}\n\n"))
    }
}
