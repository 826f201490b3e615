import Compute
import Foundation
import Testing

@Suite("TextGenerator")
struct TextGeneratorTests {
    static func setup() throws -> (TextGenerator, LlamaReference.Continuation) {
        let reference = try LlamaReference("tied")
        return (TextGenerator(model: try LlamaModel(folder: reference.folder)), reference.continuations[0])
    }

    @Test("generation stops at a stop token, which is neither returned nor streamed")
    func stopToken() throws {
        let (generator, expected) = try Self.setup()
        let greedy = expected.greedy
        let stop = try #require((1..<greedy.count).first { !greedy[..<$0].contains(greedy[$0]) })
        var sampler = TokenSampler.greedy
        var streamed: [Int] = []
        let tokens = try generator.generate(
            prompt: expected.prompt, maxTokens: 20, stopTokens: [greedy[stop]], sampler: &sampler
        ) { streamed.append($0) }
        #expect(tokens == Array(greedy[..<stop]))
        #expect(streamed == tokens)
    }

    @Test("generation stops at maxTokens and when the cache is full")
    func limits() throws {
        let (generator, expected) = try Self.setup()
        var sampler = TokenSampler.greedy
        #expect(try generator.generate(prompt: expected.prompt, maxTokens: 0, stopTokens: [], sampler: &sampler).isEmpty)
        #expect(
            try generator.generate(prompt: expected.prompt, maxTokens: 5, stopTokens: [], sampler: &sampler)
                == Array(expected.greedy[..<5]))
        // Three positions after the prompt: three tokens are fed back, and a fourth is chosen from the last.
        var cache = generator.model.makeCache(capacity: expected.prompt.count + 3)
        let tokens = try generator.generate(
            prompt: expected.prompt, maxTokens: 20, stopTokens: [], sampler: &sampler, cache: &cache)
        #expect(tokens == Array(expected.greedy[..<4]))
        #expect(cache.remaining == 0)
    }

    @Test("sampling with a seed repeats; a conversation continues in its cache")
    func seededAndContinued() throws {
        let (generator, expected) = try Self.setup()
        func sample(seed: UInt64) throws -> [Int] {
            var sampler = TokenSampler(temperature: 1.5, topP: 0.95, topK: 50, seed: seed)
            return try generator.generate(prompt: expected.prompt, maxTokens: 30, stopTokens: [], sampler: &sampler)
        }
        #expect(try sample(seed: 11) == sample(seed: 11))
        #expect(try sample(seed: 11) != sample(seed: 12))

        // The first ten greedy tokens, then the rest in a second call on the same cache, match one run of 20.
        var cache = generator.model.makeCache(capacity: 128)
        var sampler = TokenSampler.greedy
        let head = try generator.generate(
            prompt: expected.prompt, maxTokens: 10, stopTokens: [], sampler: &sampler, cache: &cache)
        #expect(head == Array(expected.greedy[..<10]))
        // The tenth token was chosen but never fed back: it is the next call's prompt.
        let tail = try generator.generate(prompt: [head[9]], maxTokens: 10, stopTokens: [], sampler: &sampler, cache: &cache)
        #expect(head + tail == expected.greedy)
    }
}
