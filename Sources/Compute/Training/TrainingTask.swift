/// What is trained on and what is minimized: supervised fine-tuning or preference optimization. The loop
/// (`TrainingLoop`) owns the order of the examples, the updates and the checkpoints; a task turns examples
/// into micro-batches and one update's micro-batches into gradients.
public protocol TrainingTask: Sendable {
    var exampleCount: Int { get }

    /// The micro-batches of one epoch, for the examples in `order`, each a list of example indices.
    func microBatches(order: [Int], settings: TrainingSettings) -> [[Int]]

    /// Adds the gradient of one update's loss over `group` (its micro-batches) to the model's gradients.
    /// `dropoutSeed` seeds the adapter's dropout of the group's first micro-batch; later ones add their index.
    func accumulate(_ group: [[Int]], on model: LoRATrainingModel, dropoutSeed: UInt64) throws -> UpdateResult
}

/// One update's loss, the tokens it read, and the task's own metrics (averaged over updates in the log).
public struct UpdateResult: Sendable {
    public var loss: Double
    public var tokens: Int
    public var metrics: [String: Double]

    public init(loss: Double, tokens: Int, metrics: [String: Double] = [:]) {
        self.loss = loss
        self.tokens = tokens
        self.metrics = metrics
    }
}
