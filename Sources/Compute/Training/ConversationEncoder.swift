/// Turns conversations into training sequences with the model's own chat template, the one generation
/// and serving use, and finds the assistant's tokens in them: each assistant turn's tokens are those the
/// conversation up to and including it adds to the conversation before it with the generation prompt.
/// The labels run through the turn's first end-of-turn token (`<|im_end|>` for ChatML), so the model learns
/// to stop, and not past it.
public struct ConversationEncoder: Sendable {
    /// Which tokens the loss is computed on.
    public enum LossScope: String, Sendable, CaseIterable, Codable {
        case assistant, all
    }

    public let model: LanguageModel
    public let scope: LossScope
    /// The longest sequence; longer ones are cut at the end.
    public let maxLength: Int

    public init(model: LanguageModel, scope: LossScope, maxLength: Int) throws {
        guard model.chatTemplate != nil else {
            throw TrainingError(
                .invalidSetting,
                "\(model.source.lastPathComponent) has no chat template, so conversations cannot be rendered for training")
        }
        self.model = model
        self.scope = scope
        self.maxLength = maxLength
    }

    /// The conversation's tokens and labels, cut to `maxLength`.
    public func sequence(_ messages: [ChatMessage]) throws -> TrainingSequence {
        let template = model.chatTemplate!
        let tokens = try encode(template.render(messages: messages, addGenerationPrompt: false))
        var labels = [Bool](repeating: scope == .all, count: tokens.count)
        if scope == .assistant {
            for (index, message) in messages.enumerated() where message.role == "assistant" {
                let span = try assistantSpan(index, messages, tokens)
                let end = span.firstIndex { model.stopTokenIDs.contains(tokens[$0]) } ?? (span.upperBound - 1)
                for position in span.lowerBound...end { labels[position] = true }
            }
        }
        let length = min(tokens.count, maxLength)
        return TrainingSequence(tokens: Array(tokens[..<length]), isLabel: Array(labels[..<length]))
    }

    /// A prompt and its completion (DPO's chosen or rejected answer): the completion's tokens are the
    /// labels, through its end-of-turn token. When the pair is longer than `maxLength`, the prompt loses its
    /// start first.
    public func completion(prompt: [ChatMessage], answer: [ChatMessage]) throws -> TrainingSequence {
        let template = model.chatTemplate!
        let promptTokens = try encode(template.render(messages: prompt, addGenerationPrompt: true))
        let tokens = try encode(template.render(messages: prompt + answer, addGenerationPrompt: false))
        guard tokens.starts(with: promptTokens), tokens.count > promptTokens.count else {
            throw unaligned("the prompt with its generation prompt is not the start of the prompt with its answer")
        }
        var labels = [Bool](repeating: false, count: tokens.count)
        let end =
            (promptTokens.count..<tokens.count).first { model.stopTokenIDs.contains(tokens[$0]) } ?? (tokens.count - 1)
        for position in promptTokens.count...end { labels[position] = true }
        var kept = Array(tokens[...end])
        var keptLabels = Array(labels[...end])
        if kept.count > maxLength {
            let cut = kept.count - maxLength
            let completion = kept.count - promptTokens.count
            guard completion < maxLength else {
                kept = Array(kept[promptTokens.count..<(promptTokens.count + maxLength)])
                keptLabels = Array(keptLabels[promptTokens.count..<(promptTokens.count + maxLength)])
                return TrainingSequence(tokens: kept, isLabel: keptLabels)
            }
            kept.removeFirst(cut)
            keptLabels.removeFirst(cut)
        }
        return TrainingSequence(tokens: kept, isLabel: keptLabels)
    }

    /// Checks on a probe conversation that the template renders conversations as prefixes of each other,
    /// which finding assistant tokens needs: a template that does not is refused before training starts.
    public func checkTemplate() throws {
        guard scope == .assistant else { return }
        let probe = [
            ChatMessage(role: "user", content: "What is a probe?"),
            ChatMessage(role: "assistant", content: "A question asked to check something."),
            ChatMessage(role: "user", content: "And a second one?"),
            ChatMessage(role: "assistant", content: "Another."),
        ]
        let sequence = try sequence(probe)
        guard sequence.labelCount > 0 else { throw unaligned("no assistant token was found in a probe conversation") }
    }

    private func assistantSpan(_ index: Int, _ messages: [ChatMessage], _ tokens: [Int]) throws -> Range<Int> {
        let template = model.chatTemplate!
        let before = try encode(template.render(messages: Array(messages[..<index]), addGenerationPrompt: true))
        let through = try encode(template.render(messages: Array(messages[...index]), addGenerationPrompt: false))
        guard tokens.starts(with: before), tokens.starts(with: through), through.count > before.count else {
            throw unaligned("the conversation up to assistant turn \(index) is not a start of the whole conversation")
        }
        return before.count..<through.count
    }

    private func encode(_ text: String) throws -> [Int] {
        model.tokenizer.encode(text, addSpecialTokens: false)
    }

    private func unaligned(_ detail: String) -> TrainingError {
        TrainingError(
            .invalidSetting,
            "the chat template of \(model.source.lastPathComponent) does not let the assistant's tokens be found "
                + "(\(detail)); train with loss_on: all, or use a model whose template renders turns one after another")
    }
}
