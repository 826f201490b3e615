import ArtifactStore
import Foundation
import Testing

/// `Store.complete(stepRun:outputs:)`: outputs become versioned artifacts linked to their step run.
@Suite("Store publishing")
struct StorePublishingTests {
    @Test("an output is published as pipeline-scoped artifact STEP.OUTPUT, version 1")
    func publishesArtifacts() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let run = try fixture.makeRun(pipeline: "etl")
        let (stepRun, artifacts) = try fixture.produce(step: "chunk", in: run, outputs: ["chunks": "a b c", "stats": "3"])

        let chunks = try #require(artifacts["chunks"])
        #expect(chunks.qualifiedName == "etl/chunk.chunks@1")
        #expect(chunks.sha256 == Hashing.sha256("a b c"))
        #expect(chunks.size == 5)
        #expect(chunks.kind == .file)
        #expect(chunks.type == "text")
        #expect(chunks.producerStepRunId == stepRun.id)
        #expect(chunks.metadata == #"{"length":5}"#)
        #expect(chunks.metadataValue == ["length": 5])
        #expect(try fixture.store.outputs(ofStepRun: stepRun.id!).mapValues(\.id) == artifacts.mapValues(\.id))
        #expect(try fixture.store.stepRun(id: stepRun.id!)?.status == .succeeded)
        #expect(try fixture.store.artifact(id: chunks.id) == chunks)
    }

    @Test("the same content under the same name keeps its version and artifact")
    func sameContentSameVersion() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let first = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "same"]).artifacts["out"]!
        let second = try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": "same"]).artifacts["out"]!
        #expect(second.id == first.id)
        #expect(second.version == 1)
        #expect(try fixture.store.allArtifacts().count == 1)
    }

    @Test("new content gets the next version, and content seen before gets its old version back")
    func versions() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        func publish(_ text: String) throws -> ArtifactRecord {
            try fixture.produce(step: "gen", in: try fixture.makeRun(), outputs: ["out": text]).artifacts["out"]!
        }
        let one = try publish("one")
        let two = try publish("two")
        let back = try publish("one")
        let three = try publish("three")
        #expect([one.version, two.version, back.version, three.version] == [1, 2, 1, 3] as [Int])
        #expect(back.id == one.id)
        #expect(back.producerStepRunId == one.producerStepRunId)
    }

    @Test("versions are counted per pipeline and per name")
    func versionsAreScoped() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let a = try fixture.produce(step: "gen", in: try fixture.makeRun(pipeline: "a"), outputs: ["out": "x"]).artifacts["out"]!
        let b = try fixture.produce(step: "gen", in: try fixture.makeRun(pipeline: "b"), outputs: ["out": "x"]).artifacts["out"]!
        let other = try fixture.produce(step: "other", in: try fixture.makeRun(pipeline: "a"), outputs: ["out": "x"]).artifacts[
            "out"]!
        #expect([a.version, b.version, other.version] == [1, 1, 1] as [Int])
        #expect(Set([a.id, b.id, other.id]).count == 3)
    }

    @Test("recorded inputs are read back by input name")
    func inputs() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let run = try fixture.makeRun()
        let source = try fixture.produce(step: "load", in: run, outputs: ["documents": "doc"]).artifacts["documents"]!
        let (reader, _) = try fixture.produce(step: "clean", in: run, inputs: ["raw": source], outputs: ["documents": "DOC"])
        #expect(try fixture.store.inputs(ofStepRun: reader.id!).mapValues(\.id) == ["raw": source.id])
    }

    @Test("the latest attempt of each step is the one with the highest attempt number")
    func latestAttempts() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let run = try fixture.makeRun()
        let rows = try fixture.store.insert(
            stepRuns: [1, 2, 3].map { attempt in
                StepRunRecord(
                    runId: run.id, pipeline: run.pipeline, step: "flaky", stepType: "test", attempt: attempt,
                    status: attempt == 3 ? .succeeded : .failed)
            } + [
                StepRunRecord(
                    runId: run.id, pipeline: run.pipeline, step: "other", stepType: "test", attempt: 1, status: .pending)
            ])
        #expect(rows.allSatisfy { $0.id != nil })
        #expect(try fixture.store.stepRuns(runID: run.id).map(\.attempt) == [1, 2, 3, 1])
        let latest = try fixture.store.latestStepRuns(runID: run.id)
        #expect(latest["flaky"]?.attempt == 3)
        #expect(latest["flaky"]?.status == .succeeded)
        #expect(latest["other"]?.status == .pending)
    }
}
