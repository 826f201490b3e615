import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// An adapter on the real SmolLM2-135M-Instruct (Q4_1 GGUF: 30 layers, 9 query and 3 key heads of 64):
/// merged at load, and exported as a merged GGUF that keeps the base's Q4_1 or goes to F16.
@Suite("SmolLM2 with an adapter", .serialized)
struct SmolLM2AdapterTests {
    static func adapter(_ config: LlamaConfiguration) -> LoRAAdapter {
        var adapter = LoRAAdapter(
            configuration: LoRAConfiguration(rank: 8, alpha: 16, targets: [.query, .key, .value, .output]), model: config,
            baseModel: "models/SmolLM2-135M-Instruct.Q4_1.gguf", seed: 11)
        var random = SplitMix64(seed: 12)
        for layer in adapter.layers.indices {
            for target in adapter.configuration.targets {
                let pair = adapter.layers[layer][target]!
                adapter.layers[layer][target] = LoRAAdapter.Pair(
                    a: pair.a, b: pair.b.map { _ in Float.random(in: -0.05...0.05, using: &random) }, inFeatures: pair.inFeatures,
                    outFeatures: pair.outFeatures)
            }
        }
        return adapter
    }

    static func top(_ logits: [Float], _ count: Int) -> [Int] {
        Array(logits.indices.sorted { logits[$0] > logits[$1] }.prefix(count))
    }

    func logits(_ model: LlamaModel, _ tokens: [Int]) throws -> [Float] {
        var cache = model.makeCache(capacity: tokens.count)
        return try model.logits(for: tokens, cache: &cache)
    }

    @Test("the merged F16 GGUF computes what the adapter merged at load computes, and the adapter changes the answer")
    func mergedF16() throws {
        let url = try SmolLM2GGUF.require()
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let base = try LanguageModel(contentsOf: url, threads: 2)
        let adapter = Self.adapter(base.decoder.configuration)
        let adapted = try base.merging(adapter, adapterFile: "adapter")
        let merged = folder.url.appendingPathComponent("merged.gguf")
        let notes = try MergedGGUFExport.write(
            adapter, adapterFile: "adapter", base: try BaseModel(contentsOf: url), precision: .type(.f16), to: merged)
        #expect(notes.isEmpty)
        let reloaded = try LanguageModel(contentsOf: merged, threads: 2)
        let tokens = try base.promptTokens(for: [ChatMessage(role: "user", content: "What is the capital of France?")])
        let expected = try logits(adapted.decoder, tokens)
        let baseLogits = try logits(base.decoder, tokens)
        // Logits reach about 25; F16 rounding of the adapted matrices moves them by about 0.06.
        let reloadedLogits = try logits(reloaded.decoder, tokens)
        #expect(LlamaReference.distance(reloadedLogits, expected) < 0.2)
        #expect(Self.top(reloadedLogits, 1) == Self.top(expected, 1))
        #expect(Set(Self.top(reloadedLogits, 5)) == Set(Self.top(expected, 5)))
        #expect(LlamaReference.distance(baseLogits, expected) > 1)

        let quantized = folder.url.appendingPathComponent("merged-q4_1.gguf")
        _ = try MergedGGUFExport.write(
            adapter, adapterFile: "adapter", base: try BaseModel(contentsOf: url), precision: .base, to: quantized)
        let file = try GGUFFile(contentsOf: quantized)
        #expect(try file.tensor("blk.3.attn_q.weight").type == .q4_1)
        let size = try FileManager.default.attributesOfItem(atPath: quantized.path)[.size] as? Int ?? 0
        let baseSize = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? 0
        #expect(abs(size - baseSize) < 4096)
        let requantized = try logits(try LlamaModel(gguf: quantized, threads: 2), tokens)
        #expect(Self.top(requantized, 1) == Self.top(expected, 1))
    }
}
