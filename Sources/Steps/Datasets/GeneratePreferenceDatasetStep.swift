import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// Turns an author's writing into a preference dataset for DPO: `chosen` is a verbatim passage of the
/// author (picked by quality rules, never generated), the instruction is the question the generator says
/// that passage answers (asked one passage at a time, as the instruction dataset asks it, so the same
/// passage gets the same question in both), and `rejected` is the generator's own answer to the
/// instruction without the passage. Training then prefers the author's voice over the model's.
public struct GeneratePreferenceDatasetStep: Step {
    public init() {}

    static let defaultAnswerSystemPrompt = "Answer the request helpfully in a short paragraph."

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "generate-preference-dataset", version: 2,
            summary:
                "Pairs the author's own passages (chosen) with a generator's answers (rejected) to instructions it writes for them (a dataset for DPO).",
            parameters: DatasetSettings.descriptors(itemsPerExtract: 2, itemsSummary: "Passages (and so examples) per extract.")
                + [
                    ParameterDescriptor(
                        "passage_prompt", .string, default: .string(InstructionWriter.defaultPrompt),
                        "The request for one passage's instruction; placeholders {{passage}} (required), {{author}}."),
                    ParameterDescriptor(
                        "passage_system_prompt", .string, default: .string(InstructionWriter.defaultSystemPrompt),
                        "The system message of that request."),
                    ParameterDescriptor(
                        "answer_system_prompt", .string, default: .string(Self.defaultAnswerSystemPrompt),
                        "The system message when the generator answers an instruction (the rejected answer)."),
                    ParameterDescriptor("min_instruction_chars", .int, default: 10, "Shorter instructions are rejected."),
                    ParameterDescriptor("max_instruction_chars", .int, default: 600, "Longer instructions are rejected."),
                    ParameterDescriptor("min_chosen_chars", .int, default: 120, "Passages shorter than this are never chosen."),
                    ParameterDescriptor("max_chosen_chars", .int, default: 1200, "Passages longer than this are never chosen."),
                    ParameterDescriptor("min_rejected_chars", .int, default: 20, "Shorter generated answers are rejected."),
                    ParameterDescriptor("max_rejected_chars", .int, default: 4000, "Longer generated answers are rejected."),
                ],
            inputs: [
                PortDescriptor("chunks", type: "chunks", "Chunks (field 'text') or documents (field 'content'), with 'author'.")
            ],
            outputs: [
                PortDescriptor(
                    "dataset", type: "dataset",
                    "A folder: chat/ and standard/ (train.jsonl, test.jsonl), examples.jsonl, extracts.jsonl, rejected.jsonl, dataset.json."
                )
            ])
    }

    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        try GeneratorParameter.fingerprint(parameters, projectDirectory: projectDirectory)
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        _ = try DatasetSettings(parameters)
        _ = try InstructionWriter.prompt(parameters)
        _ = try LengthLimits(parameters, fields: ["instruction", "chosen", "rejected"])
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let settings = try DatasetSettings(context.parameters)
        let parameters = context.parameters
        let writer = InstructionWriter(
            prompt: try InstructionWriter.prompt(parameters), system: try parameters.string("passage_system_prompt"))
        let answerSystem = try parameters.string("answer_system_prompt")
        let limits = try LengthLimits(parameters, fields: ["instruction", "chosen", "rejected"])
        let selector = PassageSelector(lengths: limits.range("chosen"))
        let run = try await DatasetRun(context, settings: settings)

        let outcomes = try await run.map { extract in
            var outcome = ExtractOutcome()
            let passages = selector.passages(extract.text, count: settings.itemsPerExtract)
            guard !passages.isEmpty else {
                outcome.reject(extract, .tooShort, "no passage of the extract passes the quality rules for 'chosen'", .null)
                return outcome
            }
            var failures = 0
            for chosen in passages {
                do {
                    let question = try await writer.instruction(for: chosen, in: extract, generator: run.generator)
                    var messages = answerSystem.isEmpty ? [] : [ChatMessage(role: "system", content: answerSystem)]
                    messages.append(ChatMessage(role: "user", content: question))
                    // Seeded by the passage, as its instruction is.
                    let key = "answer/" + Hashing.sha256("\(extract.author)\n\(chosen)")
                    let answer = try await run.generator.ask(messages, key: key, extract: extract.id, json: false)
                    let rejected = answer.trimmingCharacters(in: .whitespacesAndNewlines)
                    if Self.normalized(rejected).contains(Self.normalized(chosen)) {
                        outcome.reject(
                            extract, .sameAnswers, "the generated answer repeats the chosen passage", Rejection.snippet(rejected))
                        continue
                    }
                    outcome.examples.append(
                        DatasetExample(
                            extract: extract, fields: ["instruction": question, "chosen": chosen, "rejected": rejected],
                            passage: chosen))
                } catch let failure as DatasetGenerator.Failure {
                    if failure.rejection.kind == .generator { failures += 1 }
                    outcome.rejections.append(failure.rejection)
                }
            }
            outcome.generatorFailed = failures == passages.count
            return outcome
        }
        return try await run.finish(
            outcomes,
            filter: ExampleFilter(
                limits: limits, languageFields: ["chosen", "rejected"], uniqueFields: ["instruction", "chosen"]),
            formats: [
                DatasetFolder.Format(folder: "chat") { example in
                    .object([
                        "prompt": .array([DatasetFolder.message("user", example["instruction"])]),
                        "chosen": .array([DatasetFolder.message("assistant", example["chosen"])]),
                        "rejected": .array([DatasetFolder.message("assistant", example["rejected"])]),
                    ])
                },
                DatasetFolder.Format(folder: "standard") { example in
                    .object([
                        "prompt": .string(example["instruction"]), "chosen": .string(example["chosen"]),
                        "rejected": .string(example["rejected"]),
                    ])
                },
            ],
            prompts: [
                "passage_system_prompt": writer.system, "passage_prompt": writer.prompt.source,
                "answer_system_prompt": answerSystem,
            ])
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}
