import ArtifactStore
import Compute
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

@testable import Steps

/// `sft` and `dpo` in a pipeline on the tiny chat model: a dataset folder written by a command step, an
/// adapter out, metrics in the step run, bad input named by file, line and field before training.
struct TrainingStepTests {
    static let tinyModel = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model").path

    static let conversations = (0..<6).map { index in
        #"{"messages": [{"role": "user", "content": "Question \#(index)?"}, {"role": "assistant", "content": "Answer number \#(index), in the author's voice."}]}"#
    }

    static let preferences = (0..<4).map { index in
        #"{"prompt": [{"role": "user", "content": "Question \#(index)?"}], "chosen": [{"role": "assistant", "content": "A careful answer \#(index)."}], "rejected": [{"role": "assistant", "content": "no"}]}"#
    }

    /// A pipeline whose `data` step copies `lines` (written to the project folder) to `chat/train.jsonl`,
    /// then `sft` (and `dpo`, on `preferenceLines`) trains on it.
    static func pipeline(
        _ fixture: PipelineFixture, sft: String = "", lines: [String], preferenceLines: [String]? = nil
    ) throws -> String {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: fixture.project.appendingPathComponent("sft.jsonl"))
        var yaml = """
            name: training
            steps:
              data:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp sft.jsonl "$OUTPUT_dataset/chat/train.jsonl"
                outputs: { dataset: dataset }
              sft:
                uses: sft
                inputs: { dataset: data.dataset }
                with: { base_model: "\(tinyModel)", rank: 4, alpha: 8, max_steps: 4, batch_size: 2, learning_rate: 0.01, checkpoint_steps: 2\(sft) }

            """
        if let preferenceLines {
            try Data((preferenceLines.joined(separator: "\n") + "\n").utf8).write(
                to: fixture.project.appendingPathComponent("dpo.jsonl"))
            yaml += """
                  pairs:
                    uses: command
                    run: mkdir -p "$OUTPUT_dataset/chat" && cp dpo.jsonl "$OUTPUT_dataset/chat/train.jsonl"
                    outputs: { dataset: dataset }
                  dpo:
                    uses: dpo
                    inputs: { dataset: pairs.dataset, model: sft.model }
                    with: { base_model: "\(tinyModel)", max_steps: 2, batch_size: 2, learning_rate: 0.01, beta: 0.5 }

                """
        }
        return yaml
    }

    @Test func sftWritesAPEFTAdapterAndRecordsItsTrainingCurve() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try Self.pipeline(fixture, lines: Self.conversations))
        #expect(run.status == .succeeded)
        let artifact = try #require(try fixture.artifact("sft", "model", in: run))
        #expect(artifact.type == "model")
        let folder = fixture.store.blobs.location(ofSHA256: artifact.sha256)
        let adapter = try LoRAAdapter(contentsOf: folder)
        #expect(adapter.configuration.rank == 4)
        #expect(adapter.layers.count == 2)
        #expect(try ModelArtifactManifest(folder: folder)?.baseModel == Self.tinyModel)
        let metadata = try #require(artifact.metadataValue.objectValue)
        #expect(metadata["steps"] == .int(4))
        #expect(metadata["train_examples"] == .int(6))
        let step = try #require(try fixture.step("sft", of: run))
        let recorded = try JSONText.parse(step.metadata)
        let history = try #require(recorded["training"]?["history"]?.arrayValue)
        #expect(history.count == 4)
        #expect(history.first?["grad_norm"]?.doubleValue != nil)
        #expect(history.first?["learning_rate"]?.doubleValue != nil)
        // The work is stored, so its checkpoints are gone.
        let checkpoints = (try? FileManager.default.contentsOfDirectory(atPath: fixture.store.checkpointsDirectory.path)) ?? []
        #expect(checkpoints.isEmpty)

        let again = try await fixture.run(try Self.pipeline(fixture, lines: Self.conversations))
        #expect(try fixture.step("sft", of: again)?.status == .cached)
        let changed = try await fixture.run(try Self.pipeline(fixture, sft: ", seed: 7", lines: Self.conversations))
        #expect(try fixture.step("sft", of: changed)?.status == .succeeded)
    }

    @Test func dpoTrainsOnFromTheSFTAdapter() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try Self.pipeline(fixture, lines: Self.conversations, preferenceLines: Self.preferences))
        #expect(run.status == .succeeded)
        let artifact = try #require(try fixture.artifact("dpo", "model", in: run))
        let sft = try #require(try fixture.artifact("sft", "model", in: run))
        #expect(artifact.sha256 != sft.sha256)
        let step = try #require(try fixture.step("dpo", of: run))
        let history = try #require(try JSONText.parse(step.metadata)["training"]?["history"]?.arrayValue)
        for name in [
            "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "logps/chosen", "logps/rejected",
        ] {
            #expect(history.first?[name]?.doubleValue != nil, "\(name)")
        }
    }

    @Test func aDatasetWithoutMessagesIsNamedByFileLineAndField() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(
            try Self.pipeline(fixture, lines: [Self.conversations[0], #"{"instruction": "x", "output": "y"}"#]))
        #expect(run.status == .failed)
        let error = try #require(try fixture.step("sft", of: run)?.error)
        #expect(error.contains("chat/train.jsonl:2: field 'messages'"))
    }

    @Test func anUnknownTargetModuleIsRefusedBeforeAnythingRuns() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        #expect(throws: (any Error).self) {
            try fixture.plan(try Self.pipeline(fixture, sft: ", target_modules: [q_proj, qkv_proj]", lines: Self.conversations))
        }
    }

    @Test func aMissingBaseModelSaysWhereItLooked() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try Self.pipeline(fixture, lines: Self.conversations).replacingOccurrences(
            of: Self.tinyModel, with: "/nowhere/model.gguf")
        let run = try await fixture.run(yaml)
        #expect(run.status == .failed)
        let error = try #require(try fixture.step("sft", of: run)?.error)
        #expect(error.contains("base_model") && error.contains("/nowhere/model.gguf"))
    }
}
