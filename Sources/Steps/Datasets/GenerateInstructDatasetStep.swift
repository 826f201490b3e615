import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// Turns an author's writing into an instruction dataset for supervised fine-tuning: the text is cut into
/// extracts, a generator is asked for instruction/answer pairs about each (the extract goes into the
/// prompt), and the answers are parsed, validated, filtered, deduplicated and split into train and test.
public struct GenerateInstructDatasetStep: Step {
    public init() {}

    static let defaultSystemPrompt =
        "You create training data for fine-tuning a language model to write like a given author. You answer with JSON only."

    static let defaultPrompt = """
        Here is an extract of {{author}}'s writing:

        \"\"\"
        {{extract}}
        \"\"\"

        Write {{count}} instruction and answer pairs based on the extract. Each instruction asks for something \
        the extract explains, in a way that makes sense without seeing the extract. Each answer responds to \
        its instruction in the author's voice, using only what the extract says.
        Reply with only a JSON array of objects with the keys "instruction" and "answer", like:
        [{"instruction": "...", "answer": "..."}]
        """

    public var descriptor: StepDescriptor {
        StepDescriptor(
            type: "generate-instruct-dataset", version: 1,
            summary:
                "Asks a text generator for instruction/answer pairs about extracts of each author's writing (a dataset for SFT).",
            parameters: DatasetSettings.descriptors(
                itemsPerExtract: 3, itemsSummary: "Instruction/answer pairs asked for per extract.")
                + [
                    ParameterDescriptor(
                        "prompt", .string, default: .string(Self.defaultPrompt),
                        "The request for each extract; placeholders {{extract}} (required), {{author}}, {{count}}."),
                    ParameterDescriptor(
                        "system_prompt", .string, default: .string(Self.defaultSystemPrompt), "The system message."),
                    ParameterDescriptor("min_instruction_chars", .int, default: 10, "Shorter instructions are rejected."),
                    ParameterDescriptor("max_instruction_chars", .int, default: 600, "Longer instructions are rejected."),
                    ParameterDescriptor("min_answer_chars", .int, default: 40, "Shorter answers are rejected."),
                    ParameterDescriptor("max_answer_chars", .int, default: 4000, "Longer answers are rejected."),
                ],
            inputs: [
                PortDescriptor("chunks", type: "chunks", "Chunks (field 'text') or documents (field 'content'), with 'author'.")
            ],
            outputs: [
                PortDescriptor(
                    "dataset", type: "dataset",
                    "A folder: chat/ and alpaca/ (train.jsonl, test.jsonl), examples.jsonl, extracts.jsonl, rejected.jsonl, dataset.json."
                )
            ])
    }

    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] {
        try GeneratorParameter.fingerprint(parameters, projectDirectory: projectDirectory)
    }

    public func checkParameters(_ parameters: StepParameters) throws {
        _ = try DatasetSettings(parameters)
        _ = try Self.prompt(parameters)
        _ = try LengthLimits(parameters, fields: ["instruction", "answer"])
    }

    static func prompt(_ parameters: StepParameters) throws -> PromptTemplate {
        try PromptTemplate(
            parameters.string("prompt"), parameter: "prompt", requires: ["extract"], allows: ["extract", "author", "count"])
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let settings = try DatasetSettings(context.parameters)
        let prompt = try Self.prompt(context.parameters)
        let system = try context.parameters.string("system_prompt")
        let limits = try LengthLimits(context.parameters, fields: ["instruction", "answer"])
        let run = try await DatasetRun(context, settings: settings)
        let count = settings.itemsPerExtract

        let outcomes = try await run.map { extract in
            var messages = system.isEmpty ? [] : [ChatMessage(role: "system", content: system)]
            messages.append(
                ChatMessage(
                    role: "user",
                    content: prompt.render(["extract": extract.text, "author": extract.author, "count": String(count)])))
            let items = try JSONAnswer.items(
                try await run.generator.askJSON(messages, key: extract.id, extract: extract.id, prefix: "[{\"instruction\": \""))
            var outcome = ExtractOutcome()
            for (index, item) in items.enumerated() {
                guard let object = item.objectValue, let instruction = object["instruction"]?.stringValue,
                    let answer = object["answer"]?.stringValue
                else {
                    outcome.reject(
                        extract, .invalid, "item \(index + 1) is not an object with text 'instruction' and 'answer'", item)
                    continue
                }
                outcome.examples.append(
                    DatasetExample(
                        extract: extract,
                        fields: [
                            "instruction": instruction.trimmingCharacters(in: .whitespacesAndNewlines),
                            "answer": answer.trimmingCharacters(in: .whitespacesAndNewlines),
                        ]))
            }
            return outcome
        }
        return try await run.finish(
            outcomes, limits: limits, languageFields: ["answer"],
            formats: [
                DatasetFolder.Format(folder: "chat") { example in
                    .object([
                        "messages": .array([
                            DatasetFolder.message("user", example["instruction"]),
                            DatasetFolder.message("assistant", example["answer"]),
                        ])
                    ])
                },
                DatasetFolder.Format(folder: "alpaca") { example in
                    .object(["instruction": .string(example["instruction"]), "input": "", "output": .string(example["answer"])])
                },
            ],
            prompts: ["system_prompt": system, "prompt": prompt.source])
    }
}
