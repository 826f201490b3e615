import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// Evaluates a fine-tuned model on an instruct dataset's test split, beside the base model (and optionally a
/// baseline such as the SFT model) in one report: perplexity of the held-out answers, answers generated for
/// the test instructions and scored by an LLM judge with the book's rubric, and, given the author's chunks,
/// how close the answers sit to the author's own writing. A `gate` over the report's numbers says whether
/// the model may be promoted; later steps read it with `when: "evaluate.report.gate_passed"`.
public struct EvaluateStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "evaluate", version: 1,
            summary: "Scores a model on a test split (perplexity, LLM judge, style) beside the base model, with a gate.",
            parameters: [
                BaseModelParameter.descriptor,
                ParameterDescriptor("max_examples", .int, default: 16, "Test conversations evaluated (0: all)."),
                ParameterDescriptor("max_length", .int, default: 512, "Tokens per conversation scored for perplexity."),
                ParameterDescriptor("max_new_tokens", .int, default: 160, "Tokens per generated answer."),
                ParameterDescriptor(
                    "include_base", .bool, default: true, "Evaluate the base model too, as the first column of the report."),
                ParameterDescriptor("generate_answers", .bool, default: true, "Generate answers and judge them."),
                ParameterDescriptor(
                    "judge", .map,
                    default: .object(["backend": "native", "model": .string(GeneratorSettings.defaultNativeModel)]),
                    "The judge, as the dataset steps' generator: backend (native or openai), model, base_url, "
                        + "api_key_env, revision, timeout, retries."),
                ParameterDescriptor(
                    "style_model", .string, default: .string(ModelFolderParameter.defaultPath),
                    "The sentence-transformers folder that embeds answers and chunks for the style score."),
                ParameterDescriptor(
                    "author", .string, default: "", "Whose voice the twin learns (empty: the author with the most chunks)."),
                ParameterDescriptor(
                    "gate", .string, default: "",
                    "An expression over the report's numbers that must hold for promotion, e.g. \"perplexity < "
                        + "base.perplexity && judge_accuracy >= 2\" (empty: always passes)."),
                ParameterDescriptor("seed", .int, default: 42, "Seeds the answers' decoding."),
            ],
            inputs: [
                PortDescriptor("dataset", type: "dataset", "An instruct dataset with chat/test.jsonl."),
                PortDescriptor("model", type: "model", "The adapter evaluated (without it, the base model is).", optional: true),
                PortDescriptor("baseline", type: "model", "Another adapter to compare with (e.g. sft's).", optional: true),
                PortDescriptor("chunks", type: "chunks", "The corpus' chunks, for the style score.", optional: true),
            ],
            outputs: [
                PortDescriptor(
                    "report", type: "evaluation",
                    "report.json (metrics per model, the gate), examples.jsonl (answers, verdicts), report.md.")
            ])
    }

    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        var fingerprints = [try BaseModelParameter.fingerprint(parameters, projectDirectory: projectDirectory)]
        if try parameters.bool("generate_answers") {
            fingerprints += try GeneratorParameter.fingerprint(parameters, projectDirectory: projectDirectory, name: "judge")
            // Other weights under the same path give other style scores; a missing folder matters only when
            // chunks come in, and the run says so then.
            let style = ModelFolderParameter.url(try parameters.string("style_model"), in: projectDirectory)
            if FileManager.default.fileExists(atPath: style.path) {
                fingerprints.append(.array(["style_model", .string(try ContentHash.of(style).sha256)]))
            }
        }
        return fingerprints
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        _ = try EvaluationSettings(parameters)
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let settings = try EvaluationSettings(context.parameters)
        let file = try ChatDatasetFile(dataset: try context.input("dataset").url, split: "test")
        let examples = try EvaluationExample.read(file, limit: settings.maxExamples)
        if examples.isEmpty {
            context.log.write("evaluate: \(file.name) is empty: nothing is measured and the gate does not pass")
        }
        let baseURL = try BaseModelParameter.existingURL(context.parameters, projectDirectory: context.projectDirectory)
        let model = try BaseModelParameter.load(context.parameters, projectDirectory: context.projectDirectory)
        var candidates: [EvaluationCandidate] = []
        if settings.includeBase || context.inputs["model"] == nil { candidates.append(EvaluationCandidate(label: "base")) }
        for label in ["baseline", "model"] {
            guard let input = context.inputs[label] else { continue }
            try DPOStep.checkBase(of: input.url, is: baseURL, context.parameters)
            candidates.append(try EvaluationCandidate(label: label, adapterFolder: input.url))
        }
        let style = try styleScore(context, settings)
        var results: [String: CandidateResult] = [:]
        for candidate in candidates {
            try Task.checkCancellation()
            results[candidate.label] = try await EvaluationRun(
                context: context, settings: settings, model: model, baseURL: baseURL, style: style
            ).evaluate(candidate, on: examples)
        }
        let report = EvaluationReport(
            candidates: candidates.map(\.label), results: results, examples: examples, gate: settings.gate,
            style: style.map {
                ["author": .string($0.author), "author_chunks": .int($0.authorChunks), "other_chunks": .int($0.otherChunks)]
            })
        let folder = context.outputURL("report")
        try report.write(to: folder)
        context.log.write("evaluate: " + report.summaryLine)
        return StepResult(outputs: ["report": StepOutput(url: folder, metadata: report.metadata)])
    }

    private func styleScore(_ context: StepContext, _ settings: EvaluationSettings) throws -> StyleScore? {
        guard settings.generateAnswers, let chunks = context.inputs["chunks"] else { return nil }
        let label = "input 'chunks' (\(chunks.name) v\(chunks.version))"
        let records = try DocumentsFile.objects(at: chunks.url, label: label)
        let folder = try ModelFolderParameter.load(
            context.parameters, name: "style_model", projectDirectory: context.projectDirectory)
        return try StyleScore(encoder: try BertEncoder(folder), records: records, author: settings.author, label: label)
    }
}
