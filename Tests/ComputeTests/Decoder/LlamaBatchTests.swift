import Compute
import Foundation
import Testing

/// One token of several sequences in one forward pass gives each sequence the logits it gets alone.
@Suite("LlamaModel batched decoding")
struct LlamaBatchTests {
    static let gguf = ReferenceModel.fixtures.appendingPathComponent("gguf")

    /// Prompts of different lengths, so that every sequence of the batch sits at its own position.
    static let prompts: [[Int]] = [[1, 17, 42], [1, 5], [1, 99, 100, 101, 102, 7], [1], [1, 3, 3, 3], [1, 250, 12]]

    /// Compares the batched logits of `model` with one sequence at a time on `reference` (the model itself,
    /// or its float32 twin where the batch takes another kernel than a single row).
    static func check(_ model: LlamaModel, reference: LlamaModel? = nil, batch: Int, tolerance: Float) throws {
        let reference = reference ?? model
        let prompts = Array(Self.prompts.prefix(batch))
        var alone: [LlamaKVCache] = []
        var together: [LlamaKVCache] = []
        for prompt in prompts {
            var cache = reference.makeCache(capacity: 16)
            _ = try reference.logits(for: prompt, cache: &cache)
            alone.append(cache)
            // A copy continues independently: the batch and the one-by-one runs start from the same state.
            together.append(cache)
        }
        let workspace = model.makeBatchWorkspace(rows: 8)
        for step in 0..<3 {
            let tokens = prompts.indices.map { (11 * $0 + 7 * step) % 290 + 3 }
            let batched = try model.logits(next: tokens, caches: &together, workspace: workspace)
            for index in prompts.indices {
                let single = try reference.logits(for: [tokens[index]], cache: &alone[index])
                let difference = zip(single, batched[index]).map { abs($0 - $1) }.max() ?? 0
                #expect(difference <= tolerance, "sequence \(index), step \(step): \(difference)")
                #expect(together[index].count == alone[index].count)
            }
        }
    }

    @Test("float weights: the same logits as one sequence at a time")
    func floatWeights() throws {
        let model = try LlamaModel(gguf: Self.gguf.appendingPathComponent("tiny-llama-f32.gguf"), threads: 2)
        try Self.check(model, batch: 3, tolerance: 1e-4)
        try Self.check(model, batch: 6, tolerance: 1e-4)
    }

    /// Up to 4 rows take the integer kernels, as one row does, with 8-bit activations; more rows take
    /// dequantized tiles of the weights and float activations, which is what the float32 twin computes.
    @Test("quantized weights: the integer kernels as one row, or the dequantized weights' exact products")
    func quantizedWeights() throws {
        let url = Self.gguf.appendingPathComponent("tiny-llama-q8_0.gguf")
        let model = try LlamaModel(gguf: url, threads: 2)
        try Self.check(model, batch: 3, tolerance: 1e-4)
        try Self.check(model, reference: try LlamaModel(gguf: url, threads: 2, exact: true), batch: 6, tolerance: 1e-3)
    }

    @Test("a batch is refused when it does not match its caches or its workspace")
    func refusals() throws {
        let model = try LlamaModel(gguf: Self.gguf.appendingPathComponent("tiny-llama-f32.gguf"), threads: 1)
        var caches = [model.makeCache(capacity: 4), model.makeCache(capacity: 4)]
        let small = model.makeBatchWorkspace(rows: 1)
        #expect(throws: DecoderError.self) { try model.logits(next: [3], caches: &caches, workspace: small) }
        #expect(throws: DecoderError.self) { try model.logits(next: [3, 4], caches: &caches, workspace: small) }
        let workspace = model.makeBatchWorkspace(rows: 2)
        #expect(throws: DecoderError.self) { try model.logits(next: [3, 9999], caches: &caches, workspace: workspace) }
        var full = [model.makeCache(capacity: 1)]
        _ = try model.logits(next: [3], caches: &full, workspace: workspace)
        #expect(throws: DecoderError.self) { try model.logits(next: [3], caches: &full, workspace: workspace) }
    }
}
