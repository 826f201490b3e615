import Compute
import Foundation
import OrchestrateTesting
import Testing

@testable import Generation

/// One answer decoded a step at a time gives what the whole decoding loop gives.
struct DecodingSequenceTests {
    static let model = try! LanguageModel(contentsOf: NativeChatGeneratorTests.folder)

    @Test func greedyStepsGiveTheReferenceContinuation() throws {
        for reference in try NativeChatGeneratorTests.cases() {
            var sequence = try DecodingSequence(
                model: Self.model, prompt: reference.promptIDs,
                options: GenerationOptions(temperature: 0, maxTokens: reference.generatedIDs.count, repetitionPenalty: 1))
            var text = ""
            var finish: DecodingSequence.Finish?
            while finish == nil {
                let step = try sequence.step()
                text += step.text
                finish = step.finish
            }
            let expected = Self.model.tokenizer.decode(reference.generatedIDs, skipSpecialTokens: true)
            #expect(text == expected)
            #expect(sequence.generatedTokens == reference.generatedIDs.count)
            #expect(finish == .length)
        }
    }

    @Test func stepsInterleavedAcrossSequencesDoNotDisturbEachOther() throws {
        let cases = try NativeChatGeneratorTests.cases()
        let options = GenerationOptions(temperature: 0, maxTokens: 12, repetitionPenalty: 1)
        var sequences = try cases.map { try DecodingSequence(model: Self.model, prompt: $0.promptIDs, options: options) }
        var texts = Array(repeating: "", count: cases.count)
        for _ in 0..<12 {
            for index in sequences.indices { texts[index] += try sequences[index].step().text }
        }
        for (index, reference) in cases.enumerated() {
            #expect(
                texts[index] == Self.model.tokenizer.decode(Array(reference.generatedIDs.prefix(12)), skipSpecialTokens: true))
        }
    }

    @Test func aBannedTokenIsNeverSampledAndABadOneIsRefused() throws {
        let reference = try #require(try NativeChatGeneratorTests.cases().first)
        let first = reference.generatedIDs[0]
        var sequence = try DecodingSequence(
            model: Self.model, prompt: reference.promptIDs, options: GenerationOptions(temperature: 0, maxTokens: 1),
            logitBias: [first: -100])
        let step = try sequence.step()
        #expect(sequence.generatedTokens == 1)
        #expect(step.text != Self.model.tokenizer.decode([first], skipSpecialTokens: true), "greedy's first choice is banned")
        #expect(throws: GenerationError.self) {
            try DecodingSequence(
                model: Self.model, prompt: [1], options: GenerationOptions(), logitBias: [1_000_000: 1])
        }
        #expect(throws: GenerationError.self) {
            try DecodingSequence(model: Self.model, prompt: [], options: GenerationOptions())
        }
    }

    @Test func stepsTakenTogetherGiveWhatEachGivesAlone() throws {
        let cases = try NativeChatGeneratorTests.cases()
        let options = GenerationOptions(temperature: 0, maxTokens: 12, repetitionPenalty: 1)
        let workspace = Self.model.decoder.makeBatchWorkspace(rows: 2)
        // Three sequences with a workspace of two rows: the batch is split, and the third starts late.
        var together = try (cases + cases.prefix(1)).map {
            try DecodingSequence(model: Self.model, prompt: $0.promptIDs, options: options)
        }
        var texts = Array(repeating: "", count: together.count)
        var finishes = [DecodingSequence.Finish?](repeating: nil, count: together.count)
        for _ in 0..<14 {
            for (index, result) in DecodingSequence.step(&together, workspace: workspace).enumerated() {
                let step = try result.get()
                texts[index] += step.text
                finishes[index] = step.finish ?? finishes[index]
            }
        }
        for (index, reference) in (cases + cases.prefix(1)).enumerated() {
            #expect(
                texts[index] == Self.model.tokenizer.decode(Array(reference.generatedIDs.prefix(12)), skipSpecialTokens: true))
            #expect(finishes[index] == .length)
            #expect(together[index].generatedTokens == 12)
        }
    }
}
