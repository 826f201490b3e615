import ArtifactStore
import Foundation
import Testing

/// "Latest" is the content a run published last, even when that content had been published before.
@Suite("Store latest artifact")
struct StoreLatestArtifactTests {
    /// Publishes `text` as `gen.out` of pipeline `demo` in a new run.
    @discardableResult
    private func publish(_ text: String, _ fixture: StoreFixture, step: String = "gen", type: String = "text") throws
        -> ArtifactRecord
    {
        try fixture.produce(step: step, in: try fixture.makeRun(), outputs: ["out": text], type: type).artifacts["out"]!
    }

    @Test("content that goes A, B, then A again makes A the latest, by every form of reference")
    func returningContentIsLatest() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let a = try publish("A", fixture)
        let b = try publish("B", fixture)
        #expect(try fixture.store.resolveArtifact("gen.out@latest").id == b.id)
        let again = try publish("A", fixture)

        #expect(again.id == a.id)
        #expect(again.version == 1)
        #expect(again.publishedAt > b.publishedAt)
        for reference in ["gen.out@latest", "gen.out", "out", "demo/gen.out@latest", "demo/out"] {
            #expect(try fixture.store.resolveArtifact(reference).id == a.id, "\(reference)")
        }
        #expect(try fixture.store.resolveArtifact("gen.out@2").id == b.id)
        #expect(try fixture.store.latestArtifact(pipeline: "demo", name: "gen.out")?.id == a.id)
        #expect(try fixture.store.latestArtifact(pipeline: "demo", name: "out")?.id == a.id)
        #expect(try fixture.store.artifact(id: a.id)?.publishedAt == again.publishedAt)
    }

    @Test("a cached step run publishes the outputs it reuses again")
    func cachedReuseIsLatest() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let a = try publish("A", fixture)
        let b = try publish("B", fixture)
        let run = try fixture.makeRun()
        var row = try fixture.store.insert(
            stepRun: StepRunRecord(
                runId: run.id, pipeline: "demo", step: "gen", stepType: "test", attempt: 1, status: .pending))
        row.status = .cached
        row.finishedAt = Store.now()

        let reused = try fixture.store.completeCached(stepRun: row, outputs: ["out": a])

        #expect(reused["out"]!.publishedAt > b.publishedAt)
        #expect(try fixture.store.resolveArtifact("gen.out@latest").id == a.id)
        #expect(try fixture.store.latestArtifact(pipeline: "demo", name: "out")?.id == a.id)
    }

    @Test("the latest artifact of a type is the one published last, whatever its name or version")
    func latestOfType() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        #expect(try fixture.store.latestArtifact(type: "vector-index") == nil)
        let first = try publish("first index", fixture, step: "index", type: "vector-index")
        let second = try publish("second index", fixture, step: "index", type: "vector-index")
        try publish("other", fixture, step: "notes", type: "text")
        #expect(try fixture.store.latestArtifact(type: "vector-index")?.id == second.id)

        try publish("first index", fixture, step: "index", type: "vector-index")

        #expect(try fixture.store.latestArtifact(type: "vector-index")?.id == first.id)
    }

    @Test("publication times only move forward per name, even if the clock does not")
    func publicationTimesIncrease() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        var times: [Double] = []
        for text in ["A", "B", "A", "B", "A"] { times.append(try publish(text, fixture).publishedAt) }
        #expect(times == times.sorted())
        #expect(Set(times).count == times.count)
    }
}
