import Foundation

/// Rotary position embeddings in the Hugging Face layout: a head's first and second halves are the two
/// coordinates of each rotated pair (`rotate_half`), not interleaved neighbours. Pair `i` turns by
/// `position · θ^(-2i/d)`, with the frequencies optionally rescaled (Llama 3.1, by its rule or by a GGUF file's per-frequency divisors).
struct RotaryEmbedding: Sendable {
    /// Radians per position of each pair, as Float: transformers keeps them in float32 and multiplies by the
    /// position in float32, and doing the same keeps long positions' angles identical.
    let frequencies: [Float]

    init(configuration config: LlamaConfiguration) {
        let half = config.headSize / 2
        frequencies = (0..<half).map { pair in
            let exponent = Double(Float(2 * pair) / Float(config.headSize))
            let frequency = 1 / pow(config.ropeTheta, exponent)
            if let factors = config.ropeFrequencyFactors { return Float(frequency) / factors[pair] }
            return Float(config.ropeScaling?.scale(frequency) ?? frequency)
        }
    }

    /// Cosines and sines for positions `0..<count`, `[count, headSize / 2]` each.
    func tables(count: Int) -> (cosines: [Float], sines: [Float]) {
        let half = frequencies.count
        var cosines = [Float](repeating: 0, count: count * half)
        var sines = [Float](repeating: 0, count: count * half)
        for position in 0..<count {
            for pair in 0..<half {
                let angle = Double(Float(position) * frequencies[pair])
                cosines[position * half + pair] = Float(cos(angle))
                sines[position * half + pair] = Float(sin(angle))
            }
        }
        return (cosines, sines)
    }
}
