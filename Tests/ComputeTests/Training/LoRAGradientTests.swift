import Foundation
import Testing

@testable import Compute

/// The trainer's gradients are the derivatives of its loss: checked against central finite differences
/// along random directions, one module of one layer at a time, so a wrong path or a mis-scaled gradient
/// shows in the module where it is.
struct LoRAGradientTests {
    /// The loss at `values`, with the same batch, objective and dropout seed.
    static func loss(
        _ trainer: LoRATrainingModel, at values: [Float], _ batch: [TrainingSequence], _ objective: TrainingObjective,
        dropoutStep: UInt64?
    ) throws -> Double {
        trainer.parameters.values.base.update(from: values, count: values.count)
        trainer.zeroGradients()
        return try trainer.accumulateGradients(batch, objective: objective, dropoutStep: dropoutStep)
    }

    /// Compares the analytic directional derivative with a central difference for every module of every
    /// layer, A and B separately.
    static func checkDirectionalDerivatives(
        _ trainer: LoRATrainingModel, _ batch: [TrainingSequence], _ objective: TrainingObjective,
        dropoutStep: UInt64? = nil
    ) throws {
        let values = trainer.values
        _ = try loss(trainer, at: values, batch, objective, dropoutStep: dropoutStep)
        let gradients = trainer.gradients
        var random = SplitMix64(seed: 99)
        // Small enough that the difference quotient's own error (second order in epsilon) stays under the
        // tolerance, large enough that float32 rounding of a loss near 7 does too.
        let epsilon: Float = 4e-3
        for (layer, slots) in trainer.parameters.slots.enumerated() {
            for (target, slot) in slots.sorted(by: { $0.key < $1.key }) {
                for (name, range) in [
                    ("A", slot.a..<(slot.a + slot.inFeatures * trainer.parameters.configuration.rank)),
                    ("B", slot.b..<(slot.b + slot.outFeatures * trainer.parameters.configuration.rank)),
                ] {
                    var direction = [Float](repeating: 0, count: values.count)
                    for index in range { direction[index] = Float.random(in: -1..<1, using: &random) }
                    let analytic = zip(gradients, direction).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
                    let plus = zip(values, direction).map { $0 + epsilon * $1 }
                    let minus = zip(values, direction).map { $0 - epsilon * $1 }
                    let numeric =
                        (try loss(trainer, at: plus, batch, objective, dropoutStep: dropoutStep)
                            - loss(trainer, at: minus, batch, objective, dropoutStep: dropoutStep)) / Double(2 * epsilon)
                    #expect(
                        abs(analytic - numeric) <= 2e-3 * max(1, abs(numeric)),
                        "layer \(layer) \(target.rawValue).\(name): analytic \(analytic), finite difference \(numeric)")
                }
            }
        }
        trainer.parameters.values.base.update(from: values, count: values.count)
    }

    @Test func crossEntropyGradientsMatchFiniteDifferencesInEveryModule() throws {
        let model = try TrainingFixture.model()
        let trainer = try LoRATrainingModel(
            model: model, adapter: TrainingFixture.adapter(for: model), maxTokens: 64, maxSampleLength: 16, threads: 1)
        let batch = TrainingFixture.batch()
        try Self.checkDirectionalDerivatives(
            trainer, batch, .weightedNegativeLogLikelihood(TrainingFixture.meanWeights(batch)))
    }

    @Test func gradientsWithDropoutMatchFiniteDifferencesUnderTheSameMasks() throws {
        let model = try TrainingFixture.model()
        let trainer = try LoRATrainingModel(
            model: model, adapter: TrainingFixture.adapter(for: model, dropout: 0.3), maxTokens: 64,
            maxSampleLength: 16, threads: 1)
        let batch = TrainingFixture.batch()
        try Self.checkDirectionalDerivatives(
            trainer, batch, .weightedNegativeLogLikelihood(TrainingFixture.meanWeights(batch)), dropoutStep: 5)
    }

    @Test func aLossOfWholeSequenceLogProbabilitiesGetsItsGradientThroughEveryToken() throws {
        let model = try TrainingFixture.model()
        let trainer = try LoRATrainingModel(
            model: model, adapter: TrainingFixture.adapter(for: model), maxTokens: 64, maxSampleLength: 16, threads: 1)
        // A smooth function of the summed log-probabilities of each sample, as the preference losses are.
        let objective = TrainingObjective.ofLogProbabilities { logProbabilities in
            let sums = logProbabilities.map { $0.reduce(0, +) }
            let loss = log(1 + exp(0.1 * (sums[1] - sums[0]))) + 0.01 * sums[2] * sums[2]
            let sigmoid = 1 / (1 + exp(-0.1 * (sums[1] - sums[0])))
            let perSample = [-0.1 * sigmoid, 0.1 * sigmoid, 0.02 * sums[2]]
            return (loss, logProbabilities.enumerated().map { sample, row in row.map { _ in perSample[sample] } })
        }
        try Self.checkDirectionalDerivatives(trainer, TrainingFixture.batch(), objective)
    }

    @Test func samplesInOneBatchGiveWhatTheyGiveOneByOne() throws {
        let model = try TrainingFixture.model()
        let adapter = TrainingFixture.adapter(for: model)
        let batch = TrainingFixture.batch()
        let weights = TrainingFixture.meanWeights(batch)
        let together = try LoRATrainingModel(
            model: model, adapter: adapter, maxTokens: 64, maxSampleLength: 16, threads: 1)
        let packedLoss = try together.accumulateGradients(batch, objective: .weightedNegativeLogLikelihood(weights))
        let alone = try LoRATrainingModel(model: model, adapter: adapter, maxTokens: 64, maxSampleLength: 16, threads: 1)
        var separateLoss = 0.0
        for (sequence, weight) in zip(batch, weights) {
            separateLoss += try alone.accumulateGradients([sequence], objective: .weightedNegativeLogLikelihood([weight]))
        }
        #expect(abs(packedLoss - separateLoss) < 1e-5)
        let difference = zip(together.gradients, alone.gradients).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-5)
    }

    /// Keeping a layer's activations or recomputing them before its backward pass is a memory choice
    /// only: the same products on the same inputs, so the same loss and gradients to the bit.
    @Test func keptAndRecomputedActivationsGiveTheSameGradients() throws {
        let model = try TrainingFixture.model()
        let adapter = TrainingFixture.adapter(for: model, dropout: 0.1)
        let batch = TrainingFixture.batch()
        let objective = TrainingObjective.weightedNegativeLogLikelihood(TrainingFixture.meanWeights(batch))
        let oneLayer = LayerActivations.bytes(configuration: model.configuration, tokens: 64)
        var results: [(kept: Int, loss: Double, gradients: [Float])] = []
        for memory in [0, oneLayer, LoRATrainingModel.defaultActivationMemory] {
            let trainer = try LoRATrainingModel(
                model: model, adapter: adapter, maxTokens: 64, maxSampleLength: 16, threads: 1, activationMemory: memory)
            let loss = try trainer.accumulateGradients(batch, objective: objective, dropoutStep: 3)
            results.append((trainer.keptLayers, loss, trainer.gradients))
        }
        #expect(results.map(\.kept) == [0, 1, model.configuration.layers])
        #expect(model.configuration.layers > 1)
        for result in results.dropFirst() {
            #expect(result.loss == results[0].loss)
            #expect(result.gradients == results[0].gradients)
        }
    }

    @Test func withoutTheAdapterTheLogProbabilitiesAreTheBaseModelsOwn() throws {
        let model = try TrainingFixture.model()
        let trainer = try LoRATrainingModel(
            model: model, adapter: TrainingFixture.adapter(for: model), maxTokens: 64, maxSampleLength: 16, threads: 1)
        let sequence = TrainingSequence(tokens: [1, 17, 230, 44, 5, 901])
        let trained = try trainer.logProbabilities([sequence], adapter: false)[0]
        var cache = model.makeCache(capacity: 16)
        let logits = try model.allLogits(for: sequence.tokens, cache: &cache)
        for position in 1..<sequence.tokens.count {
            let row = logits[position - 1]
            let peak = row.max()!
            let normalizer = Double(peak) + log(row.reduce(0.0) { $0 + exp(Double($1 - peak)) })
            #expect(abs(trained[position] - (Double(row[sequence.tokens[position]]) - normalizer)) < 1e-4)
        }
        let adapted = try trainer.logProbabilities([sequence], adapter: true)[0]
        #expect(adapted != trained)
    }
}
