import Foundation
import Testing

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// `runs compare` and `runs plot` on two short fine-tuning runs of the tiny model that differ in their
/// learning rate.
@Suite("experiment tracking")
struct ExperimentTrackingTests {
    static func project() throws -> TestProject {
        let project = try TestProject()
        let lines = (0..<6).map { index in
            #"{"messages": [{"role": "user", "content": "Question \#(index)?"}, {"role": "assistant", "content": "Answer \#(index), as the author would put it."}]}"#
        }
        try project.write("conversations.jsonl", lines.joined(separator: "\n") + "\n")
        try project.write(
            "train.yaml",
            """
            name: train
            parameters:
              lr: 0.01
            steps:
              data:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp conversations.jsonl "$OUTPUT_dataset/chat/train.jsonl"
                outputs: { dataset: dataset }
              sft:
                uses: sft
                register: twin
                inputs: { dataset: data.dataset }
                with: { base_model: "\(TrainingTests.tinyModel)", rank: 4, alpha: 8, max_steps: 6, batch_size: 2, learning_rate: "${params.lr}" }
            """)
        return project
    }

    func run(_ project: borrowing TestProject, _ parameters: String...) throws -> String {
        let result = try CLI.run(["run", "train.yaml", "--json"] + parameters.flatMap { ["--param", $0] }, in: project.root)
        #expect(result.status == 0, "\(result.stderr)")
        let run = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(run?.string("id"))
    }

    @Test("runs compare puts parameters, final training values and output versions side by side, differences marked")
    func compare() throws {
        let project = try Self.project()
        let first = try run(project)
        let second = try run(project, "lr=0.002")
        let result = try project.run("runs", "compare", String(first.prefix(6)), String(second.prefix(6)))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.components(separatedBy: "\n").map {
            $0.replacingOccurrences(of: " {2,}", with: "  ", options: .regularExpression)
        }
        #expect(lines[0] == "  KEY  \(first.prefix(8))  \(second.prefix(8))")
        #expect(lines[1] == "  run")
        #expect(lines.contains("  pipeline  train  train"))
        #expect(lines.contains("  parameters"))
        #expect(lines.contains("*  lr  0.01  0.002"))
        #expect(lines.contains("  sft.updates  6  6"))
        #expect(lines.contains { $0.hasPrefix("*  sft.loss  ") })
        #expect(lines.contains("  data.dataset  data.dataset@1  data.dataset@1"))
        #expect(lines.contains("*  sft.model  sft.model@1 = twin/1  sft.model@2 = twin/2"))
        #expect(lines.last { !$0.isEmpty }?.hasSuffix("rows differ (marked *)") == true)

        let json = try #require(try project.json("runs", "compare", first, second) as? [String: Any])
        #expect((json["runs"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [first, second])
        let rows = try #require(json["rows"] as? [[String: Any]])
        let lr = try #require(rows.first { $0["key"] as? String == "lr" })
        #expect(lr["section"] as? String == "parameters" && lr["differs"] as? Bool == true)
        #expect(lr["values"] as? [Double] == [0.01, 0.002])
        let loss = try #require(rows.first { $0["key"] as? String == "sft.loss" })
        #expect((loss["values"] as? [Double])?.count == 2)

        let one = try project.run("runs", "compare", first)
        #expect(one.status == 2 && one.stderr.contains("compare needs at least two runs"))
    }

    @Test("runs plot writes the curve as CSV (standard output or a file) or as an SVG chart")
    func plot() throws {
        let project = try Self.project()
        let id = try run(project)
        let csv = try project.run("runs", "plot", id, "--metric", "loss")
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.split(separator: "\n")
        #expect(rows.first == "step,update,loss")
        #expect(rows.count == 7)
        #expect(rows[1].hasPrefix("sft,1,"))

        let svg = try project.run("runs", "plot", id, "--metric", "learning_rate", "--output", "lr.svg")
        #expect(svg.status == 0, "\(svg.stderr)")
        #expect(svg.stdout == "wrote learning_rate of sft (6 points) to lr.svg\n")
        let text = try project.read("lr.svg")
        let document = try XMLDocument(data: Data(text.utf8))
        #expect(document.rootElement()?.name == "svg")
        #expect(text.contains(">learning_rate by update</text>"))
        #expect(text.components(separatedBy: "<polyline").count == 2)

        let file = try project.run("runs", "plot", id, "--output", "loss.csv")
        let written = try project.read("loss.csv")
        #expect(file.status == 0 && written == csv.stdout)

        let unknown = try project.run("runs", "plot", id, "--metric", "accuracy")
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr.contains(
                "logged no 'accuracy'\nhint: its training steps log: epoch, grad_norm, learning_rate, loss, tokens_per_second"))
        let step = try project.run("runs", "plot", id, "--step", "data")
        #expect(step.status == 2 && step.stderr.contains("step 'data' of run \(id.prefix(8)) has no training curve"))
        let format = try project.run("runs", "plot", id, "--output", "loss.png")
        #expect(format.status == 2 && format.stderr.contains("--output must end in .svg (a chart) or .csv (the values)"))
    }
}
