/// Preference optimization (DPO or IPO) of pairs of completions of one prompt. The reference model is the
/// same network with the adapter switched off, or with the adapter's starting values when training goes on
/// from a fine-tuned adapter (`LoRATrainingModel.freezeReference`), so no second copy of the weights exists;
/// its log-probabilities are computed for each micro-batch before the policy's forward pass.
public struct PreferenceTask: TrainingTask {
    /// The chosen and the rejected completion of one prompt, each with its completion tokens as labels.
    public struct Pair: Sendable {
        public var chosen: TrainingSequence
        public var rejected: TrainingSequence

        public init(chosen: TrainingSequence, rejected: TrainingSequence) {
            self.chosen = chosen
            self.rejected = rejected
        }
    }

    public let pairs: [Pair]
    public let beta: Double
    public let loss: PreferenceLoss

    public init(pairs: [Pair], beta: Double, loss: PreferenceLoss) {
        self.pairs = pairs
        self.beta = beta
        self.loss = loss
    }

    public var exampleCount: Int { pairs.count }

    public func microBatches(order: [Int], settings: TrainingSettings) -> [[Int]] {
        stride(from: 0, to: order.count, by: settings.batchSize).map {
            Array(order[$0..<min($0 + settings.batchSize, order.count)])
        }
    }

    /// Each micro-batch's mean loss over its pairs, divided by the number of micro-batches in the update
    /// (transformers' scaling with gradient accumulation); the metrics are means over the update's pairs.
    public func accumulate(_ group: [[Int]], on model: LoRATrainingModel, dropoutSeed: UInt64) throws -> UpdateResult {
        var total = 0.0
        var tokens = 0
        var sums = [String: Double]()
        let pairCount = Double(group.reduce(0) { $0 + $1.count })
        for (offset, batch) in group.enumerated() {
            let sequences = batch.flatMap { [pairs[$0].chosen, pairs[$0].rejected] }
            tokens += sequences.reduce(0) { $0 + $1.tokens.count }
            let lengths = sequences.map { Double(max(1, $0.labelCount)) }
            let average = loss.averagesLogProbabilities
            let reference = try model.referenceLogProbabilities(sequences).enumerated().map { index, row in
                row.reduce(0, +) / (average ? lengths[index] : 1)
            }
            let scale = 1 / (Double(batch.count) * Double(group.count))
            let (beta, kind) = (beta, loss)
            let box = MetricsBox()
            let objective = TrainingObjective.ofLogProbabilities { logProbabilities in
                var value = 0.0
                var gradient = logProbabilities.map { $0.map { _ in 0.0 } }
                var metrics = [String: Double]()
                for pair in 0..<(logProbabilities.count / 2) {
                    let (c, r) = (2 * pair, 2 * pair + 1)
                    let policy = [c, r].map { logProbabilities[$0].reduce(0, +) / (average ? lengths[$0] : 1) }
                    let values = PreferenceLoss.Pair(
                        policyChosen: policy[0], policyRejected: policy[1], referenceChosen: reference[c],
                        referenceRejected: reference[r])
                    let (pairLoss, dChosen, dRejected) = kind.evaluate(values, beta: beta)
                    value += pairLoss * scale
                    for (sample, derivative) in [(c, dChosen), (r, dRejected)] {
                        let perToken = derivative * scale / (average ? lengths[sample] : 1)
                        gradient[sample] = logProbabilities[sample].indices.map { _ in perToken }
                    }
                    let rewards = PreferenceLoss.rewards(values, beta: beta)
                    metrics["rewards/chosen", default: 0] += rewards.chosen
                    metrics["rewards/rejected", default: 0] += rewards.rejected
                    metrics["rewards/margins", default: 0] += rewards.chosen - rewards.rejected
                    metrics["rewards/accuracies", default: 0] += rewards.chosen > rewards.rejected ? 1 : 0
                    metrics["logps/chosen", default: 0] += policy[0]
                    metrics["logps/rejected", default: 0] += policy[1]
                }
                box.metrics = metrics
                return (value, gradient)
            }
            total += try model.accumulateGradients(
                sequences, objective: objective, dropoutStep: dropoutSeed &+ UInt64(offset))
            for (name, value) in box.metrics { sums[name, default: 0] += value }
        }
        return UpdateResult(loss: total, tokens: tokens, metrics: sums.mapValues { $0 / pairCount })
    }
}

/// Carries the metrics a loss computes inside the trainer's call back out of it.
private final class MetricsBox: @unchecked Sendable {
    // Written once inside the synchronous objective and read after the call returns.
    var metrics: [String: Double] = [:]
}
