/// What a training run reports every `loggingSteps` updates, named as transformers' trainer logs it.
public struct TrainingLogEntry: Sendable, Equatable, Codable {
    public var step: Int
    public var epoch: Double
    /// The mean loss of the updates since the previous entry.
    public var loss: Double
    public var learningRate: Double
    /// The global gradient norm of the last update, before clipping.
    public var gradientNorm: Double
    public var tokensPerSecond: Double
    /// Further metrics of the objective (DPO's rewards and log-probabilities), averaged like the loss.
    public var metrics: [String: Double]

    public init(
        step: Int, epoch: Double, loss: Double, learningRate: Double, gradientNorm: Double, tokensPerSecond: Double,
        metrics: [String: Double] = [:]
    ) {
        self.step = step
        self.epoch = epoch
        self.loss = loss
        self.learningRate = learningRate
        self.gradientNorm = gradientNorm
        self.tokensPerSecond = tokensPerSecond
        self.metrics = metrics
    }

    enum CodingKeys: String, CodingKey {
        case step, epoch, loss, metrics
        case learningRate = "learning_rate"
        case gradientNorm = "grad_norm"
        case tokensPerSecond = "tokens_per_second"
    }
}
