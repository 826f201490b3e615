import COpenBLAS

/// A Llama-family model with a trainable LoRA adapter: log-probabilities of label tokens and the adapter's
/// gradients of a loss over them, for micro-batches of up to `maxTokens` tokens in samples of up to
/// `maxSampleLength`. The optimizer and the training loop sit on top (`AdamW`, `LoRATraining`).
public final class LoRATrainingModel: @unchecked Sendable {
    // One call at a time, as with a decoder's cache.
    public let model: LlamaModel
    public let maxTokens: Int
    public let maxSampleLength: Int
    public let threads: Int
    let parameters: LoRAParameters
    let network: LoRANetwork
    private let baseModel: String

    /// The memory the layers' activations may take by default: a layer whose activations fit is not
    /// recomputed before its backward pass (a quarter of an update's products saved); the others are.
    public static let defaultActivationMemory = 1 << 30

    /// Checks that the adapter fits the model (every layer, every module, its shapes) before anything is
    /// allocated. `activationMemory` bounds the bytes of kept activations (0: every layer is recomputed).
    public init(
        model: LlamaModel, adapter: LoRAAdapter, maxTokens: Int, maxSampleLength: Int, threads: Int? = nil,
        activationMemory: Int = LoRATrainingModel.defaultActivationMemory
    ) throws {
        try Self.check(adapter, against: model.configuration)
        guard maxSampleLength >= 2, maxTokens >= maxSampleLength else {
            throw TrainingError(
                .invalidSetting,
                "a micro-batch of \(maxTokens) tokens cannot hold a sample of \(maxSampleLength) (at least 2) tokens")
        }
        guard maxSampleLength <= model.contextLimit else {
            throw TrainingError(
                .invalidSetting,
                "samples of \(maxSampleLength) tokens are longer than the model's context of \(model.contextLimit)")
        }
        self.model = model
        self.maxTokens = maxTokens
        self.maxSampleLength = maxSampleLength
        self.threads = max(1, threads ?? model.threads)
        baseModel = adapter.baseModel
        parameters = LoRAParameters(adapter)
        let perLayer = LayerActivations.bytes(configuration: model.configuration, tokens: maxTokens)
        network = LoRANetwork(
            model: model, parameters: parameters, tokens: maxTokens, sampleLength: maxSampleLength,
            keptLayers: max(activationMemory, 0) / perLayer)
    }

    /// How many layers keep their activations from the forward pass to the backward pass.
    public var keptLayers: Int { network.workspace.keptLayers }

    /// The adapter as it is now.
    public var adapter: LoRAAdapter { parameters.adapter(baseModel: baseModel) }

    /// The trainable values, flat, in the order of `adapter`'s layers and sorted targets, `A` then `B`.
    public var values: [Float] { Array(UnsafeBufferPointer(start: parameters.values.base, count: parameters.count)) }

    /// The accumulated gradients, in the order of `values`.
    public var gradients: [Float] {
        Array(UnsafeBufferPointer(start: parameters.gradients.base, count: parameters.count))
    }

    public func zeroGradients() { parameters.zeroGradients() }

    /// The adapter values the reference model uses (`referenceLogProbabilities`), when the reference is an
    /// adapted model (DPO after SFT); nil makes the reference the base model, the adapter switched off.
    private var referenceValues: [Float]?

    /// Makes the adapter as it is now the reference model: a preference run that starts from a fine-tuned
    /// adapter compares with that model, not with the base. Only the adapter's values are copied.
    public func freezeReference() { referenceValues = values }

    /// The reference model's log-probabilities (see `logProbabilities`): the frozen adapter when one was
    /// frozen, else the base model.
    public func referenceLogProbabilities(_ batch: [TrainingSequence]) throws -> [[Double]] {
        guard let referenceValues else { return try logProbabilities(batch, adapter: false) }
        let current = values
        parameters.values.base.update(from: referenceValues, count: referenceValues.count)
        defer { parameters.values.base.update(from: current, count: current.count) }
        return try logProbabilities(batch, adapter: true)
    }

    /// `log p(tokens[i])` for every label token of every sample (0 elsewhere), with the adapter or without it
    /// (the base model: DPO's reference).
    public func logProbabilities(_ batch: [TrainingSequence], adapter: Bool = true) throws -> [[Double]] {
        let layout = try prepare(batch)
        network.forward(batch, layout: layout, adapter: adapter, dropoutStep: nil)
        let predictions = OutputLoss.predictions(batch, layout: layout)
        let values = OutputLoss(network: network).run(predictions, layout: layout, weights: nil)
        return Self.scatter(values, predictions, batch)
    }

    /// Computes `objective` on `batch` and adds its gradient to the accumulated gradients; returns the loss.
    /// `dropoutStep` seeds the adapter's dropout for this micro-batch (none when nil).
    @discardableResult
    public func accumulateGradients(
        _ batch: [TrainingSequence], objective: TrainingObjective, dropoutStep: UInt64? = nil
    ) throws -> Double {
        let layout = try prepare(batch)
        network.forward(batch, layout: layout, adapter: true, dropoutStep: dropoutStep)
        let predictions = OutputLoss.predictions(batch, layout: layout)
        let output = OutputLoss(network: network)
        let loss: Double
        switch objective {
        case .weightedNegativeLogLikelihood(let weights):
            let flat = predictions.map { weights[$0.sample][$0.position] }
            let logProbabilities = output.run(predictions, layout: layout, weights: flat)
            loss = zip(logProbabilities, flat).reduce(0) { $0 - $1.0 * Double($1.1) }
        case .ofLogProbabilities(let function):
            let logProbabilities = output.run(predictions, layout: layout, weights: nil)
            let (value, gradient) = function(Self.scatter(logProbabilities, predictions, batch))
            loss = value
            _ = output.run(predictions, layout: layout, weights: predictions.map { -Float(gradient[$0.sample][$0.position]) })
        }
        network.backward(layout: layout, dropoutStep: dropoutStep)
        return loss
    }

    private func prepare(_ batch: [TrainingSequence]) throws -> SampleLayout {
        let layout = SampleLayout(batch)
        guard layout.tokens <= maxTokens, layout.longest <= maxSampleLength else {
            throw TrainingError(
                .batchTooLarge,
                "a micro-batch of \(layout.tokens) tokens (longest sample \(layout.longest)) does not fit in "
                    + "\(maxTokens) tokens with samples of at most \(maxSampleLength)")
        }
        let vocabulary = model.configuration.vocabularySize
        for sequence in batch {
            if let bad = sequence.tokens.first(where: { !(0..<vocabulary).contains($0) }) {
                throw TrainingError(.tokenOutOfRange, "token id \(bad) is outside the vocabulary of \(vocabulary) tokens")
            }
        }
        openblas_set_num_threads(Int32(threads))
        return layout
    }

    private static func scatter(_ values: [Double], _ predictions: [OutputLoss.Prediction], _ batch: [TrainingSequence])
        -> [[Double]]
    {
        var result = batch.map { [Double](repeating: 0, count: $0.tokens.count) }
        for (value, prediction) in zip(values, predictions) { result[prediction.sample][prediction.position] = value }
        return result
    }

    /// Every layer must have every targeted module with the model's shapes and the configuration's rank.
    static func check(_ adapter: LoRAAdapter, against model: LlamaConfiguration) throws {
        guard adapter.layers.count == model.layers else {
            throw TrainingError(
                .adapterMismatch, "the adapter has \(adapter.layers.count) layers but the model has \(model.layers)")
        }
        for (index, layer) in adapter.layers.enumerated() {
            for target in adapter.configuration.targets {
                guard let pair = layer[target] else {
                    throw TrainingError(.adapterMismatch, "layer \(index) of the adapter has no \(target.rawValue)")
                }
                let (out, input) = target.shape(in: model)
                guard pair.inFeatures == input, pair.outFeatures == out, pair.rank == adapter.configuration.rank else {
                    throw TrainingError(
                        .adapterMismatch,
                        "layer \(index) \(target.rawValue): the adapter is \(pair.outFeatures)×\(pair.rank)·"
                            + "\(pair.rank)×\(pair.inFeatures) but the model's module is \(out)×\(input) with rank "
                            + "\(adapter.configuration.rank) (an adapter for another base model?)")
                }
            }
        }
    }
}
