import Foundation
import Testing

/// A pipeline that reads another pipeline's artifact by reference, from the command line.
@Suite("inputs that read another pipeline's artifacts")
struct ArtifactInputsTests {
    static let datasets = """
        name: datasets
        parameters: { text: first }
        steps:
          make:
            uses: command
            run: echo "${params.text}" > "$OUTPUT_out"
            outputs: [out]
        """

    static let training = """
        name: training
        steps:
          train:
            uses: command
            inputs: { data: datasets/make.out }
            run: tr a-z A-Z < "$INPUT_data" > "$OUTPUT_model"
            outputs: [model]
        """

    @Test("validate passes before anything ran; run names the file and line until the other pipeline has published")
    func beforePublishing() throws {
        let project = try TestProject()
        try project.write("pipelines/datasets.yaml", Self.datasets)
        try project.write("pipelines/training.yaml", Self.training)

        let validate = try project.run("validate", "pipelines/datasets.yaml", "pipelines/training.yaml")
        #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")

        let refused = try project.run("run", "pipelines/training.yaml")
        #expect(refused.status == 2)
        #expect(
            refused.stderr
                == "pipelines/training.yaml:5:21: step 'train' reads 'datasets/make.out', but pipeline 'datasets' has published no artifact 'make.out' (run pipeline 'datasets' first)\n"
        )
        let runs = try #require(try project.json("runs", "list", "--pipeline", "training") as? [[String: Any]])
        #expect(runs.isEmpty)
    }

    @Test("the reader pins the version it read, shows it, links it in lineage, and re-runs when a new one is published")
    func readsAndPins() throws {
        let project = try TestProject()
        try project.write("pipelines/datasets.yaml", Self.datasets)
        try project.write("pipelines/training.yaml", Self.training)
        #expect(try project.run("run", "pipelines/datasets.yaml").status == 0)

        let run = try #require(try project.json("run", "pipelines/training.yaml") as? [String: Any])
        #expect(run.string("status") == "succeeded")
        let read = try #require((run["artifact_inputs"] as? [[String: Any]])?.first)
        #expect(read["reference"] as? String == "datasets/make.out@latest")
        #expect(read["pipeline"] as? String == "datasets")
        #expect(read["name"] as? String == "make.out")
        #expect(read["version"] as? Int == 1)
        let runID = try #require(run.string("id"))
        let shown = try project.run("runs", "show", runID)
        #expect(shown.stdout.contains("reads     datasets/make.out@latest → datasets/make.out@1 (published by run "))
        let lineage = try project.run("lineage", "training/train.model")
        #expect(lineage.stdout.contains("data ← datasets/make.out@1"), "\(lineage.stdout)")
        let firstKey = run.step("train")["cache_key"] as? String

        // Unchanged: cached. A new version of the dataset: trained again, on it.
        let cached = try #require(try project.json("run", "pipelines/training.yaml") as? [String: Any])
        #expect(statuses(cached) == ["train": "cached"])
        #expect(try project.run("run", "pipelines/datasets.yaml", "--param", "text=second").status == 0)
        let retrained = try #require(try project.json("run", "pipelines/training.yaml") as? [String: Any])
        #expect(statuses(retrained) == ["train": "succeeded"])
        #expect(retrained.step("train")["cache_key"] as? String != firstKey)
        let model = try #require((retrained.step("train")["outputs"] as? [[String: Any]])?.first?["id"] as? String)
        #expect(try project.run("artifacts", "export", model, "model.txt").status == 0)
        #expect(try project.read("model.txt") == "SECOND\n")

        // Reproducing the first run reads the version it read then.
        let reproduced = try #require(try project.json("reproduce", runID) as? [String: Any])
        #expect(reproduced["all_match"] as? Bool == true)
        let again = try #require((reproduced["artifact_inputs"] as? [[String: Any]])?.first)
        #expect(again["version"] as? Int == 1)
    }
}
