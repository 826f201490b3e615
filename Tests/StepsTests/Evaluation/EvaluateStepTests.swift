import ArtifactStore
import Compute
import Foundation
import OrchestrateTesting
import Orchestrator
import Testing

@testable import Steps

/// `evaluate` in a pipeline: perplexity equal to transformers + PEFT's on the committed reference, verdicts
/// of a judge served over HTTP (an unreadable one recorded, never counted), the style score, the comparison
/// with the base model, and the gate that later steps read.
struct EvaluateStepTests {
    static let root = ExampleSite.packageRoot
    static let tinyModel = root.appendingPathComponent("Tests/Fixtures/tiny-chat-model").path
    static let referenceAdapter = root.appendingPathComponent("Tests/Fixtures/lora-reference/adapter").path
    static let styleModel = root.appendingPathComponent("models/all-MiniLM-L6-v2").path

    /// Perplexities computed in float64 by transformers + PEFT (`Tests/Fixtures/evaluation-reference`).
    static func reference() throws -> JSONValue {
        let url = root.appendingPathComponent("Tests/Fixtures/evaluation-reference/reference.json")
        return try JSONText.parse(String(contentsOf: url, encoding: .utf8))
    }

    static let chunks = [
        #"{"id": "a1", "author": "Ada", "text": "Fine-tuning with LoRA trains two small matrices per layer."}"#,
        #"{"id": "a2", "author": "Ada", "text": "Keep alpha at twice the rank and the learning rate behaves."}"#,
        #"{"id": "b1", "author": "Bo", "text": "The harbour was quiet at dawn, the boats still tied up."}"#,
    ]

    /// A pipeline whose `data` step writes `conversations` as chat/test.jsonl, `adapter` publishes the
    /// reference adapter as a model, `corpus` writes `chunks`, and `evaluate` takes them with `with`.
    static func pipeline(
        _ fixture: PipelineFixture, conversations: [String], with: String, chunks: Bool = false, after: String = ""
    ) throws -> String {
        try Data((conversations.joined(separator: "\n") + "\n").utf8).write(
            to: fixture.project.appendingPathComponent("test.jsonl"))
        try Data((Self.chunks.joined(separator: "\n") + "\n").utf8).write(
            to: fixture.project.appendingPathComponent("chunks.jsonl"))
        return """
            name: evaluation
            steps:
              data:
                uses: command
                run: mkdir -p "$OUTPUT_dataset/chat" && cp test.jsonl "$OUTPUT_dataset/chat/test.jsonl"
                outputs: { dataset: dataset }
              adapter:
                uses: command
                run: mkdir -p "$OUTPUT_model" && cp "\(referenceAdapter)"/* "$OUTPUT_model/"
                outputs: { model: model }
              corpus:
                uses: command
                run: cp chunks.jsonl "$OUTPUT_chunks"
                outputs: { chunks: chunks }
              evaluate:
                uses: evaluate
                inputs: { dataset: data.dataset, model: adapter.model\(chunks ? ", chunks: corpus.chunks" : "") }
                with: { base_model: "\(tinyModel)", style_model: "\(styleModel)"\(with) }
            \(after)
            """
    }

    static let questions = (0..<3).map { index in
        #"{"messages": [{"role": "user", "content": "What does LoRA train, part \#(index)?"}, {"role": "assistant", "content": "Two small matrices per layer, while the base stays frozen."}]}"#
    }

    static func judge(_ site: ExampleSite, _ model: String) -> String {
        ", judge: { backend: openai, base_url: \"\(site.url("/_/openai/v1").absoluteString)\", model: \(model), retries: 0 }"
    }

    @Test func perplexityEqualsTransformersAndPEFTsOnTheReference() async throws {
        let reference = try Self.reference()
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let lines = try #require(reference["conversations"]?.arrayValue).map { JSONText.compact(.object(["messages": $0])) }
        let run = try await fixture.run(
            try Self.pipeline(fixture, conversations: lines, with: ", generate_answers: false, max_length: 256"))
        let step = try #require(try fixture.step("evaluate", of: run))
        #expect(run.status == .succeeded, "\(step.error ?? "")")
        let report = try #require(try fixture.artifact("evaluate", "report", in: run))
        #expect(report.type == "evaluation")
        let metadata = try #require(report.metadataValue.objectValue)
        for (prefix, key) in [("", "adapter"), ("base_", "base")] {
            let total = try #require(reference[key]?["total"])
            #expect(metadata[prefix + "scored_tokens"] == total["tokens"])
            for name in ["perplexity", "bits_per_byte"] {
                let expected = try #require(total[name]?.doubleValue)
                let measured = try #require(metadata[prefix + name]?.doubleValue)
                // Float32 against float64: far inside the 1e-3 asked for, and tight enough to tell the
                // adapter's numbers (0.3 % apart on this model) from the base's.
                #expect(abs(measured / expected - 1) < 1e-4, "\(prefix)\(name): \(measured) vs \(expected)")
            }
        }
        #expect(metadata["judge_accuracy"] == nil)
        #expect(metadata["models"] == ["base", "model"])
        #expect(metadata["gate"] == .object(["expression": "", "passed": true]))
    }

    @Test func aJudgesVerdictsAreScoredAndTheStyleIsMeasuredAgainstTheAuthor() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try Self.pipeline(
            fixture, conversations: Self.questions,
            with: ", max_new_tokens: 6, author: Ada, gate: \"judge_accuracy >= 2.5 && judge_style >= base.judge_style\""
                + Self.judge(site, "judge"), chunks: true)
        let run = try await fixture.run(yaml)
        let step = try #require(try fixture.step("evaluate", of: run))
        #expect(run.status == .succeeded, "\(step.error ?? "")")
        let report = try #require(try fixture.artifact("evaluate", "report", in: run))
        let metadata = try #require(report.metadataValue.objectValue)
        #expect(metadata["judge_accuracy"] == 3.0)
        #expect(metadata["judge_style"] == 2.0)
        #expect(metadata["base_judge_accuracy"] == 3.0)
        #expect(metadata["judged"] == 3)
        #expect(metadata["unreadable_verdicts"] == 0)
        #expect(metadata["style_similarity"]?.doubleValue != nil)
        #expect(metadata["style_margin"]?.doubleValue != nil)
        #expect(metadata["gate_passed"] == true)
        let folder = fixture.store.blobs.location(ofSHA256: report.sha256)
        let rows = try String(contentsOf: folder.appendingPathComponent("examples.jsonl"), encoding: .utf8)
            .split(separator: "\n").map { try JSONText.parse(String($0)) }
        #expect(rows.count == 3)
        #expect(rows.first?["models"]?["model"]?["judge"]?["accuracy"]?["analysis"] == "Correct and complete.")
        #expect(rows.first?["models"]?["base"]?["answer"]?.stringValue != nil)
        #expect(rows.first?["reference"] == "Two small matrices per layer, while the base stays frozen.")
        let table = try String(contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(table.contains("| | base | model |") && table.contains("| Judge: accuracy (1-3) | 3 | 3 |"))
        let summary = try JSONText.parse(String(contentsOf: folder.appendingPathComponent("report.json"), encoding: .utf8))
        #expect(summary["style"]?["author"] == "Ada" && summary["style"]?["author_chunks"] == 2)
    }

    @Test func anUnreadableVerdictIsRecordedAndNeverCounted() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try Self.pipeline(
            fixture, conversations: Self.questions,
            with: ", max_new_tokens: 4, include_base: false, gate: \"judge_accuracy >= 2\"" + Self.judge(site, "judge-prose"))
        let run = try await fixture.run(yaml)
        #expect(run.status == .succeeded)
        let report = try #require(try fixture.artifact("evaluate", "report", in: run))
        let metadata = try #require(report.metadataValue.objectValue)
        #expect(metadata["judged"] == 0)
        #expect(metadata["unreadable_verdicts"] == 3)
        #expect(metadata["judge_accuracy"] == .null)
        #expect(metadata["models"] == ["model"])
        // No score is not a passing score.
        #expect(metadata["gate_passed"] == false)
        let rows = try String(
            contentsOf: fixture.store.blobs.location(ofSHA256: report.sha256).appendingPathComponent("examples.jsonl"),
            encoding: .utf8)
        #expect(rows.contains(#""unreadable":"the answer holds no JSON array or object""#))
        #expect(rows.contains("It reads well; I would give it a good mark."))
    }

    @Test func aStepGuardedByTheGateRunsOnlyWhenItPasses() async throws {
        let after = """
              promote:
                uses: command
                inputs: { report: evaluate.report }
                when: "evaluate.report.gate_passed"
                run: echo promoted > "$OUTPUT_note"
                outputs: { note: text }
            """
        for (gate, expected) in [("perplexity < base.perplexity", StepStatus.succeeded), ("perplexity < 1", .skipped)] {
            let fixture = try PipelineFixture()
            defer { fixture.remove() }
            let yaml = try Self.pipeline(
                fixture, conversations: Self.questions, with: ", generate_answers: false, gate: \"\(gate)\"", after: after)
            let run = try await fixture.run(yaml)
            #expect(try fixture.step("promote", of: run)?.status == expected, "\(gate)")
        }
    }

    @Test func aGateNamingNoNumberOfTheReportIsRefusedBeforeAnythingRuns() throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        #expect {
            try fixture.plan(try Self.pipeline(fixture, conversations: Self.questions, with: ", gate: \"accuracy > 2\""))
        } throws: { "\($0)".contains("'accuracy' is not a number of the report") }
        #expect {
            try fixture.plan(
                try Self.pipeline(
                    fixture, conversations: Self.questions, with: ", generate_answers: false, gate: \"judge_style > 2\""))
        } throws: { "\($0)".contains("'judge_style' needs generate_answers: true") }
    }

    @Test func aTestSplitWithoutAnAnswerIsNamedByConversation() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try Self.pipeline(
            fixture, conversations: [Self.questions[0], #"{"messages": [{"role": "user", "content": "Hello?"}]}"#],
            with: ", generate_answers: false")
        let run = try await fixture.run(yaml)
        let error = try #require(try fixture.step("evaluate", of: run)?.error)
        #expect(error.contains("chat/test.jsonl: conversation 2 must end with an assistant answer"), "\(error)")
    }

    @Test func anEmptyTestSplitMeasuresNothingAndPassesNoGate() async throws {
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let run = try await fixture.run(try Self.pipeline(fixture, conversations: [], with: ", generate_answers: false"))
        #expect(run.status == .succeeded)
        let report = try #require(try fixture.artifact("evaluate", "report", in: run))
        let metadata = try #require(report.metadataValue.objectValue)
        #expect(metadata["examples"] == 0)
        #expect(metadata["perplexity"] == .null && metadata["base_perplexity"] == .null)
        #expect(metadata["gate_passed"] == false)
    }

    @Test func aMissingStyleModelIsNamedByItsParameter() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let fixture = try PipelineFixture()
        defer { fixture.remove() }
        let yaml = try Self.pipeline(
            fixture, conversations: Self.questions, with: ", max_new_tokens: 2" + Self.judge(site, "judge"), chunks: true
        ).replacingOccurrences(of: Self.styleModel, with: "/nowhere/minilm")
        let run = try await fixture.run(yaml)
        let error = try #require(try fixture.step("evaluate", of: run)?.error)
        #expect(error.contains("parameter 'style_model': no model folder at /nowhere/minilm"), "\(error)")
    }
}
