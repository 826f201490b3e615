import Foundation
import OrchestrateTesting
import Testing

@testable import Compute

/// The trainer against PyTorch + PEFT (and TRL for DPO) in float64 on the tiny chat model with a non-zero
/// adapter that PEFT saved (`Tests/Fixtures/lora-reference`, made by its committed script): per-text losses
/// and raw adapter gradients, a padded batch, a packed row, and DPO's sigmoid and IPO losses, metrics and
/// gradients. Raw gradients, not an optimizer step, so a mis-scaled gradient cannot hide.
struct TrainerReferenceTests {
    static let folder = ExampleSite.packageRoot.appendingPathComponent("Tests/Fixtures/lora-reference")

    struct Text: Decodable {
        let name: String
        let inputIds: [Int]
        let labels: [Int]
        let positionIds: [Int]?
        let loss: Double
        let lossSum: Double
        let labelledTokens: Int
        let baseLoss: Double
        let lastLogits: [Double]
    }

    struct Batch: Decodable {
        let texts: [String]
        let loss: Double
    }

    struct Pair: Decodable {
        let promptIds: [Int]
        let chosenIds: [Int]
        let rejectedIds: [Int]
        let policyChosenLogps: Double
        let policyRejectedLogps: Double
        let referenceChosenLogps: Double
        let referenceRejectedLogps: Double
    }

    struct DPO: Decodable {
        let beta: Double
        let pairs: [Pair]
        let sigmoidLoss: Double
        let ipoLoss: Double
        let metrics: [String: Double]
    }

    struct Reference: Decodable {
        let texts: [Text]
        let batch: Batch
        let dpo: DPO
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    static func reference() throws -> Reference {
        try Self.decoder.decode(Reference.self, from: Data(contentsOf: folder.appendingPathComponent("reference.json")))
    }

    static func key(_ layer: Int, _ target: LoRATarget, _ matrix: String) -> String {
        "base_model.model.model.layers.\(layer).\(target.modulePath).lora_\(matrix).weight"
    }

    /// The adapter PEFT saved, read tensor by tensor under PEFT's names.
    static func adapter(for model: LlamaModel) throws -> LoRAAdapter {
        let file = try SafetensorsFile(contentsOf: folder.appendingPathComponent("adapter/adapter_model.safetensors"))
        let layers = try (0..<model.configuration.layers).map { layer in
            Dictionary(
                uniqueKeysWithValues: try LoRATarget.allCases.map { target -> (LoRATarget, LoRAAdapter.Pair) in
                    let (out, input) = target.shape(in: model.configuration)
                    return (
                        target,
                        LoRAAdapter.Pair(
                            a: try file.floats(key(layer, target, "A"), shape: [4, input]),
                            b: try file.floats(key(layer, target, "B"), shape: [out, 4]), inFeatures: input,
                            outFeatures: out)
                    )
                })
        }
        return LoRAAdapter(configuration: LoRAConfiguration(rank: 4, alpha: 8), baseModel: "tiny", layers: layers)
    }

    static func trainer() throws -> LoRATrainingModel {
        let model = try TrainingFixture.model()
        return try LoRATrainingModel(
            model: model, adapter: try adapter(for: model), maxTokens: 512, maxSampleLength: 256, threads: 1)
    }

    /// Transformers' labels (−100 where no loss) as a training sequence.
    static func sequence(_ ids: [Int], _ labels: [Int]) -> TrainingSequence {
        TrainingSequence(tokens: ids, isLabel: labels.map { $0 != -100 })
    }

    /// The largest relative difference, matrix by matrix, between the trainer's gradients and the case's.
    static func gradientError(_ trainer: LoRATrainingModel, case name: String) throws -> (Double, String) {
        let file = try SafetensorsFile(contentsOf: folder.appendingPathComponent("gradients.safetensors"))
        let gradients = trainer.gradients
        var worst = (0.0, "")
        for (layer, slots) in trainer.parameters.slots.enumerated() {
            for (target, slot) in slots {
                for (matrix, offset, count) in [("A", slot.a, 4 * slot.inFeatures), ("B", slot.b, 4 * slot.outFeatures)] {
                    let expected = try file.floats("\(name)/\(key(layer, target, matrix))")
                    let actual = gradients[offset..<(offset + count)]
                    let difference = zip(actual, expected).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) }
                    let size = expected.reduce(0.0) { $0 + Double($1 * $1) }
                    let relative = (difference / max(size, 1e-30)).squareRoot()
                    if relative > worst.0 { worst = (relative, "layer \(layer) \(target.rawValue).\(matrix)") }
                }
            }
        }
        return worst
    }

    @Test func perTextLossesAndAdapterGradientsEqualPEFTs() throws {
        let trainer = try Self.trainer()
        for text in try Self.reference().texts {
            let sequence = Self.sequence(text.inputIds, text.labels)
            #expect(sequence.labelCount == text.labelledTokens, "\(text.name)")
            trainer.zeroGradients()
            let weight = Float(1) / Float(text.labelledTokens)
            let weights = [sequence.isLabel.map { $0 ? weight : 0 }]
            let loss: Double
            if let positions = text.positionIds {
                // A packed row: its samples restart at position 0 and attend only to themselves.
                let starts = positions.indices.filter { positions[$0] == 0 }
                let bounds = zip(starts, starts.dropFirst() + [positions.count])
                let samples = bounds.map { Self.sequence(Array(text.inputIds[$0..<$1]), Array(text.labels[$0..<$1])) }
                loss = try trainer.accumulateGradients(
                    samples, objective: .weightedNegativeLogLikelihood(samples.map { $0.isLabel.map { $0 ? weight : 0 } }))
            } else {
                loss = try trainer.accumulateGradients([sequence], objective: .weightedNegativeLogLikelihood(weights))
            }
            #expect(abs(loss - text.loss) < 1e-5 * text.loss, "\(text.name): loss \(loss), PEFT \(text.loss)")
            let (error, worst) = try Self.gradientError(trainer, case: text.name)
            #expect(error < 1e-4, "\(text.name): \(worst) differs by \(error) relative")
            if text.positionIds == nil {
                let base = try trainer.logProbabilities([sequence], adapter: false)[0].reduce(0, +)
                #expect(abs(-base / Double(text.labelledTokens) - text.baseLoss) < 1e-5 * text.baseLoss)
            }
        }
    }

    @Test func theLastPositionsLogitsEqualPEFTsAdaptedModel() throws {
        let trainer = try Self.trainer()
        for text in try Self.reference().texts where text.positionIds == nil {
            let sequence = TrainingSequence(tokens: text.inputIds + [0])
            let logProbabilities = try trainer.logProbabilities([sequence], adapter: true)[0]
            // log p(token 0 | everything) from PEFT's last logits.
            let peak = text.lastLogits.max()!
            let normalizer = peak + log(text.lastLogits.reduce(0) { $0 + exp($1 - peak) })
            #expect(abs(logProbabilities.last! - (text.lastLogits[0] - normalizer)) < 1e-4, "\(text.name)")
        }
    }

    @Test func aPaddedBatchsLossAndGradientsAreTheMeanOverAllItsLabels() throws {
        let reference = try Self.reference()
        let trainer = try Self.trainer()
        let texts = reference.batch.texts.map { name in reference.texts.first { $0.name == name }! }
        let sequences = texts.map { Self.sequence($0.inputIds, $0.labels) }
        let loss = try SupervisedTask(sequences: sequences).accumulate([[0, 1]], on: trainer, dropoutSeed: 0).loss
        #expect(abs(loss - reference.batch.loss) < 1e-5 * reference.batch.loss)
        let (error, worst) = try Self.gradientError(trainer, case: "batch")
        #expect(error < 1e-4, "batch: \(worst) differs by \(error) relative")
    }

    @Test(arguments: [PreferenceLoss.sigmoid, .ipo])
    func dpoLossMetricsAndGradientsEqualTRLs(loss kind: PreferenceLoss) throws {
        let dpo = try Self.reference().dpo
        let trainer = try Self.trainer()
        let pairs = dpo.pairs.map { pair in
            PreferenceTask.Pair(
                chosen: Self.sequence(
                    pair.promptIds + pair.chosenIds, pair.promptIds.map { _ in -100 } + pair.chosenIds),
                rejected: Self.sequence(
                    pair.promptIds + pair.rejectedIds, pair.promptIds.map { _ in -100 } + pair.rejectedIds))
        }
        let task = PreferenceTask(pairs: pairs, beta: dpo.beta, loss: kind)
        let result = try task.accumulate([[0, 1, 2]], on: trainer, dropoutSeed: 0)
        let expected = kind == .sigmoid ? dpo.sigmoidLoss : dpo.ipoLoss
        #expect(abs(result.loss - expected) < 1e-5 * expected, "\(kind): \(result.loss) vs \(expected)")
        if kind == .sigmoid {
            for (name, value) in dpo.metrics {
                #expect(abs(result.metrics[name]! - value) < 1e-5 * max(1, abs(value)), "\(name)")
            }
        }
        let (error, worst) = try Self.gradientError(trainer, case: "dpo-\(kind.rawValue)")
        #expect(error < 1e-4, "dpo-\(kind.rawValue): \(worst) differs by \(error) relative")
    }
}
