import Compute
import Foundation
import Testing

@Suite("TokenSampler")
struct TokenSamplerTests {
    /// Probabilities 0.5, 0.25, 0.15, 0.1 as logits (shifted, which softmax ignores).
    static let logits: [Float] = [0.5, 0.25, 0.15, 0.1].map { Float(Foundation.log($0)) + 3 }

    static func tokens(_ distribution: [(token: Int, probability: Double)]) -> [Int] { distribution.map(\.token) }

    @Test("greedy takes the largest logit, the first of equal ones, whatever the seed")
    func greedy() {
        var sampler = TokenSampler.greedy
        #expect(sampler.sample([0.1, 2, -1, 2]) == 1)
        #expect(sampler.sample(Self.logits) == 0)
        var seeded = TokenSampler(temperature: 0, topP: 0.1, seed: 42)
        #expect((0..<20).allSatisfy { _ in seeded.sample([3, 1, 4, 1, 5, 9, 2, 6]) == 5 })
    }

    @Test("top-p keeps the smallest most-likely set reaching p, renormalized")
    func nucleus() {
        func kept(_ topP: Float) -> [(token: Int, probability: Double)] {
            TokenSampler(temperature: 1, topP: topP).distribution(Self.logits)
        }
        #expect(Self.tokens(kept(0.4)) == [0])
        #expect(Self.tokens(kept(0.7)) == [0, 1])
        #expect(Self.tokens(kept(0.8)) == [0, 1, 2])
        #expect(Self.tokens(kept(0.95)) == [0, 1, 2, 3])
        #expect(Self.tokens(kept(1)).sorted() == [0, 1, 2, 3])
        let pair = kept(0.7)
        #expect(abs(pair[0].probability - 2.0 / 3) < 1e-6)
        #expect(abs(pair[1].probability - 1.0 / 3) < 1e-6)
    }

    @Test("top-k applies before top-p; temperature flattens or sharpens")
    func topKAndTemperature() {
        #expect(Self.tokens(TokenSampler(temperature: 1, topK: 2).distribution(Self.logits)) == [0, 1])
        #expect(Self.tokens(TokenSampler(temperature: 1, topP: 0.5, topK: 3).distribution(Self.logits)) == [0])
        // At temperature 2 the probabilities become √p renormalized.
        let flat = TokenSampler(temperature: 2).distribution(Self.logits)
        let roots = [0.5, 0.25, 0.15, 0.1].map { $0.squareRoot() }
        let total = roots.reduce(0, +)
        for (entry, root) in zip(flat.sorted { $0.token < $1.token }, roots) {
            #expect(abs(entry.probability - root / total) < 1e-6)
        }
    }

    @Test("the prefiltered nucleus equals one computed by sorting the whole vocabulary")
    func nucleusOnLargeVocabulary() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let logits = (0..<5000).map { _ in Float.random(in: -4...4, using: &random) }
            for topP: Float in [0.3, 0.9, 0.99] {
                let weights = logits.map { Foundation.exp(Double($0)) }
                let order = weights.indices.sorted { weights[$0] > weights[$1] || (weights[$0] == weights[$1] && $0 < $1) }
                let total = weights.reduce(0, +)
                var kept: [Int] = []
                var mass = 0.0
                for token in order where mass < Double(topP) * total {
                    kept.append(token)
                    mass += weights[token]
                }
                let distribution = TokenSampler(temperature: 1, topP: topP).distribution(logits)
                let same = Self.tokens(distribution) == kept
                #expect(same, "top-p \(topP): \(distribution.count) tokens kept, \(kept.count) expected")
                #expect(abs(distribution.reduce(0) { $0 + $1.probability } - 1) < 1e-9)
            }
        }
    }

    @Test("top-k on a large vocabulary keeps the k largest in order, equal ones in token order")
    func topKOnLargeVocabulary() {
        var random = SystemRandomNumberGenerator()
        for k in [1, 5, 40, 400] {
            // Few distinct values, so that many logits tie.
            let logits = (0..<5000).map { _ in Float(Int.random(in: 0..<200, using: &random)) / 50 }
            let order = logits.indices.sorted { logits[$0] > logits[$1] || (logits[$0] == logits[$1] && $0 < $1) }
            let kept = Self.tokens(TokenSampler(temperature: 1, topK: k).distribution(logits))
            let same = kept == Array(order.prefix(k))
            #expect(same, "top-k \(k)")
        }
    }

    @Test("the same seed draws the same tokens; draws follow the truncated distribution")
    func seededDraws() {
        func draws(seed: UInt64, topP: Float = 1, count: Int = 2000) -> [Int] {
            var sampler = TokenSampler(temperature: 1, topP: topP, seed: seed)
            return (0..<count).map { _ in sampler.sample(Self.logits) }
        }
        #expect(draws(seed: 7) == draws(seed: 7))
        #expect(draws(seed: 7) != draws(seed: 8))
        let full = draws(seed: 3)
        #expect(Set(full) == [0, 1, 2, 3])
        let rare = Double(full.filter { $0 == 3 }.count) / 2000
        #expect(abs(rare - 0.1) < 0.03)
        let truncated = draws(seed: 3, topP: 0.7)
        #expect(Set(truncated) == [0, 1])
        let likely = Double(truncated.filter { $0 == 0 }.count) / 2000
        #expect(abs(likely - 2.0 / 3) < 0.04)
    }
}
