import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// Re-running a recorded run with the cache off and comparing output hashes.
@Suite("RunEngine reproduce")
struct RunEngineReproduceTests {
    @Test("a deterministic pipeline reproduces with every step matching")
    func deterministic() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(try fixture.plan(RunEngineTests.chain))
        let report = try await fixture.engine.reproduce(original.id, catalog: fixture.catalog)

        #expect(report.allMatch)
        #expect(report.steps.map(\.step) == ["write", "shout", "again"])
        #expect(report.steps.allSatisfy { $0.verdict == .match && !$0.reusedRecordedOutputs })
        #expect(report.original.id == original.id)
        #expect(report.reproduction.trigger == "reproduce")
        #expect(report.reproduction.triggerDetail == original.id)
        #expect(report.reproduction.status == .succeeded)
        #expect(try fixture.statuses(of: report.reproduction).values.allSatisfy { $0 == .succeeded })
        #expect(fixture.recorder.counts == ["write": 2, "shout": 2, "again": 2])
        let again = try #require(report.steps.last?.outputs["out"])
        #expect(again.original == again.reproduced)
        #expect(again.original == Hashing.sha256("HELLO!"))
    }

    @Test("a step whose output changes is reported as differing, and so are the steps after it")
    func differs() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(
            try fixture.plan(
                """
                name: counting
                steps:
                  fixed: { uses: write, with: { text: same } }
                  count: { uses: counter }
                  shout: { uses: upper, inputs: { text: count.out } }
                """))
        let report = try await fixture.engine.reproduce(original.id, catalog: fixture.catalog)

        #expect(!report.allMatch)
        let verdicts = Dictionary(uniqueKeysWithValues: report.steps.map { ($0.step, $0.verdict) })
        #expect(verdicts == ["fixed": .match, "count": .differs, "shout": .differs])
        let count = try #require(report.steps.first { $0.step == "count" }?.outputs["out"])
        #expect(count.original == Hashing.sha256("call 1"))
        #expect(count.reproduced == Hashing.sha256("call 2"))
    }

    @Test("reproduce uses the recorded spec and parameters, not the current file")
    func recordedParameters() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(try fixture.plan(RunEngineTests.chain, overrides: [("greeting", "bonjour")]))
        let report = try await fixture.engine.reproduce(original.id, catalog: fixture.catalog)
        #expect(report.allMatch)
        #expect(try fixture.text("again", in: report.reproduction) == "BONJOUR!")
        #expect(report.reproduction.parameters == #"{"greeting":"bonjour"}"#)
    }

    @Test("source steps reuse their recorded outputs unless asked to fetch again")
    func sourceSteps() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(
            try fixture.plan(
                """
                name: sourced
                steps:
                  src: { uses: source, with: { text: news } }
                  shout: { uses: upper, inputs: { text: src.out } }
                """))

        let reused = try await fixture.engine.reproduce(original.id, catalog: fixture.catalog)
        #expect(reused.allMatch)
        #expect(reused.steps.first { $0.step == "src" }?.reusedRecordedOutputs == true)
        #expect(try fixture.statuses(of: reused.reproduction) == ["src": .cached, "shout": .succeeded])
        #expect(fixture.recorder.counts == ["src": 1, "shout": 2])

        let refetched = try await fixture.engine.reproduce(original.id, catalog: fixture.catalog, refetch: true)
        #expect(fixture.recorder.counts == ["src": 2, "shout": 3])
        #expect(refetched.steps.map(\.verdict) == [.differs, .differs])
    }

    @Test("a step skipped by its guard in both runs matches")
    func skippedInBoth() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let original = try await fixture.run(
            try fixture.plan(
                """
                name: skipping
                parameters: { go: false }
                steps:
                  maybe: { uses: write, with: { text: x }, when: params.go }
                """))
        let report = try await fixture.engine.reproduce(original.id, catalog: fixture.catalog)
        #expect(report.steps.map(\.verdict) == [.match])
        #expect(report.steps.first?.outputs.isEmpty == true)
    }

    @Test("reproducing a run that does not exist says so")
    func unknownRun() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        await #expect(throws: StoreError.self) { try await fixture.engine.reproduce("zzzz", catalog: fixture.catalog) }
    }
}
