import Testing

@testable import Compute

/// Conversations become token ids with the model's own chat template; the loss is on the assistant's
/// tokens through its end-of-turn token, and nowhere else.
struct ConversationEncoderTests {
    static let conversation = [
        ChatMessage(role: "user", content: "Name a colour."),
        ChatMessage(role: "assistant", content: "Blue."),
        ChatMessage(role: "user", content: "Another?"),
        ChatMessage(role: "assistant", content: "Green, like grass."),
    ]

    @Test func labelsAreTheAssistantsTokensThroughTheirEndOfTurnToken() throws {
        let model = try LanguageModel(contentsOf: TrainingFixture.folder)
        let encoder = try ConversationEncoder(model: model, scope: .assistant, maxLength: 512)
        let sequence = try encoder.sequence(Self.conversation)
        let text = try model.chatTemplate!.render(messages: Self.conversation, addGenerationPrompt: false)
        #expect(sequence.tokens == model.tokenizer.encode(text, addSpecialTokens: false))
        let endOfTurn = model.tokenizer.id(of: "<|im_end|>")!
        // Group the labelled tokens into runs: one per assistant turn.
        var runs: [[Int]] = []
        for (index, isLabel) in sequence.isLabel.enumerated() where isLabel {
            if index > 0, sequence.isLabel[index - 1] {
                runs[runs.count - 1].append(sequence.tokens[index])
            } else {
                runs.append([sequence.tokens[index]])
            }
        }
        #expect(runs.count == 2)
        #expect(runs.map { $0.last } == [endOfTurn, endOfTurn])
        #expect(model.tokenizer.decode(runs[0]) == "Blue.<|im_end|>")
        #expect(model.tokenizer.decode(runs[1]) == "Green, like grass.<|im_end|>")
    }

    @Test func lossOnAllLabelsEveryTokenButTheFirst() throws {
        let model = try LanguageModel(contentsOf: TrainingFixture.folder)
        let sequence = try ConversationEncoder(model: model, scope: .all, maxLength: 512).sequence(Self.conversation)
        #expect(sequence.labelCount == sequence.tokens.count - 1)
    }

    @Test func longConversationsAreCutAtMaxLength() throws {
        let model = try LanguageModel(contentsOf: TrainingFixture.folder)
        let sequence = try ConversationEncoder(model: model, scope: .assistant, maxLength: 20).sequence(Self.conversation)
        #expect(sequence.tokens.count == 20)
    }

    @Test func aCompletionsLabelsAreItsAnswerThroughEndOfTurn() throws {
        let model = try LanguageModel(contentsOf: TrainingFixture.folder)
        let encoder = try ConversationEncoder(model: model, scope: .assistant, maxLength: 512)
        let sequence = try encoder.completion(
            prompt: [ChatMessage(role: "user", content: "Name a colour.")],
            answer: [ChatMessage(role: "assistant", content: "Blue.")])
        let labelled = zip(sequence.tokens, sequence.isLabel).filter(\.1).map(\.0)
        #expect(model.tokenizer.decode(labelled) == "Blue.<|im_end|>")
        #expect(sequence.tokens.last == model.tokenizer.id(of: "<|im_end|>"))
    }

    @Test func aTemplateThatDoesNotRenderTurnsInOrderIsRefusedBeforeTraining() throws {
        let model = try LanguageModel(contentsOf: TrainingFixture.folder)
        // Renders the conversation backwards: an earlier prefix is never the start of the whole.
        let reversed = try ChatTemplate(
            "{% for message in messages|reverse %}<|im_start|>{{ message['role'] }}\n{{ message['content'] }}<|im_end|>\n"
                + "{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}")
        let odd = LanguageModel(
            source: model.source, decoder: model.decoder, tokenizer: model.tokenizer, chatTemplate: reversed,
            stopTokenIDs: model.stopTokenIDs)
        let encoder = try ConversationEncoder(model: odd, scope: .assistant, maxLength: 512)
        #expect(throws: TrainingError.self) { try encoder.checkTemplate() }
        try ConversationEncoder(model: odd, scope: .all, maxLength: 512).checkTemplate()
    }
}
