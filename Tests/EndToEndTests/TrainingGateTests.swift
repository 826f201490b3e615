import Foundation
import Testing

/// `pipelines/training.yaml` as shipped (sft → dpo → evaluate → promote) on the tiny model and small
/// datasets: a passed gate makes the DPO adapter twin@production, a failed one leaves production where it was.
@Suite("training gate")
struct TrainingGateTests {
    static func project() throws -> TestProject {
        let project = try TestProject()
        try FileManager.default.createDirectory(
            at: project.root.appendingPathComponent("pipelines"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: CLI.packageRoot.appendingPathComponent("pipelines/training.yaml"),
            to: project.root.appendingPathComponent("pipelines/training.yaml"))
        let conversations = (0..<8).map { index in
            #"{"messages": [{"role": "user", "content": "Question \#(index)?"}, {"role": "assistant", "content": "Answer \#(index), as the author would put it."}]}"#
        }
        let pairs = (0..<4).map { index in
            #"{"prompt": [{"role": "user", "content": "Question \#(index)?"}], "chosen": [{"role": "assistant", "content": "A careful answer \#(index)."}], "rejected": [{"role": "assistant", "content": "no"}]}"#
        }
        try project.write("train.jsonl", conversations.prefix(6).joined(separator: "\n") + "\n")
        try project.write("test.jsonl", conversations.suffix(2).joined(separator: "\n") + "\n")
        try project.write("pairs.jsonl", pairs.joined(separator: "\n") + "\n")
        // What the datasets pipeline publishes, made by hand.
        try project.write(
            "pipelines/datasets.yaml",
            """
            name: datasets
            steps:
              instruct:
                uses: command
                run: >-
                  mkdir -p "$OUTPUT_dataset/chat" && cp train.jsonl "$OUTPUT_dataset/chat/train.jsonl" &&
                  cp test.jsonl "$OUTPUT_dataset/chat/test.jsonl"
                outputs: { dataset: dataset }
              preference:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp pairs.jsonl "$OUTPUT_dataset/chat/train.jsonl"
                outputs: { dataset: dataset }
            """)
        #expect(try project.run("run", "pipelines/datasets.yaml").status == 0)
        return project
    }

    func train(_ project: borrowing TestProject, seed: Int, gate: String) throws -> [String: String] {
        let result = try CLI.run(
            [
                "run", "pipelines/training.yaml", "--json", "--param", "base_model=\(TrainingTests.tinyModel)", "--param",
                "max_steps=2", "--param", "eval_answers=false", "--param", "seed=\(seed)", "--param", "gate=\(gate)",
            ], in: project.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return statuses(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)))
    }

    @Test("a passed gate promotes the DPO adapter to twin@production; a failed one skips promote")
    func gatePassAndFail() throws {
        let project = try Self.project()
        let passed = try train(project, seed: 42, gate: "perplexity < 1000000")
        #expect(passed == ["sft": "succeeded", "dpo": "succeeded", "evaluate": "succeeded", "promote": "succeeded"])
        let first = try #require(try project.json("models", "show", "twin@production") as? [String: Any])
        #expect(first["reference"] as? String == "twin/1")
        let evaluation = try #require((first["evaluations"] as? [[String: Any]])?.first)
        #expect((evaluation["gate"] as? [String: Any])?["passed"] as? Bool == true)
        #expect((evaluation["metrics"] as? [String: Any])?["perplexity"] is Double)
        #expect(
            (first["data"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.sorted() == [
                "instruct.dataset", "preference.dataset",
            ])

        let failed = try train(project, seed: 7, gate: "perplexity < 1")
        #expect(failed["evaluate"] == "succeeded" && failed["promote"] == "skipped")
        #expect(try project.run("models", "show", "twin@production").stdout.hasPrefix("version   twin/1\n"))
        let refused = try project.run("models", "promote", "twin", "2", "--alias", "production")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("its latest evaluation, training/evaluate.report@2, failed its gate `perplexity < 1`"))
        // The SFT model was the evaluation's baseline, not what it evaluated: it has no evaluation of its own.
        let sft = try #require(try project.json("models", "show", "sft.model/1") as? [String: Any])
        #expect((sft["evaluations"] as? [Any])?.isEmpty == true)
    }
}
