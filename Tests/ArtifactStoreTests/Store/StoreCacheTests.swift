import ArtifactStore
import Foundation
import Testing

/// `Store.cacheHit`: which earlier step run may lend its outputs to a step with the same key.
@Suite("Store cache hits")
struct StoreCacheTests {
    @Test("a succeeded step run of the same pipeline, step and key is a hit, with its outputs")
    func hit() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (stepRun, artifacts) = try fixture.produce(
            step: "gen", in: try fixture.makeRun(pipeline: "etl"), outputs: ["out": "x"], cacheKey: "key-1")
        let hit = try #require(try fixture.store.cacheHit(pipeline: "etl", step: "gen", cacheKey: "key-1"))
        #expect(hit.0.id == stepRun.id)
        #expect(hit.1.mapValues(\.id) == artifacts.mapValues(\.id))
    }

    @Test("another key, step or pipeline is a miss")
    func misses() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.produce(step: "gen", in: try fixture.makeRun(pipeline: "etl"), outputs: ["out": "x"], cacheKey: "key-1")
        #expect(try fixture.store.cacheHit(pipeline: "etl", step: "gen", cacheKey: "key-2") == nil)
        #expect(try fixture.store.cacheHit(pipeline: "etl", step: "other", cacheKey: "key-1") == nil)
        #expect(try fixture.store.cacheHit(pipeline: "other", step: "gen", cacheKey: "key-1") == nil)
    }

    @Test("only succeeded step runs are hits", arguments: [StepStatus.failed, .cached, .running, .cancelled, .skipped])
    func onlySucceeded(status: StepStatus) throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "x"], status: status, cacheKey: "key")
        #expect(try fixture.store.cacheHit(pipeline: "demo", step: "gen", cacheKey: "key") == nil)
    }

    @Test("a step run whose output blob is gone is not a hit; an older one with its blobs is")
    func missingBlobs() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (older, _) = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "kept"], cacheKey: "key")
        let (_, newer) = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "lost"], cacheKey: "key")
        try fixture.store.blobs.remove(sha256: newer["out"]!.sha256)
        let hit = try #require(try fixture.store.cacheHit(pipeline: "demo", step: "gen", cacheKey: "key"))
        #expect(hit.0.id == older.id)

        try fixture.store.blobs.remove(sha256: Hashing.sha256("kept"))
        #expect(try fixture.store.cacheHit(pipeline: "demo", step: "gen", cacheKey: "key") == nil)
    }

    @Test("a miss says why the latest step run with the same key could not be reused")
    func missReasons() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let nothing = try fixture.store.cacheLookup(pipeline: "demo", step: "gen", cacheKey: "key")
        let (stepRun, artifacts) = try fixture.produce(
            step: "gen", in: try fixture.makeRun(), outputs: ["out": "x"], cacheKey: "key")

        let expired = try fixture.store.cacheLookup(
            pipeline: "demo", step: "gen", cacheKey: "key", finishedSince: Store.now() + 1)
        try fixture.store.blobs.remove(sha256: artifacts["out"]!.sha256)
        let missing = try fixture.store.cacheLookup(pipeline: "demo", step: "gen", cacheKey: "key")

        guard case .miss(let none) = nothing, case .miss(let stale) = expired, case .miss(let gone) = missing else {
            Issue.record("expected three misses")
            return
        }
        #expect(none == nil)
        #expect(stale == CacheMiss(reason: .expired, stepRun: stepRun.id!))
        #expect(gone == CacheMiss(reason: .outputsMissing, stepRun: stepRun.id!, missing: "demo/gen.out@1"))
        #expect(CacheMiss(json: gone!.json) == gone)
    }

    @Test("the most recent of several hits is chosen")
    func mostRecent() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "first"], cacheKey: "key")
        let (newest, _) = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "second"], cacheKey: "key")
        #expect(try fixture.store.cacheHit(pipeline: "demo", step: "gen", cacheKey: "key")?.0.id == newest.id)
    }

    @Test("a cached step run links the reused outputs without publishing anything new")
    func completeCached() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let (original, artifacts) = try fixture.produce(
            step: "gen", in: try fixture.makeRun(), outputs: ["out": "x"], cacheKey: "key")
        let run = try fixture.makeRun()
        var row = try fixture.store.insert(
            stepRun: StepRunRecord(
                runId: run.id, pipeline: "demo", step: "gen", stepType: "test", attempt: 1, status: .pending))
        row.status = .cached
        row.cachedFrom = original.id
        try fixture.store.completeCached(stepRun: row, outputs: artifacts)

        #expect(try fixture.store.outputs(ofStepRun: row.id!).mapValues(\.id) == artifacts.mapValues(\.id))
        #expect(try fixture.store.stepRun(id: row.id!)?.cachedFrom == original.id)
        #expect(try fixture.store.allArtifacts().count == 1)
    }
}
