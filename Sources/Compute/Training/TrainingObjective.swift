/// What a training step minimizes, in terms of the log-probabilities of the label tokens.
public enum TrainingObjective: Sendable {
    /// `Σ weights[s][i] · (−log p(token i of sample s))` over label tokens (weights indexed like the tokens):
    /// cross-entropy, with weights `1 / labels` for a mean.
    case weightedNegativeLogLikelihood([[Float]])
    /// A loss of the label tokens' log-probabilities (indexed like the tokens, 0 where not a label), which
    /// returns its value and its gradient with respect to them: the preference losses, whose terms are sums
    /// over whole completions.
    case ofLogProbabilities(@Sendable ([[Double]]) -> (loss: Double, gradient: [[Double]]))
}
