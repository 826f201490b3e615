import ArtifactStore
import Compute
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

@testable import Steps

/// The trl backend for real: TRL and PEFT, in the environment the step makes with pip, train the tiny chat
/// model on the CPU, and the adapter they write is the same kind of artifact the native trainer writes.
/// When the packages cannot be installed here (no index reachable), these tests are skipped and say why.
@Suite(.serialized)
struct TRLTrainingTests {
    /// ORCHESTRATE_TEST_TRL_PYTHON if set, else the pinned environment, made on first use as the step would.
    static func python() async throws -> String {
        if let given = ProcessInfo.processInfo.environment["ORCHESTRATE_TEST_TRL_PYTHON"], !given.isEmpty { return given }
        let environment = PythonEnvironment(
            name: "trl", requirements: TRLTrainingRun.requirements, root: PythonEnvironment.defaultRoot())
        if environment.isReady { return environment.python.path }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let log = try StepLog(path: folder.url.appendingPathComponent("pip.log"))
        do {
            return try await environment.prepare(log: log).path
        } catch {
            try Test.cancel("TRL and PEFT could not be installed with pip here, so the trl backend is not exercised: \(error)")
        }
    }

    static func backend(_ python: String) -> String { ", backend: trl, python: \"\(python)\"" }

    @Test func sftWithTRLWritesAPEFTAdapterTheNativeTrainerLoads() async throws {
        let python = try await Self.python()
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try TrainingStepTests.pipeline(fixture, sft: Self.backend(python), lines: TrainingStepTests.conversations)
        let run = try await fixture.run(yaml)
        let step = try #require(try fixture.step("sft", of: run))
        #expect(run.status == .succeeded, "\(step.error ?? "")")
        let artifact = try #require(try fixture.artifact("sft", "model", in: run))
        let folder = fixture.store.blobs.location(ofSHA256: artifact.sha256)
        let adapter = try LoRAAdapter(contentsOf: folder)
        #expect(adapter.configuration.rank == 4)
        #expect(adapter.configuration.alpha == 8)
        #expect(Set(adapter.configuration.targets) == Set(LoRATarget.allCases))
        #expect(adapter.baseModel == TrainingStepTests.tinyModel)
        #expect(try ModelArtifactManifest(folder: folder)?.baseModel == TrainingStepTests.tinyModel)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == [
                "adapter_config.json", "adapter_model.safetensors", "model.json", "training_log.jsonl",
            ])
        let metadata = try #require(artifact.metadataValue.objectValue)
        #expect(metadata["backend"] == "trl")
        #expect(metadata["steps"] == .int(4))
        #expect(metadata["train_examples"] == .int(6))
        let history = try #require(try JSONText.parse(step.metadata)["training"]?["history"]?.arrayValue)
        #expect(history.map { $0["step"]?.intValue } == [1, 2, 3, 4])
        #expect(history.allSatisfy { $0["loss"]?.doubleValue != nil && $0["learning_rate"]?.doubleValue != nil })
        let log = try String(
            contentsOf: fixture.store.logsDirectory.appendingPathComponent(run.id).appendingPathComponent("sft.log"),
            encoding: .utf8)
        #expect(log.contains("sft: {") && log.contains("\"grad_norm\""))

        // The same training again is cached; the native backend is other work with another key.
        let again = try await fixture.run(yaml)
        #expect(try fixture.step("sft", of: again)?.status == .cached)
        let native = try await fixture.run(try TrainingStepTests.pipeline(fixture, lines: TrainingStepTests.conversations))
        #expect(try fixture.step("sft", of: native)?.cacheKey != step.cacheKey)
    }

    @Test func dpoWithTRLTrainsOnFromTheSFTAdapterWithTRLsMetrics() async throws {
        let python = try await Self.python()
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try TrainingStepTests.pipeline(
            fixture, sft: Self.backend(python), lines: TrainingStepTests.conversations,
            preferenceLines: TrainingStepTests.preferences
        ).replacingOccurrences(of: "beta: 0.5 }", with: "beta: 0.5\(Self.backend(python)) }")
        let run = try await fixture.run(yaml)
        let step = try #require(try fixture.step("dpo", of: run))
        #expect(run.status == .succeeded, "\(step.error ?? "")")
        let dpo = try #require(try fixture.artifact("dpo", "model", in: run))
        let sft = try #require(try fixture.artifact("sft", "model", in: run))
        #expect(dpo.sha256 != sft.sha256)
        let trained = try LoRAAdapter(contentsOf: fixture.store.blobs.location(ofSHA256: dpo.sha256))
        #expect(trained.configuration.rank == 4)
        let history = try #require(try JSONText.parse(step.metadata)["training"]?["history"]?.arrayValue)
        for name in ["rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "logps/chosen"] {
            #expect(history.first?[name]?.doubleValue != nil, "\(name)")
        }
        // Before the first update the policy is its reference, the SFT adapter (not the bare base model): no
        // margin yet, and the sigmoid loss is log 2.
        #expect(abs(try #require(history.first?["rewards/margins"]?.doubleValue)) < 1e-5)
        #expect(abs(try #require(history.first?["loss"]?.doubleValue) - log(2.0)) < 1e-4)
    }

    @Test func theScriptResumesFromItsLastCheckpoint() async throws {
        let python = try await Self.python()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = folder.url.appendingPathComponent("train.jsonl")
        try Data((TrainingStepTests.conversations.joined(separator: "\n") + "\n").utf8).write(to: data)
        let script = folder.url.appendingPathComponent("trl_train.py")
        try Data(TRLTrainingRun.script.utf8).write(to: script)
        func train(maxSteps: Int) throws -> [[String: JSONValue]] {
            let configuration: JSONValue = .object([
                "kind": "sft", "base_model": .string(TrainingStepTests.tinyModel), "train_file": .string(data.path),
                "output_dir": .string(folder.url.appendingPathComponent("adapter").path),
                "checkpoint_dir": .string(folder.url.appendingPathComponent("checkpoints").path), "checkpoint_steps": 1,
                "max_steps": .int(maxSteps), "rank": 2, "alpha": 4, "batch_size": 2, "target_modules": ["q_proj"],
            ])
            let file = folder.url.appendingPathComponent("config.json")
            try Data(JSONText.compact(configuration).utf8).write(to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [script.path, file.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let lines = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            return String(decoding: lines, as: UTF8.self).split(separator: "\n").compactMap {
                try? JSONText.parse(String($0)).objectValue
            }
        }
        let first = try train(maxSteps: 2)
        #expect(first.first { $0["event"] == "start" }?["resumed_from_step"] == .null)
        let second = try train(maxSteps: 3)
        #expect(second.first { $0["event"] == "start" }?["resumed_from_step"] == .int(2))
        // The curve up to the checkpoint is reported again, and the token count goes on from where it was.
        let logs = second.filter { $0["event"] == "log" }
        #expect(logs.compactMap { $0["step"]?.intValue } == [1, 2, 3])
        let tokens = logs.compactMap { $0["num_tokens"]?.doubleValue }
        #expect(tokens.count == 3 && tokens == tokens.sorted() && Set(tokens).count == 3)
        #expect(Array(tokens.prefix(2)) == first.filter { $0["event"] == "log" }.compactMap { $0["num_tokens"]?.doubleValue })
        #expect(second.last?["event"] == "done" && second.last?["steps"] == .int(3))
    }
}
