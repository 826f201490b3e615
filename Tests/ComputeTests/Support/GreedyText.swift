@testable import Compute

/// Greedy continuations of chat prompts, for comparing two ways of computing the same model.
enum GreedyText {
    static let conversations: [[ChatMessage]] = [
        [ChatMessage(role: "user", content: "Write one sentence about LoRA.")],
        [ChatMessage(role: "system", content: "Answer with JSON."), ChatMessage(role: "user", content: "List 3 colours.")],
    ]

    /// The tokens greedy decoding gives after each conversation, and the text they decode to.
    static func answers(_ model: LanguageModel, maxTokens: Int = 24) throws -> [String] {
        try conversations.map { messages in
            var sampler = TokenSampler.greedy
            let tokens = try TextGenerator(model: model.decoder).generate(
                prompt: try model.promptTokens(for: messages), maxTokens: maxTokens, stopTokens: model.stopTokenIDs,
                sampler: &sampler)
            return "\(tokens)" + model.tokenizer.decode(tokens)
        }
    }
}
