import Foundation
import OrchestrateTesting

@testable import Compute

/// The tiny random chat model with adapters and texts for the trainer's tests.
enum TrainingFixture {
    static let folder = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/tiny-chat-model")

    static func model() throws -> LlamaModel { try LlamaModel(folder: folder, threads: 1) }

    /// An adapter on every module whose `A` and `B` are both non-zero, so every gradient path is exercised.
    static func adapter(for model: LlamaModel, rank: Int = 4, dropout: Double = 0, seed: UInt64 = 7) -> LoRAAdapter {
        var adapter = LoRAAdapter(
            configuration: LoRAConfiguration(rank: rank, alpha: 8, dropout: dropout), model: model.configuration,
            baseModel: "tiny", seed: seed)
        var random = SplitMix64(seed: seed &+ 1)
        for index in adapter.layers.indices {
            for target in LoRATarget.allCases {
                adapter.layers[index][target]!.b = adapter.layers[index][target]!.b.map { _ in
                    Float.random(in: -0.2..<0.2, using: &random)
                }
            }
        }
        return adapter
    }

    /// Texts with prompt tokens masked, one with every token a label.
    static func batch() -> [TrainingSequence] {
        [
            TrainingSequence(
                tokens: [1, 17, 230, 44, 5, 901, 77, 2], isLabel: [false, false, false, true, true, true, true, true]),
            TrainingSequence(tokens: [1, 400, 3, 3, 1000, 12, 2]),
            TrainingSequence(tokens: [1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 600], isLabel: (0..<11).map { $0 >= 6 }),
        ]
    }

    /// Weights that make the objective the mean cross-entropy over every label of the batch.
    static func meanWeights(_ batch: [TrainingSequence]) -> [[Float]] {
        let total = Float(batch.reduce(0) { $0 + $1.labelCount })
        return batch.map { sequence in sequence.isLabel.map { $0 ? 1 / total : 0 } }
    }
}
