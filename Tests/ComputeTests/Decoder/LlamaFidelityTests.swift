import Compute
import Foundation
import Testing

/// The native decoder against transformers' `LlamaForCausalLM` on the two tiny fixture models.
@Suite("LlamaModel against transformers")
struct LlamaFidelityTests {
    @Test("logits within 1e-3 of the reference at every position of every sequence", arguments: LlamaReference.variants)
    func logitsMatch(variant: String) throws {
        let reference = try LlamaReference(variant)
        let model = try LlamaModel(folder: reference.folder)
        #expect(reference.sequences.map(\.ids.count).contains(100))
        for sequence in reference.sequences {
            var cache = model.makeCache(capacity: 128)
            let logits = try model.allLogits(for: sequence.ids, cache: &cache)
            #expect(logits.count == sequence.ids.count)
            #expect(cache.count == sequence.ids.count)
            for (position, (row, expected)) in zip(logits, sequence.logits).enumerated() {
                #expect(row.count == 300)
                let distance = LlamaReference.distance(row, expected)
                #expect(distance < 1e-3, "\(variant), length \(sequence.ids.count), position \(position): \(distance)")
            }
            // The last row alone goes through matrix-vector products instead of one matrix product: the same
            // sums in another order.
            var fresh = model.makeCache(capacity: 128)
            let last = try model.logits(for: sequence.ids, cache: &fresh)
            #expect(LlamaReference.distance(last, try #require(logits.last)) < 1e-5)
        }
    }

    @Test("decoding token by token with the cache gives the logits of the whole sequence", arguments: LlamaReference.variants)
    func incrementalDecoding(variant: String) throws {
        let reference = try LlamaReference(variant)
        let model = try LlamaModel(folder: reference.folder)
        let sequence = try #require(reference.sequences.first { $0.ids.count == 100 })
        // A prompt of 33 tokens as one batch, then one token at a time, then the rest as a batch of 7.
        var cache = model.makeCache(capacity: 128)
        var rows = try model.allLogits(for: Array(sequence.ids[0..<33]), cache: &cache)
        for id in sequence.ids[33..<93] { rows.append(try model.logits(for: [id], cache: &cache)) }
        rows += try model.allLogits(for: Array(sequence.ids[93...]), cache: &cache)
        #expect(cache.count == 100)
        var whole = model.makeCache(capacity: 128)
        let batch = try model.allLogits(for: sequence.ids, cache: &whole)
        for position in 0..<100 {
            let distance = LlamaReference.distance(rows[position], batch[position])
            #expect(distance < 1e-4, "position \(position): \(distance)")
            #expect(LlamaReference.distance(rows[position], sequence.logits[position]) < 1e-3)
        }
    }

    @Test("greedy continuations match transformers' for 20 tokens", arguments: LlamaReference.variants)
    func greedyContinuations(variant: String) throws {
        let reference = try LlamaReference(variant)
        let model = try LlamaModel(folder: reference.folder)
        #expect(reference.continuations.count == 3)
        for continuation in reference.continuations {
            let generator = TextGenerator(model: model)
            var sampler = TokenSampler.greedy
            var streamed: [Int] = []
            let tokens = try generator.generate(
                prompt: continuation.prompt, maxTokens: 20, stopTokens: [], sampler: &sampler
            ) { streamed.append($0) }
            #expect(tokens == continuation.greedy)
            #expect(streamed == tokens)
        }
    }

    @Test("a copied cache continues independently of the original")
    func cacheCopies() throws {
        let reference = try LlamaReference("tied")
        let model = try LlamaModel(folder: reference.folder)
        let ids = try #require(reference.sequences.first { $0.ids.count == 33 }).ids
        var shared = model.makeCache(capacity: 128)
        _ = try model.logits(for: Array(ids[0..<20]), cache: &shared)
        var fork = shared
        let a = try model.logits(for: Array(ids[20...]), cache: &shared)
        let b = try model.logits(for: [7, 8, 9], cache: &fork)
        fork.truncate(to: 20)
        let c = try model.logits(for: Array(ids[20...]), cache: &fork)
        #expect(shared.count == 33)
        #expect(a == c)
        #expect(a != b)
        #expect(LlamaReference.distance(a, reference.sequences.first { $0.ids.count == 33 }!.logits[32]) < 1e-3)
    }

    @Test("one worker and two workers give the same logits")
    func threads() throws {
        let reference = try LlamaReference("untied")
        let one = try LlamaModel(folder: reference.folder, threads: 1)
        let two = try LlamaModel(folder: reference.folder, threads: 2)
        let ids = try #require(reference.sequences.first { $0.ids.count == 100 }).ids
        var first = one.makeCache(capacity: 128)
        var second = two.makeCache(capacity: 128)
        let a = try one.allLogits(for: ids, cache: &first)
        let b = try two.allLogits(for: ids, cache: &second)
        // Split products may take different BLAS kernels for their edges: the same sums, rounded differently.
        for (x, y) in zip(a, b) { #expect(LlamaReference.distance(x, y) < 1e-4) }
    }
}
