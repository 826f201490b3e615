import ArtifactStore
import Foundation
import Orchestrator
import Testing

/// When a step re-runs and when it reuses an earlier result.
@Suite("RunEngine caching")
struct RunEngineCacheTests {
    static let pipeline = """
        name: cached
        parameters: { greeting: hello, suffix: "!", other: side }
        steps:
          write: { uses: write, with: { text: "${params.greeting}" } }
          shout: { uses: upper, inputs: { text: write.out }, with: { suffix: "${params.suffix}" } }
          again: { uses: upper, inputs: { text: shout.out } }
          side: { uses: write, with: { text: "${params.other}" } }
        """

    @Test("running the same plan again records every step as cached and runs nothing")
    func rerunIsCached() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(Self.pipeline)
        let first = try await fixture.run(plan)
        let second = try await fixture.run(plan)

        #expect(second.status == .succeeded)
        #expect(try fixture.statuses(of: second).values.allSatisfy { $0 == .cached })
        #expect(fixture.recorder.counts == ["write": 1, "shout": 1, "again": 1, "side": 1])
        let before = try fixture.steps(of: first), after = try fixture.steps(of: second)
        for step in ["write", "shout", "again", "side"] {
            #expect(after[step]?.cachedFrom == before[step]?.id)
            #expect(after[step]?.cacheKey == before[step]?.cacheKey)
            #expect(try fixture.artifact(step, in: second)?.id == fixture.artifact(step, in: first)?.id)
        }
        #expect(try fixture.store.inputs(ofStepRun: after["shout"]!.id!)["text"]?.id == fixture.artifact("write", in: first)?.id)
    }

    @Test("changing one parameter re-runs only the step that uses it and the steps after it")
    func parameterChange() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try await fixture.run(try fixture.plan(Self.pipeline))
        let second = try await fixture.run(try fixture.plan(Self.pipeline, overrides: [("suffix", "?")]))

        #expect(
            try fixture.statuses(of: second) == ["write": .cached, "shout": .succeeded, "again": .succeeded, "side": .cached])
        #expect(fixture.recorder.counts == ["write": 1, "shout": 2, "again": 2, "side": 1])
        #expect(try fixture.text("again", in: second) == "HELLO?")
        #expect(try fixture.artifact("again", in: second)?.version == 2)
    }

    @Test("going back to the earlier parameter value reuses the earlier results")
    func revertIsCached() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let first = try await fixture.run(try fixture.plan(Self.pipeline))
        try await fixture.run(try fixture.plan(Self.pipeline, overrides: [("suffix", "?")]))
        let third = try await fixture.run(try fixture.plan(Self.pipeline))

        #expect(try fixture.statuses(of: third).values.allSatisfy { $0 == .cached })
        #expect(try fixture.artifact("again", in: third)?.id == fixture.artifact("again", in: first)?.id)
    }

    @Test("with the cache off every step runs again, and unchanged outputs keep their versions")
    func cacheOff() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(Self.pipeline)
        let first = try await fixture.run(plan)
        let second = try await fixture.run(plan, options: RunOptions(useCache: false, maxParallel: 2))

        #expect(try fixture.statuses(of: second).values.allSatisfy { $0 == .succeeded })
        #expect(fixture.recorder.counts == ["write": 2, "shout": 2, "again": 2, "side": 2])
        #expect(try fixture.artifact("again", in: second)?.id == fixture.artifact("again", in: first)?.id)
        #expect(try fixture.artifact("again", in: second)?.version == 1)
    }

    @Test("'cache: false' re-runs that step only; its unchanged output keeps the dependents cached")
    func stepCacheOff() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let yaml = Self.pipeline.replacingOccurrences(
            of: "with: { suffix: \"${params.suffix}\" } }", with: "with: { suffix: \"${params.suffix}\" }, cache: false }")
        let plan = try fixture.plan(yaml)
        #expect(plan.step("shout")?.spec.cache == false)
        try await fixture.run(plan)
        let second = try await fixture.run(plan)

        #expect(try fixture.statuses(of: second) == ["write": .cached, "shout": .succeeded, "again": .cached, "side": .cached])
        #expect(fixture.recorder.counts == ["write": 1, "shout": 2, "again": 1, "side": 1])
    }

    @Test("a cached result is not reused when its blob has been removed")
    func missingBlobReruns() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        let plan = try fixture.plan(Self.pipeline)
        let first = try await fixture.run(plan)
        try fixture.store.blobs.remove(sha256: try #require(try fixture.artifact("side", in: first)).sha256)
        let second = try await fixture.run(plan)

        #expect(try fixture.statuses(of: second)["side"] == .succeeded)
        #expect(fixture.store.blobs.contains(sha256: try #require(try fixture.artifact("side", in: second)).sha256))
        #expect(fixture.recorder.count("side") == 2)
        #expect(fixture.recorder.count("write") == 1)
    }

    @Test("the same step in another pipeline does not share the cache")
    func cacheIsPerPipeline() async throws {
        let fixture = try EngineFixture()
        defer { fixture.remove() }
        try await fixture.run(try fixture.plan(Self.pipeline))
        let other = try await fixture.run(
            try fixture.plan(Self.pipeline.replacingOccurrences(of: "name: cached", with: "name: other")))
        #expect(try fixture.statuses(of: other).values.allSatisfy { $0 == .succeeded })
    }
}
