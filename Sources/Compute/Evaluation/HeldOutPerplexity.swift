import Foundation

/// How well a model, with or without a LoRA adapter, predicts held-out conversations: the negative
/// log-likelihood of each conversation's labelled tokens (the assistant's, as `sft` trains them), summed,
/// with the tokens and UTF-8 bytes scored. The measures are lm-evaluation-harness's: token perplexity
/// `exp(nll / tokens)`, byte perplexity `exp(nll / bytes)`, bits per byte `nll / (bytes · ln 2)`; bytes make
/// models with different tokenizers comparable.
public struct HeldOutPerplexity: Sendable, Equatable {
    public var negativeLogLikelihood: Double
    public var tokens: Int
    public var bytes: Int

    public init(negativeLogLikelihood: Double = 0, tokens: Int = 0, bytes: Int = 0) {
        self.negativeLogLikelihood = negativeLogLikelihood
        self.tokens = tokens
        self.bytes = bytes
    }

    public var perplexity: Double { exp(negativeLogLikelihood / Double(max(tokens, 1))) }
    public var bytePerplexity: Double { exp(negativeLogLikelihood / Double(max(bytes, 1))) }
    public var bitsPerByte: Double { negativeLogLikelihood / (Double(max(bytes, 1)) * log(2)) }

    public static func + (lhs: Self, rhs: Self) -> Self {
        Self(
            negativeLogLikelihood: lhs.negativeLogLikelihood + rhs.negativeLogLikelihood, tokens: lhs.tokens + rhs.tokens,
            bytes: lhs.bytes + rhs.bytes)
    }

    /// Scores each sequence (one at a time, so memory stays that of the longest) with `adapter` merged in,
    /// or with the base model alone when `adapter` is nil. The bytes are those of the labelled tokens' text.
    public static func measure(
        _ sequences: [TrainingSequence], model: LanguageModel, adapter: LoRAAdapter?, threads: Int? = nil
    ) throws -> [HeldOutPerplexity] {
        guard let longest = sequences.map(\.tokens.count).max() else { return [] }
        let length = max(longest, 2)
        // Without an adapter, a fresh one (B = 0) disabled: the same forward pass, the base's numbers.
        let used =
            adapter
            ?? LoRAAdapter(
                configuration: LoRAConfiguration(rank: 1, alpha: 1, dropout: 0, targets: [.query]),
                model: model.decoder.configuration, baseModel: model.source.path, seed: 0)
        let scorer = try LoRATrainingModel(
            model: model.decoder, adapter: used, maxTokens: length, maxSampleLength: length, threads: threads,
            activationMemory: 0)
        return try sequences.map { sequence in
            let logProbabilities = try scorer.logProbabilities([sequence], adapter: adapter != nil)[0]
            let labelled = zip(sequence.tokens, sequence.isLabel).dropFirst().filter(\.1).map(\.0)
            return HeldOutPerplexity(
                negativeLogLikelihood: -logProbabilities.reduce(0, +), tokens: labelled.count,
                bytes: model.tokenizer.decode(labelled).utf8.count)
        }
    }
}
