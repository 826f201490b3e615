import ArtifactStore
import Compute
import Orchestrator

/// Instruction backtranslation: asks the generator which instruction one of the author's passages
/// answers, one passage per request and in plain text, so that the passage itself can be the answer.
/// Small models write one question for a text they are shown far better than they write JSON lists of
/// pairs, and the answer keeps the author's voice because nobody rewrote it.
struct InstructionWriter: Sendable {
    let prompt: PromptTemplate
    let system: String

    /// An instruction is one line: more tokens than this are a model rambling on.
    static let maxTokens = 96

    static let defaultSystemPrompt = "You write the question a reader would ask about a text."

    // Short and plain: SmolLM2-135M, shown a passage and asked which question it answers, describes the
    // passage instead; asked for a question about its topic, it writes one.
    static let defaultPrompt = """
        {{passage}}

        Write a question about this topic.
        """

    /// Where the backend takes one (the native one), the answer starts with this label, which steers a
    /// small model into writing a question rather than talking about the text; it is removed again.
    static let answerPrefix = "Question:"

    static func prompt(_ parameters: StepParameters) throws -> PromptTemplate {
        try PromptTemplate(
            parameters.string("passage_prompt"), parameter: "passage_prompt", requires: ["passage"],
            allows: ["passage", "author"])
    }

    /// The instruction `passage` answers. Throws `DatasetGenerator.Failure` with the rejection when the
    /// request fails or the answer holds no usable instruction.
    func instruction(for passage: String, in extract: TextExtract, generator: DatasetGenerator) async throws -> String {
        var messages = system.isEmpty ? [] : [ChatMessage(role: "system", content: system)]
        messages.append(ChatMessage(role: "user", content: prompt.render(["passage": passage, "author": extract.author])))
        // The seed follows the passage, not its place in an extract, so the same passage gets the same
        // instruction however the extracts are cut.
        let key = "instruction/" + Hashing.sha256("\(extract.author)\n\(passage)")
        let answer = try await generator.ask(
            messages, key: key, extract: extract.id, json: false, prefix: Self.answerPrefix, maxTokens: Self.maxTokens)
        let instruction = WrittenInstruction(answer)
        if let problem = instruction.problem(answering: passage) {
            throw DatasetGenerator.Failure(
                rejection: Rejection(extract: extract.id, kind: .invalid, reason: problem, item: Rejection.snippet(answer)))
        }
        return instruction.text
    }
}
