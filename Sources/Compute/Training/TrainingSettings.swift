/// The hyperparameters of a training run that are not the adapter's shape.
public struct TrainingSettings: Sendable, Equatable, Codable {
    public var learningRate: Double
    public var epochs: Int
    /// When set, the run stops after this many updates instead of after `epochs`.
    public var maxSteps: Int?
    /// Samples per micro-batch (rows of `maxLength` tokens when packing).
    public var batchSize: Int
    /// Micro-batches per update.
    public var gradientAccumulation: Int
    public var schedule: LearningRateSchedule.Shape
    public var warmupRatio: Double
    public var optimizer: AdamW.Settings
    /// Gradients are scaled down to this global norm when above it (transformers' `max_grad_norm`); 0 never clips.
    public var maxGradientNorm: Double
    public var seed: UInt64
    /// Samples are packed into rows of `maxLength` tokens, each still attending only to itself.
    public var packing: Bool
    public var maxLength: Int
    /// A log entry every this many updates (and after the last).
    public var loggingSteps: Int
    /// A checkpoint every this many updates; 0 keeps none.
    public var checkpointSteps: Int

    public init(
        learningRate: Double, epochs: Int = 1, maxSteps: Int? = nil, batchSize: Int = 4, gradientAccumulation: Int = 1,
        schedule: LearningRateSchedule.Shape = .linear, warmupRatio: Double = 0, optimizer: AdamW.Settings = .init(),
        maxGradientNorm: Double = 1, seed: UInt64 = 42, packing: Bool = false, maxLength: Int = 512,
        loggingSteps: Int = 1, checkpointSteps: Int = 0
    ) {
        self.learningRate = learningRate
        self.epochs = epochs
        self.maxSteps = maxSteps
        self.batchSize = batchSize
        self.gradientAccumulation = gradientAccumulation
        self.schedule = schedule
        self.warmupRatio = warmupRatio
        self.optimizer = optimizer
        self.maxGradientNorm = maxGradientNorm
        self.seed = seed
        self.packing = packing
        self.maxLength = maxLength
        self.loggingSteps = loggingSteps
        self.checkpointSteps = checkpointSteps
    }

    /// Refuses settings no run can use, naming the setting.
    public func check() throws {
        func require(_ condition: Bool, _ message: String) throws {
            if !condition { throw TrainingError(.invalidSetting, message) }
        }
        try require(learningRate >= 0, "learning_rate must not be negative")
        try require(epochs >= 1 || (maxSteps ?? 0) >= 1, "epochs or max_steps must be at least 1")
        try require(batchSize >= 1, "batch_size must be at least 1")
        try require(gradientAccumulation >= 1, "gradient_accumulation must be at least 1")
        try require((0...1).contains(warmupRatio), "warmup_ratio must be between 0 and 1")
        try require(maxLength >= 2, "max_length must be at least 2 tokens")
        try require(loggingSteps >= 1, "logging_steps must be at least 1")
        try require(checkpointSteps >= 0, "checkpoint_steps must not be negative")
        try require(
            (0..<1).contains(optimizer.beta1) && (0..<1).contains(optimizer.beta2), "adam betas must be in [0, 1)")
        try require(optimizer.epsilon > 0, "adam_epsilon must be positive")
    }
}
