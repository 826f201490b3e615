import ArtifactStore
import Compute
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

@testable import Steps

/// `base_model` names a registered model when nothing is at that path: the version's content is trained
/// on, and its digest, not the alias, is in the cache key, so moving the alias re-runs the step.
struct BaseModelReferenceTests {
    static let tinyModel = TrainingStepTests.tinyModel

    /// Publishes the tiny model as a `merged` model registered as `tiny`; `variant` makes its content differ.
    static func publish(_ fixture: PipelineFixture, variant: Int) async throws -> RunRecord {
        try await fixture.run(
            """
            name: bases
            steps:
              publish:
                uses: command
                register: tiny
                run: >-
                  cp -R '\(tinyModel)/' "$OUTPUT_model" && echo \(variant) > "$OUTPUT_model/variant.txt" &&
                  echo '{"format": "merged"}' > "$METADATA_model"
                outputs: { model: model }
            """)
    }

    static func training(_ fixture: PipelineFixture, base: String) throws -> String {
        try TrainingStepTests.pipeline(fixture, lines: TrainingStepTests.conversations)
            .replacingOccurrences(of: "base_model: \"\(tinyModel)\"", with: "base_model: \"\(base)\"")
    }

    @Test func anAliasIsResolvedAndItsMoveRerunsTheStep() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        #expect(try await Self.publish(fixture, variant: 1).status == .succeeded)
        #expect(try await Self.publish(fixture, variant: 2).status == .succeeded)
        let first = try fixture.store.resolveModel("tiny/1")
        try fixture.store.promote(model: "tiny", version: 1, alias: "current", reason: nil, by: "test")

        let run = try await fixture.run(try Self.training(fixture, base: "tiny@current"))
        let error = try fixture.step("sft", of: run)?.error
        #expect(run.status == .succeeded, "\(error ?? "")")
        let model = try #require(try fixture.artifact("sft", "model", in: run))
        let manifest = try #require(try ModelArtifactManifest(folder: fixture.store.blobs.location(ofSHA256: model.sha256)))
        #expect(manifest.baseModel == "tiny@current")
        #expect(manifest.baseModelSHA256 == first.sha256)
        let version = try fixture.store.resolveModel("sft.model")
        #expect(version.baseModel == "tiny@current" && version.baseSha256 == first.sha256)

        let cached = try await fixture.run(try Self.training(fixture, base: "tiny@current"))
        #expect(try fixture.step("sft", of: cached)?.status == .cached)

        try fixture.store.promote(model: "tiny", version: 2, alias: "current", reason: nil, by: "test")
        let moved = try await fixture.run(try Self.training(fixture, base: "tiny@current"))
        let rerun = try #require(try fixture.step("sft", of: moved))
        #expect(rerun.status == .succeeded)
        let key = try #require(try fixture.store.cacheKeyManifest(rerun.cacheKey!))
        #expect(JSONText.compact(key).contains(try fixture.store.resolveModel("tiny/2").sha256))
        #expect(!JSONText.compact(key).contains(first.sha256))
    }

    @Test func anAdapterOrAnUnknownNameIsRefusedWithWhatToDo() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try Self.training(fixture, base: "ghost"))
        let error = try #require(try fixture.step("sft", of: run)?.error)
        #expect(error.hasPrefix("parameter 'base_model': nothing at "), "\(error)")
        #expect(
            error.hasSuffix("and no registered model matches 'ghost' (`orchestrate models list` shows the registered models)"))

        let trained = try await fixture.run(try TrainingStepTests.pipeline(fixture, lines: TrainingStepTests.conversations))
        #expect(trained.status == .succeeded)
        let onAdapter = try await fixture.run(try Self.training(fixture, base: "sft.model"))
        let refusal = try #require(try fixture.step("sft", of: onAdapter)?.error)
        #expect(
            refusal.hasPrefix("parameter 'base_model': sft.model is sft.model/1, a LoRA adapter; a base is a whole model"),
            "\(refusal)")
    }
}
