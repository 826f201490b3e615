import ArtifactStore
import Foundation
import Orchestrator
import Testing

@Suite("RunSummary")
struct RunSummaryTests {
    @Test("a summary lists the latest attempt of each step in file order, with its outputs")
    func load() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try fixture.plan(
                """
                name: summary
                steps:
                  last: { uses: upper, inputs: { text: first.out } }
                  first: { uses: flaky, with: { failures: 1 }, retries: 1, retry_delay: 10ms }
                """))
        let summary = try RunSummary.load(fixture.store, run: run)

        #expect(summary.status == .succeeded)
        #expect(summary.steps.map(\.record.step) == ["last", "first"])
        #expect(summary.steps.map(\.record.attempt) == [1, 2])
        #expect(summary.steps.map { $0.outputs.map(\.output) } == [["out"], ["out"]])
        #expect(summary.steps.allSatisfy { $0.cachedFromRun == nil })
    }

    @Test("a cached step names the run whose outputs it reused")
    func cachedFromRun() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(RunEngineTests.chain)
        let first = try await fixture.run(plan)
        let second = try await fixture.run(plan)
        let summary = try RunSummary.load(fixture.store, run: second)
        #expect(summary.steps.allSatisfy { $0.cachedFromRun == first.id })
    }

    @Test("the JSON form has the run's fields and one entry per step")
    func json() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try fixture.plan(RunEngineTests.chain))
        let json = try RunSummary.load(fixture.store, run: run).json

        #expect(json["id"] == .string(run.id))
        #expect(json["pipeline"] == "chain")
        #expect(json["status"] == "succeeded")
        #expect(json["trigger"] == "manual")
        #expect(json["parameters"] == ["greeting": "hello"])
        #expect(json["error"] == .null)
        #expect(json["duration_seconds"]?.doubleValue != nil)
        let steps = try #require(json["steps"]?.arrayValue)
        #expect(steps.compactMap { $0["name"]?.stringValue } == ["write", "shout", "again"])
        #expect(steps.first?["outputs"]?.arrayValue?.first?["name"] == "write.out")
        #expect(steps.first?["outputs"]?.arrayValue?.first?["output"] == "out")
    }

    @Test("timestamps are ISO 8601 in UTC with milliseconds")
    func timestamps() {
        #expect(Timestamp.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.iso(1_700_000_000.25) == "2023-11-14T22:13:20.250Z")
    }
}
