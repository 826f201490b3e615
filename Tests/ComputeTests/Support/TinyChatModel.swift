import Foundation

@testable import Compute

/// `Tests/Fixtures/tiny-chat-model` (a random two-layer Llama with a ChatML tokenizer) and adapters for it.
enum TinyChatModel {
    static let folder = ReferenceModel.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model")

    static func configuration() throws -> LlamaConfiguration {
        try LlamaConfiguration(contentsOf: folder.appendingPathComponent("config.json"), file: "config.json")
    }

    /// An adapter of `rank` on `targets` with PEFT's initialization, and, unless `zeroB`, a seeded `B` of
    /// values up to `size`, large enough to move the logits well past float rounding.
    static func adapter(
        rank: Int = 4, alpha: Double = 8, targets: [LoRATarget] = LoRATarget.allCases, seed: UInt64 = 7, zeroB: Bool = false,
        size: Float = 0.2
    ) throws -> LoRAAdapter {
        var adapter = LoRAAdapter(
            configuration: LoRAConfiguration(rank: rank, alpha: alpha, targets: targets), model: try configuration(),
            baseModel: "Tests/Fixtures/tiny-chat-model", seed: seed)
        guard !zeroB else { return adapter }
        var random = SplitMix64(seed: seed &+ 1)
        for layer in adapter.layers.indices {
            for target in targets {
                let pair = adapter.layers[layer][target]!
                let b = pair.b.map { _ in Float.random(in: -size...size, using: &random) }
                adapter.layers[layer][target] = LoRAAdapter.Pair(
                    a: pair.a, b: b, inFeatures: pair.inFeatures, outFeatures: pair.outFeatures)
            }
        }
        return adapter
    }
}
