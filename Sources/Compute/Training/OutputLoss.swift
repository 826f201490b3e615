/// The final RMSNorm, the output layer and the log-probabilities of the predicted tokens, and the backward
/// pass from a weighted negative log-likelihood to the final hidden state. Only positions whose next token
/// is a label are projected, `chunkRows` at a time, so that the logits (a vocabulary per row) never exist
/// for a whole batch at once and masked prompt tokens cost no output-layer product at all.
struct OutputLoss {
    static let chunkRows = 128

    /// A position whose next token is a label: its row in the batch and the token it predicts.
    struct Prediction: Sendable {
        let row: Int
        let token: Int
        let sample: Int
        /// The predicted token's index in its sample.
        let position: Int
    }

    let network: LoRANetwork

    static func predictions(_ batch: [TrainingSequence], layout: SampleLayout) -> [Prediction] {
        var result: [Prediction] = []
        for (sample, sequence) in batch.enumerated() {
            for position in sequence.tokens.indices.dropFirst() where sequence.isLabel[position] {
                result.append(
                    Prediction(
                        row: layout.starts[sample] + position - 1, token: sequence.tokens[position], sample: sample,
                        position: position))
            }
        }
        return result
    }

    /// The log-probability of every prediction. With `weights` (one per prediction), also the gradient of
    /// `Σ weight · (−log p)` with respect to the final hidden state, in `workspace.residualGradients.0`.
    func run(_ predictions: [Prediction], layout: SampleLayout, weights: [Float]?) -> [Double] {
        let config = network.configuration
        let w = network.workspace
        let hidden = config.hiddenSize
        let vocabulary = config.vocabularySize
        let finalHidden = w.layerInputs[config.layers].base
        let head = network.dense.head
        TrainingRowOperations.rmsNorm(
            finalHidden, rows: layout.tokens, columns: hidden, weight: network.model.weights.finalNorm.base,
            epsilon: Float(config.rmsNormEpsilon), into: w.finalNormed.base, inverse: w.finalInverse.base)
        if weights != nil { w.finalGradient.base.update(repeating: 0, count: layout.tokens * hidden) }
        var logProbabilities: [Double] = []
        logProbabilities.reserveCapacity(predictions.count)
        var start = 0
        while start < predictions.count {
            let chunk = predictions[start..<min(start + Self.chunkRows, predictions.count)]
            for (offset, prediction) in chunk.enumerated() {
                (w.gathered.base + offset * hidden).update(from: w.finalNormed.base + prediction.row * hidden, count: hidden)
            }
            TrainingProducts.forward(w.gathered.base, lda: hidden, head, into: w.logits.base, ldc: vocabulary, m: chunk.count)
            for (offset, prediction) in chunk.enumerated() {
                let row = w.logits.base + offset * vocabulary
                let normalizer = LogSoftmax.logSumExp(row, count: vocabulary)
                logProbabilities.append(Double(row[prediction.token]) - normalizer)
                if let weights {
                    LogSoftmax.negativeLogLikelihoodGradient(
                        row, count: vocabulary, target: prediction.token, logSumExp: normalizer,
                        weight: weights[start + offset])
                }
            }
            if weights != nil {
                TrainingProducts.backward(
                    w.logits.base, ldy: vocabulary, head, into: w.gatheredGradient.base, ldx: hidden, m: chunk.count)
                for (offset, prediction) in chunk.enumerated() {
                    let target = w.finalGradient.base + prediction.row * hidden
                    DecoderRowOperations.add(w.gatheredGradient.base + offset * hidden, to: target, count: hidden)
                }
            }
            start += chunk.count
        }
        if weights != nil {
            let gradient = w.residualGradients.0.base
            gradient.update(repeating: 0, count: layout.tokens * hidden)
            TrainingRowOperations.rmsNormBackward(
                w.finalGradient.base, x: finalHidden, rows: layout.tokens, columns: hidden,
                weight: network.model.weights.finalNorm.base, inverse: w.finalInverse.base, addingTo: gradient)
        }
        return logProbabilities
    }
}
