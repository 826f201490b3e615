import Compute
import Foundation
import OrchestrateTesting
import Testing

@testable import Generation

/// The in-process backend on a tiny random chat model whose greedy continuations transformers computed.
struct NativeChatGeneratorTests {
    static let folder = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model")

    struct Case: Decodable {
        struct Message: Decodable {
            let role: String
            let content: String
        }
        let messages: [Message]
        let promptIDs: [Int]
        let generatedIDs: [Int]

        enum CodingKeys: String, CodingKey {
            case messages
            case promptIDs = "prompt_ids"
            case generatedIDs = "generated_ids"
        }
    }

    static func cases() throws -> [Case] {
        try JSONDecoder().decode([Case].self, from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
    }

    static func generator() throws -> NativeChatGenerator {
        NativeChatGenerator(model: try LanguageModel(contentsOf: folder))
    }

    @Test func theChatTemplateAndTokenizerGiveTheReferencePromptAndGreedyDecodingItsContinuation() async throws {
        let generator = try Self.generator()
        for reference in try Self.cases() {
            let messages = reference.messages.map { ChatMessage(role: $0.role, content: $0.content) }
            #expect(try generator.model.promptTokens(for: messages) == reference.promptIDs)
            let result = try await generator.generate(
                messages, options: GenerationOptions(temperature: 0, maxTokens: reference.generatedIDs.count), onText: nil)
            let expected = generator.model.tokenizer.decode(reference.generatedIDs, skipSpecialTokens: true)
            #expect(result.text == expected)
            #expect(result.promptTokens == reference.promptIDs.count)
            #expect(result.completionTokens == reference.generatedIDs.count)
            #expect(result.cost == 0)
        }
    }

    @Test func theStreamedPiecesMakeTheWholeAnswer() async throws {
        let generator = try Self.generator()
        let pieces = Collected()
        let result = try await generator.generate(
            [ChatMessage(role: "user", content: "Tell me a story.")],
            options: GenerationOptions(temperature: 0.9, maxTokens: 40, seed: 3),
            onText: { pieces.append($0) })
        #expect(pieces.all.joined() == result.text)
        #expect(result.completionTokens > 0)
    }

    @Test func theSameSeedGivesTheSameAnswerAndAnotherSeedAnotherOne() async throws {
        let generator = try Self.generator()
        let question = [ChatMessage(role: "user", content: "What is RAG?")]
        func answer(_ seed: UInt64) async throws -> String {
            try await generator.generate(
                question, options: GenerationOptions(temperature: 1, maxTokens: 30, seed: seed), onText: nil
            ).text
        }
        let first = try await answer(11)
        #expect(try await answer(11) == first)
        #expect(try await answer(12) != first)
    }

    @Test func aStopSequenceEndsTheAnswerBeforeIt() async throws {
        let generator = try Self.generator()
        let question = [ChatMessage(role: "user", content: "Write one sentence about LoRA.")]
        let whole = try await generator.generate(question, options: GenerationOptions(temperature: 0, maxTokens: 24), onText: nil)
        let stop = String(whole.text.dropFirst(6).prefix(3))
        let cut = try await generator.generate(
            question, options: GenerationOptions(temperature: 0, maxTokens: 24, stop: [stop]), onText: nil)
        #expect(cut.text == String(whole.text[..<whole.text.range(of: stop)!.lowerBound]))
        #expect(cut.finishReason == "stop")
    }

    @Test func aRawPromptSkipsTheChatTemplate() async throws {
        let generator = try Self.generator()
        let raw = try await generator.generate(
            raw: "Hello", options: GenerationOptions(temperature: 0, maxTokens: 5), onText: nil)
        #expect(raw.promptTokens == generator.model.rawPromptTokens(for: "Hello").count)
        #expect(raw.promptTokens < 5)
    }

    @Test func aPromptLongerThanTheContextIsAClearError() async throws {
        let generator = try Self.generator()
        let long = String(repeating: "word ", count: 5000)
        await #expect(throws: GenerationError.self) {
            try await generator.generate([ChatMessage(role: "user", content: long)], options: GenerationOptions(), onText: nil)
        }
    }
}
