import Foundation
import OrchestrateTesting
import Testing

/// pipelines/datasets.yaml through the binary: triggered by the feature pipeline's chunks of the handbook,
/// writing both datasets whose every example leads back to the chunks it came from.
extension ExamplePipelines {
    @Suite("datasets pipeline")
    struct DatasetsPipelineTests {
        /// The handbook's articles imported, cleaned and chunked, published as feature's `chunks`.
        static func feature(model: URL) -> String {
            """
            name: feature
            steps:
              import: { uses: import, with: { path: "\(DocumentsTests.handbook.path)" } }
              clean: { uses: clean, inputs: { documents: import.documents } }
              chunk: { uses: chunk, inputs: { documents: clean.documents }, with: { model: "\(model.path)" } }
            """
        }

        /// The project's datasets.yaml with another generator and a sample of `maxExtracts` extracts.
        static func datasets(generator: String, maxExtracts: Int) throws -> String {
            let original = try String(
                contentsOf: CLI.packageRoot.appendingPathComponent("pipelines/datasets.yaml"), encoding: .utf8)
            let native = "generator: { backend: native, model: \"${params.model}\" }"
            #expect(original.contains(native) && original.contains("\n  max_extracts: 0 "))
            return original.replacingOccurrences(of: native, with: generator)
                .replacingOccurrences(of: "\n  max_extracts: 0 ", with: "\n  max_extracts: \(maxExtracts) ")
        }

        func run(_ project: borrowing TestProject, _ arguments: [String], environment: [String: String] = [:]) throws
            -> CLI.Result
        {
            let started = try CLI.start(arguments, in: project.root, environment: environment)
            started.process.waitUntilExit()
            return started.finish()
        }

        @Test("new chunks trigger both datasets; examples trace to chunks through lineage; the API key is nowhere in the store")
        func triggeredByChunks() throws {
            let site = try ExampleSite()
            defer { site.stop() }
            let project = try TestProject()
            let key = "sk-test-key"
            let environment = ["ORCHESTRATE_TEST_API_KEY": key]
            try project.write("pipelines/feature.yaml", Self.feature(model: try TokenizeTests.model()))
            try project.write(
                "pipelines/datasets.yaml",
                try Self.datasets(
                    generator: "generator: { backend: openai, base_url: \"\(site.url("/_/openai/v1").absoluteString)\", "
                        + "model: dataset-keyed, api_key_env: ORCHESTRATE_TEST_API_KEY, concurrency: 4 }", maxExtracts: 12))
            let watch = try run(project, ["scheduler", "--pipelines", "pipelines", "--once"], environment: environment)
            #expect(watch.status == 0, "\(watch.stdout)\(watch.stderr)")
            let feature = try run(project, ["run", "pipelines/feature.yaml"])
            #expect(feature.status == 0, "\(feature.stdout)\(feature.stderr)")
            let fired = try run(
                project, ["scheduler", "--pipelines", "pipelines", "--once"], environment: environment)
            #expect(fired.status == 0, "\(fired.stdout)\(fired.stderr)")
            let runs = try #require(try project.json("runs", "list", "--pipeline", "datasets") as? [[String: Any]])
            #expect(runs.count == 1)
            #expect(runs.first?["trigger"] as? String == "artifact")
            #expect(runs.first?["status"] as? String == "succeeded", "\(runs)")

            let chunksInfo = try #require(try project.json("artifacts", "show", "feature/chunk.chunks@latest") as? [String: Any])
            let chunkIDs = Set(
                try String(contentsOfFile: try #require(chunksInfo["path"] as? String), encoding: .utf8).split(separator: "\n")
                    .compactMap { (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String })
            for name in ["instruct.dataset", "preference.dataset"] {
                let info = try #require(try project.json("artifacts", "show", "datasets/\(name)@latest") as? [String: Any])
                let folder = URL(fileURLWithPath: try #require(info["path"] as? String))
                let metadata = try #require(info["metadata"] as? [String: Any])
                #expect((metadata["count"] as? Int ?? 0) > 0, "\(metadata)")
                #expect(metadata["extracts"] as? Int == 12)
                let examples = try String(contentsOf: folder.appendingPathComponent("examples.jsonl"), encoding: .utf8)
                    .split(separator: "\n").compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                #expect(examples.count == metadata["count"] as? Int)
                for example in examples {
                    let sources = try #require(example["sources"] as? [String])
                    #expect(!sources.isEmpty && sources.allSatisfy(chunkIDs.contains))
                }
                let train = try String(contentsOf: folder.appendingPathComponent("chat/train.jsonl"), encoding: .utf8).split(
                    separator: "\n")
                let test = try String(contentsOf: folder.appendingPathComponent("chat/test.jsonl"), encoding: .utf8).split(
                    separator: "\n")
                #expect(train.count + test.count == examples.count && metadata["test"] as? Int == test.count)
                // The dataset's lineage leads to the chunks artifact that held those ids.
                let lineage = try run(project, ["lineage", "datasets/\(name)@latest"])
                #expect(lineage.stdout.contains("feature/chunk.chunks@1"), "\(lineage.stdout)")
            }
            let grep = try CLI.shell("grep -r -l -a '\(key)' '\(project.root.path)'")
            #expect(grep == 1, "the API key was written under the project folder")
        }

        @Test("with the tiny native model the datasets run by hand on the latest chunks, and a re-run is all cached")
        func nativeByHand() throws {
            let project = try TestProject()
            try project.write("pipelines/feature.yaml", Self.feature(model: try TokenizeTests.model()))
            try project.write(
                "pipelines/datasets.yaml",
                try Self.datasets(generator: "generator: { backend: native, model: \"${params.model}\" }", maxExtracts: 2))
            #expect(try project.run("run", "pipelines/feature.yaml").status == 0)
            let tiny = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model").path
            // A random model writes no usable instruction: the thresholds are lifted to let the steps succeed.
            let arguments = [
                "run", "pipelines/datasets.yaml", "--param", "model=\(tiny)", "--param", "max_failure_ratio=1", "--param",
                "min_examples=0",
            ]
            let first = try CLI.run(arguments, in: project.root)
            #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
            #expect(first.stdout.contains("(2 ran, 0 cached)"), "\(first.stdout)")
            let again = try CLI.run(arguments, in: project.root)
            #expect(again.stdout.contains("(0 ran, 2 cached)"), "\(again.stdout)")
        }

        @Test(
            "pipelines/datasets.yaml with the default SmolLM2 writes at least one instruction example per extract of the handbook"
        )
        func defaultModel() throws {
            let model = try GenerateTests.defaultModel()
            let project = try TestProject()
            try project.write("pipelines/feature.yaml", Self.feature(model: try TokenizeTests.model()))
            try project.write(
                "pipelines/datasets.yaml",
                try String(contentsOf: CLI.packageRoot.appendingPathComponent("pipelines/datasets.yaml"), encoding: .utf8))
            #expect(try project.run("run", "pipelines/feature.yaml").status == 0)
            let run = try CLI.run(
                ["run", "pipelines/datasets.yaml", "--param", "model=\(model.path)", "--param", "max_extracts=2"],
                in: project.root)
            #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            let preference = try #require(
                try project.json("artifacts", "show", "datasets/preference.dataset@latest") as? [String: Any])
            let metadata = try #require(preference["metadata"] as? [String: Any])
            #expect((metadata["count"] as? Int ?? 0) > 0, "\(metadata)")
            #expect((metadata["completion_tokens"] as? Int ?? 0) > 0)
            let instruct = try #require(
                try project.json("artifacts", "show", "datasets/instruct.dataset@latest") as? [String: Any])
            let instructMetadata = try #require(instruct["metadata"] as? [String: Any])
            #expect(instructMetadata["extracts"] as? Int == 2)
            #expect(instructMetadata["extracts_without_examples"] as? Int == 0, "\(instructMetadata)")
            #expect((instructMetadata["count"] as? Int ?? 0) >= 2, "\(instructMetadata)")
            // Every answer is the author's own text, found in the extract it was cut from (spacing aside: lines
            // are joined, and sentences a page glued together are parted).
            let folder = URL(fileURLWithPath: try #require(instruct["path"] as? String))
            func records(_ file: String) throws -> [[String: Any]] {
                try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8).split(separator: "\n")
                    .compactMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            }
            func words(_ text: Any?) -> String { (text as? String ?? "").filter { !$0.isWhitespace } }
            let extracts = Dictionary(
                uniqueKeysWithValues: try records("extracts.jsonl").map { (words($0["id"]), words($0["text"])) })
            for example in try records("examples.jsonl") {
                let answer = words(example["answer"])
                #expect(!answer.isEmpty && extracts[words(example["extract"])]?.contains(answer) == true, "\(answer)")
            }
        }
    }
}
