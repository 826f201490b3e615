import Foundation
import Testing

/// `pipelines/training.yaml` as shipped (sft → dpo → evaluate → deploy) on the tiny model and small
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

    func train(_ project: borrowing TestProject, seed: Int, gate: String, servers: [String] = []) throws -> [String: String] {
        let result = try CLI.run(
            [
                "run", "pipelines/training.yaml", "--json", "--param", "base_model=\(TrainingTests.tinyModel)", "--param",
                "max_steps=2", "--param", "eval_answers=false", "--param", "seed=\(seed)", "--param", "gate=\(gate)",
                "--param", "servers=[\(servers.map { "\"\($0)\"" }.joined(separator: ","))]",
            ], in: project.root)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        return statuses(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)))
    }

    @Test("a passed gate deploys the DPO adapter as twin@production; a failed one skips deploy")
    func gatePassAndFail() throws {
        let project = try Self.project()
        let passed = try train(project, seed: 42, gate: "perplexity < 1000000")
        #expect(passed == ["sft": "succeeded", "dpo": "succeeded", "evaluate": "succeeded", "deploy": "succeeded"])
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
        #expect(failed["evaluate"] == "succeeded" && failed["deploy"] == "skipped")
        #expect(try project.run("models", "show", "twin@production").stdout.hasPrefix("version   twin/1\n"))
        let refused = try project.run("models", "promote", "twin", "2", "--alias", "production")
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("its latest evaluation, training/evaluate.report@2, failed its gate `perplexity < 1`"))
        // The SFT model was the evaluation's baseline, not what it evaluated: it has no evaluation of its own.
        let sft = try #require(try project.json("models", "show", "sft.model/1") as? [String: Any])
        #expect((sft["evaluations"] as? [Any])?.isEmpty == true)
    }

    @Test("a server following twin@production answers from each newly deployed version: the whole chain, offline")
    func deployedVersionsReachARunningServer() async throws {
        let project = try Self.project()
        #expect(try train(project, seed: 42, gate: "perplexity < 1000000")["deploy"] == "succeeded")
        let server = try ServedProcess(
            ["serve", "--port", "0", "--model", "twin@production", "--follow-interval", "0"], in: project.root)
        defer { server.stop() }
        let port = try server.port()
        let base = "http://127.0.0.1:\(port)"
        try await ServedProcess.waitForHealth(base)
        #expect(try await ServedProcess.revision(base) == "twin/1")

        let second = try train(project, seed: 7, gate: "perplexity < 1000000", servers: [base])
        #expect(second["deploy"] == "succeeded")
        #expect(try await ServedProcess.revision(base) == "twin/2", "the deploy step switched the running server")
        let answer = try await ServedProcess.complete(base, model: "twin")
        #expect(answer.revision == "twin/2")
        #expect(answer.status == 200)
        let runs = try #require(try project.json("runs", "list") as? [[String: Any]])
        let newest = try #require(runs.first?["id"] as? String)
        let deployed = try #require(try project.json("runs", "show", newest) as? [String: Any])
        #expect("\(deployed)".contains("twin/2"), "the deployment's metadata names the version")
    }
}
