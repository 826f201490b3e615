import ArtifactStore
import Foundation
import Testing

/// Every `model` artifact a step publishes becomes a version of a named model, once per content.
@Suite("model registration")
struct ModelRegistrationTests {
    @Test("a model artifact is version 1 of its artifact's name, with its format, pinned base and step run")
    func registersUnderTheArtifactName() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let artifact = try fixture.publishModel(weights: "one")
        let version = try fixture.store.resolveModel("sft.model")
        #expect(version.reference == "sft.model/1")
        #expect(version.artifactId == artifact.id)
        #expect(version.sha256 == artifact.sha256)
        #expect(version.format == "peft-lora")
        #expect(version.baseModel == "models/base.gguf")
        #expect(version.baseSha256 == String(repeating: "b", count: 64))
        #expect(version.stepRunId == artifact.producerStepRunId)
        #expect(version.runId == (try fixture.store.stepRun(id: artifact.producerStepRunId!))?.runId)
    }

    @Test("the same content published twice is one version; new content is the next version")
    func idempotentByContent() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.publishModel(weights: "one")
        try fixture.publishModel(weights: "one")
        try fixture.publishModel(weights: "two")
        try fixture.publishModel(weights: "one")
        try fixture.publishModel(weights: "three")
        let model = try #require(try fixture.store.registeredModel(named: "sft.model"))
        #expect(model.versions.map(\.version) == [1, 2, 3])
        #expect(try fixture.store.resolveModel("sft.model").version == 3)
        #expect(try fixture.store.resolveModel("sft.model/1").sha256 == (try fixture.store.resolveModel("sft.model@1")).sha256)
    }

    @Test("a step's register name wins over the artifact's name, and content from two pipelines is one version")
    func registerName() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let a = try fixture.publishModel(in: try fixture.makeRun(pipeline: "a"), weights: "same", registerAs: "twin")
        let b = try fixture.publishModel(in: try fixture.makeRun(pipeline: "b"), weights: "same", registerAs: "twin")
        #expect(a.id != b.id)
        let twin = try #require(try fixture.store.registeredModel(named: "twin"))
        #expect(twin.versions.count == 1)
        #expect(twin.versions[0].artifactId == a.id)
        #expect(try fixture.store.registeredModel(named: "sft.model") == nil)
        #expect(try fixture.store.modelVersions(sha256: a.sha256).map(\.reference) == ["twin/1"])
    }

    @Test("versions are numbered per model name")
    func numberingIsPerName() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.publishModel(weights: "1", registerAs: "twin")
        try fixture.publishModel(weights: "2", registerAs: "twin")
        try fixture.publishModel(weights: "3", registerAs: "other")
        #expect(try fixture.store.registeredModels().map { "\($0.name):\($0.versions.count)" } == ["other:1", "twin:2"])
        #expect(try fixture.store.resolveModel("other").version == 1)
    }

    @Test("without metadata the format comes from the files; artifacts of other types are not registered")
    func formatAndTypes() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        try fixture.publishModel(weights: "x", metadata: [:])
        #expect(try fixture.store.resolveModel("sft.model").format == "peft-lora")
        try fixture.publishModel(step: "merge", weights: "y", metadata: ["format": "merged"])
        #expect(try fixture.store.resolveModel("merge.model").format == "merged")
        try fixture.produce(step: "notes", in: try fixture.makeRun(), outputs: ["text": "hello"])
        #expect(try fixture.store.registeredModels().map(\.name) == ["merge.model", "sft.model"])
    }

    @Test("a cached reuse registers its model too: under a new register name it becomes that model's version")
    func cachedReuse() throws {
        let fixture = try StoreFixture()
        defer { fixture.remove() }
        let artifact = try fixture.publishModel(weights: "one")
        let run = try fixture.makeRun(pipeline: "training")
        let row = try fixture.store.insert(
            stepRun: StepRunRecord(
                runId: run.id, pipeline: "training", step: "sft", stepType: "test", attempt: 1, status: .cached,
                startedAt: Store.now(), finishedAt: Store.now()))
        try fixture.store.completeCached(stepRun: row, outputs: ["model": artifact], registerAs: "twin")
        #expect(try fixture.store.resolveModel("twin").artifactId == artifact.id)
        #expect(try fixture.store.registeredModel(named: "sft.model")?.versions.count == 1)
    }
}
