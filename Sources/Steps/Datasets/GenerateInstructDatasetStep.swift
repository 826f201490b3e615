import ArtifactStore
import Compute
import Foundation
import Generation
import Orchestrator

/// Turns an author's writing into an instruction dataset for supervised fine-tuning. The text is cut
/// into extracts; by default (`answers: passages`, instruction backtranslation) the answers are the
/// author's own passages and the generator only writes the instruction each one answers; with
/// `answers: generated` the generator writes instruction/answer pairs about each extract as JSON. The
/// examples are then validated, filtered, deduplicated and split into train and test.
public struct GenerateInstructDatasetStep: Step {
    public init() {}

    /// Where the answers come from.
    enum Answers: String, CaseIterable {
        /// The author's passages, verbatim; the generator writes the instructions.
        case passages
        /// The generator writes instructions and answers from the extract.
        case generated
    }

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
            type: "generate-instruct-dataset", version: 2,
            summary:
                "Pairs the author's passages with the instructions a text generator writes for them, or asks it for "
                + "instruction/answer pairs about extracts of each author's writing (a dataset for SFT).",
            parameters: DatasetSettings.descriptors(
                itemsPerExtract: 3, itemsSummary: "Examples asked for per extract (passages, or generated pairs).")
                + [
                    ParameterDescriptor(
                        "answers", .string, default: "passages",
                        "passages: each answer is a passage of the author, verbatim, and the generator writes the "
                            + "instruction it answers; generated: the generator writes instructions and answers as JSON."),
                    ParameterDescriptor(
                        "passage_prompt", .string, default: .string(InstructionWriter.defaultPrompt),
                        "answers: passages: the request for one passage's instruction; placeholders {{passage}} (required), "
                            + "{{author}}."),
                    ParameterDescriptor(
                        "passage_system_prompt", .string, default: .string(InstructionWriter.defaultSystemPrompt),
                        "answers: passages: the system message of that request."),
                    ParameterDescriptor(
                        "min_passage_chars", .int, default: 100, "answers: passages: shorter passages are never answers."),
                    ParameterDescriptor(
                        "max_passage_chars", .int, default: 1500, "answers: passages: longer passages are never answers."),
                    ParameterDescriptor(
                        "prompt", .string, default: .string(Self.defaultPrompt),
                        "answers: generated: the request for each extract; placeholders {{extract}} (required), {{author}}, "
                            + "{{count}}."),
                    ParameterDescriptor(
                        "system_prompt", .string, default: .string(Self.defaultSystemPrompt),
                        "answers: generated: the system message."),
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
        _ = try Self.answers(parameters)
        _ = try Self.prompt(parameters)
        _ = try InstructionWriter.prompt(parameters)
        _ = try LengthLimits(parameters, fields: ["instruction", "answer", "passage"])
    }

    static func answers(_ parameters: StepParameters) throws -> Answers {
        let name = try parameters.string("answers")
        guard let answers = Answers(rawValue: name) else {
            throw StepFailure("parameter 'answers' must be passages or generated, got '\(name)'")
        }
        return answers
    }

    static func prompt(_ parameters: StepParameters) throws -> PromptTemplate {
        try PromptTemplate(
            parameters.string("prompt"), parameter: "prompt", requires: ["extract"], allows: ["extract", "author", "count"])
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        let parameters = context.parameters
        let settings = try DatasetSettings(parameters)
        let answers = try Self.answers(parameters)
        let limits = try LengthLimits(parameters, fields: ["instruction", "answer"])
        let run = try await DatasetRun(context, settings: settings)
        let outcomes: [ExtractOutcome]
        let prompts: [String: String]
        switch answers {
        case .passages:
            let writer = InstructionWriter(
                prompt: try InstructionWriter.prompt(parameters), system: try parameters.string("passage_system_prompt"))
            let selector = PassageSelector(lengths: try LengthLimits(parameters, fields: ["passage"]).range("passage"))
            outcomes = try await Self.passageExamples(run, writer: writer, selector: selector)
            prompts = ["passage_system_prompt": writer.system, "passage_prompt": writer.prompt.source]
        case .generated:
            let prompt = try Self.prompt(parameters)
            let system = try parameters.string("system_prompt")
            outcomes = try await Self.generatedExamples(run, prompt: prompt, system: system)
            prompts = ["system_prompt": system, "prompt": prompt.source]
        }
        return try await run.finish(
            outcomes,
            filter: ExampleFilter(
                limits: limits, languageFields: ["answer"],
                uniqueFields: answers == .passages ? ["instruction", "answer"] : ["instruction"]),
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
            prompts: prompts.merging(["answers": answers.rawValue]) { $1 })
    }
}
