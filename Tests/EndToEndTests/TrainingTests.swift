import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Fine-tuning through the binary: `kill -9` while `sft` trains, then `resume`, continues from the last
/// checkpoint and ends with the very adapter an uninterrupted run makes.
@Suite("fine-tuning")
struct TrainingTests {
    static let tinyModel = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model").path

    static func prepare(_ project: borrowing TestProject) throws {
        let lines = (0..<8).map { index in
            #"{"messages": [{"role": "user", "content": "Question \#(index)?"}, {"role": "assistant", "content": "Answer \#(index), as the author would put it."}]}"#
        }
        try project.write("conversations.jsonl", lines.joined(separator: "\n") + "\n")
        try project.write(
            "train.yaml",
            """
            name: train
            steps:
              data:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp conversations.jsonl "$OUTPUT_dataset/chat/train.jsonl"
                outputs: { dataset: dataset }
              sft:
                uses: sft
                inputs: { dataset: data.dataset }
                with: { base_model: "\(tinyModel)", rank: 4, alpha: 8, max_steps: 300, batch_size: 2, learning_rate: 0.002, checkpoint_steps: 25 }
            """)
    }

    /// The model artifact's digest of the run's `sft` step.
    static func model(_ run: [String: Any]) -> String? {
        let outputs = run.step("sft")["outputs"] as? [[String: Any]]
        return outputs?.first?["sha256"] as? String
    }

    @Test("kill -9 during training, then resume: it goes on from the last checkpoint to the uninterrupted run's adapter")
    func killAndResumeTraining() throws {
        let uninterrupted = try TestProject()
        try Self.prepare(uninterrupted)
        let whole = try #require(try uninterrupted.json("run", "train.yaml") as? [String: Any])
        #expect(whole.string("status") == "succeeded")
        let expected = try #require(Self.model(whole), "\(whole)")

        let project = try TestProject()
        try Self.prepare(project)
        let started = try CLI.start(["run", "train.yaml"], in: project.root)
        let checkpoints = project.root.appendingPathComponent("runs/checkpoints")
        func checkpointed() -> Bool {
            let folders = (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.path)) ?? []
            return folders.contains { folder in
                FileManager.default.fileExists(
                    atPath: checkpoints.appendingPathComponent(folder).appendingPathComponent("checkpoint.json").path)
            }
        }
        for _ in 0..<6000 where !checkpointed() && started.process.isRunning { usleep(5_000) }
        kill(started.process.processIdentifier, SIGKILL)
        started.process.waitUntilExit()
        _ = started.finish()
        try #require(checkpointed(), "no checkpoint was written before the run ended")

        let runs = try #require(try project.json("runs", "list") as? [[String: Any]])
        let id = try #require(runs.first?.string("id"))
        #expect(runs.first?.string("status") == "interrupted")
        let resumed = try #require(try project.json("resume", id) as? [String: Any])
        #expect(resumed.string("status") == "succeeded")
        #expect(Self.model(resumed) == expected)
        let log = try project.run("runs", "logs", id, "sft")
        #expect(log.stdout.contains("sft: resumed from the checkpoint after update"))
        let shown = try project.run("runs", "show", id)
        #expect(shown.stdout.contains("training\n  sft: "))
        #expect(shown.stdout.contains("resumed from the checkpoint after update"))
        // Stored work leaves no checkpoint behind.
        #expect(!checkpointed())
    }
}
