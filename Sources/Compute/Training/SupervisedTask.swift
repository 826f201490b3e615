/// Supervised fine-tuning: the mean cross-entropy over every label token of an update (all its
/// micro-batches together, as transformers normalizes with gradient accumulation), on sequences that
/// `ConversationEncoder` made.
public struct SupervisedTask: TrainingTask {
    public let sequences: [TrainingSequence]

    public init(sequences: [TrainingSequence]) { self.sequences = sequences }

    public var exampleCount: Int { sequences.count }

    /// `batchSize` samples per micro-batch, or with packing `batchSize` rows of up to `maxLength` tokens
    /// filled in order.
    public func microBatches(order: [Int], settings: TrainingSettings) -> [[Int]] {
        guard settings.packing else {
            return stride(from: 0, to: order.count, by: settings.batchSize).map {
                Array(order[$0..<min($0 + settings.batchSize, order.count)])
            }
        }
        var rows: [[Int]] = []
        var row: [Int] = []
        var used = 0
        for index in order {
            let length = sequences[index].tokens.count
            if used + length > settings.maxLength, !row.isEmpty {
                rows.append(row)
                row = []
                used = 0
            }
            row.append(index)
            used += length
        }
        if !row.isEmpty { rows.append(row) }
        return stride(from: 0, to: rows.count, by: settings.batchSize).map {
            Array(rows[$0..<min($0 + settings.batchSize, rows.count)].joined())
        }
    }

    public func accumulate(_ group: [[Int]], on model: LoRATrainingModel, dropoutSeed: UInt64) throws -> UpdateResult {
        let labels = group.joined().reduce(0) { $0 + sequences[$1].labelCount }
        guard labels > 0 else { return UpdateResult(loss: 0, tokens: 0) }
        let weight = 1 / Float(labels)
        var loss = 0.0
        var tokens = 0
        for (offset, batch) in group.enumerated() {
            let samples = batch.map { sequences[$0] }
            let weights = samples.map { sample in sample.isLabel.map { $0 ? weight : 0 } }
            loss += try model.accumulateGradients(
                samples, objective: .weightedNegativeLogLikelihood(weights), dropoutStep: dropoutSeed &+ UInt64(offset))
            tokens += samples.reduce(0) { $0 + $1.tokens.count }
        }
        return UpdateResult(loss: loss, tokens: tokens)
    }
}
