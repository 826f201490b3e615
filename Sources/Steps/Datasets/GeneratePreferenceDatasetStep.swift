import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// Turns an author's writing into a preference dataset for DPO: `chosen` is a verbatim passage of the
/// author (picked by quality rules, never generated), the instruction is what the generator says that
/// passage answers, and `rejected` is the generator's own answer to the instruction without the passage.
/// Training then prefers the author's voice over the model's.
public struct GeneratePreferenceDatasetStep: Step {
    public init() {}

    static let defaultSystemPrompt =
        "You create training data for fine-tuning a language model to write like a given author. You answer with JSON only."

    static let defaultPrompt = """
        Here are passages from {{author}}'s writing.

        Passages:
        {{passages}}

        For each passage, write one instruction (a question or a request) that the passage answers well, \
        phrased so that it makes sense to someone who has not seen the passage.
        Reply with only a JSON array of objects with the keys "passage" (its number) and "instruction", like:
        [{"passage": 1, "instruction": "..."}]
        """

    static let defaultAnswerSystemPrompt = "Answer the request helpfully in a short paragraph."

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "generate-preference-dataset", version: 1,
            summary:
                "Pairs the author's own passages (chosen) with a generator's answers (rejected) to instructions it writes for them (a dataset for DPO).",
            parameters: DatasetSettings.descriptors(itemsPerExtract: 2, itemsSummary: "Passages (and so examples) per extract.")
                + [
                    ParameterDescriptor(
                        "prompt", .string, default: .string(Self.defaultPrompt),
                        "The request for instructions; placeholders {{passages}} (required, numbered [1], [2], ...), {{author}}, {{count}}."
                    ),
                    ParameterDescriptor(
                        "system_prompt", .string, default: .string(Self.defaultSystemPrompt),
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
        _ = try Self.prompt(parameters)
        _ = try LengthLimits(parameters, fields: ["instruction", "chosen", "rejected"])
    }

    static func prompt(_ parameters: StepParameters) throws -> PromptTemplate {
        try PromptTemplate(
            parameters.string("prompt"), parameter: "prompt", requires: ["passages"], allows: ["passages", "author", "count"])
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let settings = try DatasetSettings(context.parameters)
        let parameters = context.parameters
        let prompt = try Self.prompt(parameters)
        let system = try parameters.string("system_prompt")
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
            let numbered = passages.enumerated().map { "[\($0.offset + 1)] \($0.element)" }.joined(separator: "\n")
            var messages = system.isEmpty ? [] : [ChatMessage(role: "system", content: system)]
            messages.append(
                ChatMessage(
                    role: "user",
                    content: prompt.render(["passages": numbered, "author": extract.author, "count": String(passages.count)])))
            let items = try JSONAnswer.items(
                try await run.generator.askJSON(
                    messages, key: extract.id, extract: extract.id, prefix: "[{\"passage\": 1, \"instruction\": \""))
            var used = Set<Int>()
            for (index, item) in items.enumerated() {
                guard let object = item.objectValue, let number = object["passage"]?.intValue,
                    let instruction = object["instruction"]?.stringValue
                else {
                    outcome.reject(
                        extract, .invalid, "item \(index + 1) is not an object with 'passage' (a number) and 'instruction'", item)
                    continue
                }
                guard passages.indices.contains(number - 1), used.insert(number).inserted else {
                    outcome.reject(
                        extract, .invalid,
                        "item \(index + 1) names passage \(number), which is not one of 1...\(passages.count) or was already used",
                        item)
                    continue
                }
                let question = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
                var answerMessages = answerSystem.isEmpty ? [] : [ChatMessage(role: "system", content: answerSystem)]
                answerMessages.append(ChatMessage(role: "user", content: question))
                let answer: String
                do {
                    answer = try await run.generator.ask(
                        answerMessages, key: "\(extract.id)/answer/\(number)", extract: extract.id, json: false)
                } catch let failure as DatasetGenerator.Failure {
                    outcome.rejections.append(failure.rejection)
                    continue
                }
                let chosen = passages[number - 1]
                let rejected = answer.trimmingCharacters(in: .whitespacesAndNewlines)
                if Self.normalized(rejected) == Self.normalized(chosen)
                    || Self.normalized(rejected).contains(Self.normalized(chosen))
                {
                    outcome.reject(
                        extract, .sameAnswers, "the generated answer repeats the chosen passage", Rejection.snippet(rejected))
                    continue
                }
                outcome.examples.append(
                    DatasetExample(extract: extract, fields: ["instruction": question, "chosen": chosen, "rejected": rejected]))
            }
            return outcome
        }
        return try await run.finish(
            outcomes, limits: limits, languageFields: ["chosen", "rejected"],
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
            prompts: ["system_prompt": system, "prompt": prompt.source, "answer_system_prompt": answerSystem])
    }

    private static func normalized(_ text: String) -> String {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: " ")
    }
}
