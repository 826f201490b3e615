import Foundation

/// Picks the next token from a row of logits: greedily (temperature 0), or at random from the
/// distribution softened by `temperature` and cut to the `topK` most likely tokens and then to the
/// smallest set whose probability reaches `topP` (nucleus sampling), renormalized. The random draws come
/// from a seeded SplitMix64, so the same seed and logits give the same tokens on every run and platform.
public struct TokenSampler: Sendable {
    public var temperature: Float
    public var topP: Float
    public var topK: Int?
    /// Above 1, makes tokens generated in the last `penaltyWindow` steps less likely, as transformers'
    /// `repetition_penalty` does (positive logits divided by it, negative ones multiplied): small models
    /// otherwise fall into loops. Only generated tokens count, so an answer may still quote its prompt.
    public var repetitionPenalty: Float = 1
    public var penaltyWindow = 64
    private var generator: SplitMix64

    /// - Parameters:
    ///   - temperature: 0 (or less) for greedy decoding; otherwise logits are divided by it.
    ///   - topP: the nucleus's probability mass, in (0, 1]; 1 keeps every token.
    ///   - topK: keep only this many most likely tokens (before `topP`); nil keeps all.
    public init(temperature: Float = 1, topP: Float = 1, topK: Int? = nil, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topP = min(max(topP, .leastNonzeroMagnitude), 1)
        self.topK = topK.map { max(1, $0) }
        generator = SplitMix64(seed: seed)
    }

    /// Always the most likely token.
    public static var greedy: TokenSampler { TokenSampler(temperature: 0) }

    /// Applies `repetitionPenalty` to the logits of the distinct tokens among the last `penaltyWindow` of
    /// `generated`.
    public func penalize(_ logits: inout [Float], generated: [Int]) {
        guard repetitionPenalty != 1, !generated.isEmpty else { return }
        var seen = Set<Int>()
        for token in generated.suffix(penaltyWindow) where logits.indices.contains(token) && seen.insert(token).inserted {
            logits[token] = logits[token] > 0 ? logits[token] / repetitionPenalty : logits[token] * repetitionPenalty
        }
    }

    /// The next token.
    public mutating func sample(_ logits: [Float]) -> Int {
        guard temperature > 0 else { return Self.argmax(logits) }
        let candidates = distribution(logits)
        let draw = Double(generator.next() >> 11) * 0x1p-53
        var cumulative = 0.0
        for candidate in candidates {
            cumulative += candidate.probability
            if draw < cumulative { return candidate.token }
        }
        // Only reached when rounding leaves the sum a hair under the draw.
        return candidates.last?.token ?? Self.argmax(logits)
    }

    /// The tokens `sample` chooses among and their renormalized probabilities, most likely first (ties in
    /// token order). With temperature 0, the most likely token alone.
    public func distribution(_ logits: [Float]) -> [(token: Int, probability: Double)] {
        guard !logits.isEmpty else { return [] }
        guard temperature > 0 else { return [(Self.argmax(logits), 1)] }
        let inverse = 1 / Double(temperature)
        let highest = Double(logits.max()!)
        var weights = logits.map { Foundation.exp((Double($0) - highest) * inverse) }
        let total = weights.reduce(0, +)
        for index in weights.indices { weights[index] /= total }

        var candidates: [Int]
        // The probability mass the candidates are drawn from: all of it, or the top k's.
        var mass = 1.0
        if let topK, topK < logits.count {
            candidates = Self.largest(topK, of: weights)
            mass = candidates.reduce(0) { $0 + weights[$1] }
        } else if topP < 1 {
            // Every token of the nucleus has probability above (1 - topP) / count: the nucleus's last token
            // and all below it hold more than 1 - topP together, and there are at most `count` of them.
            // Sorting only those keeps this cheap on vocabularies of 100k tokens.
            let cutoff = (1 - Double(topP)) / Double(logits.count)
            candidates = Self.ranked(weights.indices.filter { weights[$0] > cutoff }, by: weights)
        } else {
            return weights.enumerated().map { (token: $0.offset, probability: $0.element) }
        }
        if topP < 1 {
            let target = Double(topP) * mass
            var kept = 0.0
            var count = 0
            while count < candidates.count {
                kept += weights[candidates[count]]
                count += 1
                if kept >= target { break }
            }
            candidates.removeSubrange(count...)
            mass = kept
        }
        return candidates.map { (token: $0, probability: weights[$0] / mass) }
    }

    /// The first index of the largest logit.
    static func argmax(_ logits: [Float]) -> Int {
        var best = 0
        for index in logits.indices where logits[index] > logits[best] { best = index }
        return best
    }

    /// The `count` most likely tokens in `ranked` order, without sorting the whole vocabulary: a token
    /// enters the kept list only when it beats the least of it, which after the first few hundred tokens
    /// of a large vocabulary is rare.
    private static func largest(_ count: Int, of weights: [Double]) -> [Int] {
        var kept: [Int] = []
        kept.reserveCapacity(count + 1)
        for token in weights.indices {
            let weight = weights[token]
            if kept.count == count, weight <= weights[kept[count - 1]] { continue }
            // After every kept token of at least this weight: equal weights stay in token order.
            var position = kept.count
            while position > 0, weights[kept[position - 1]] < weight { position -= 1 }
            kept.insert(token, at: position)
            if kept.count > count { kept.removeLast() }
        }
        return kept
    }

    private static func ranked(_ tokens: [Int], by weights: [Double]) -> [Int] {
        tokens.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
    }
}
