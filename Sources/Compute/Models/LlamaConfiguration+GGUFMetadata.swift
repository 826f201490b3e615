import Foundation

/// Writing a configuration as the `<architecture>.*` metadata of a GGUF file, the inverse of
/// `init(gguf:)`: what a model folder's `config.json` becomes when its weights are written as GGUF.
extension LlamaConfiguration {
    /// The GGUF architecture this model is stored as: `llama` (Mistral too, as llama.cpp converts it) or
    /// `qwen2`.
    public var ggufArchitecture: String { modelType == "qwen2" ? "qwen2" : "llama" }

    /// The hyperparameter keys `init(gguf:)` reads, with the values of this configuration. Options a GGUF
    /// Llama cannot carry here (attention biases on a Llama) throw `ModelFileError` naming `configFile`.
    func ggufMetadata(configFile: String) throws -> [(key: String, value: GGUFValue)] {
        let architecture = ggufArchitecture
        if architecture == "llama", queryKeyValueBias || outputBias {
            throw ModelFileError(
                .unsupported, file: configFile,
                message:
                    "'attention_bias' is true: a Llama GGUF file has no attention biases, so the model cannot be written as GGUF")
        }
        func key(_ name: String) -> String { "\(architecture).\(name)" }
        func count(_ value: Int) -> GGUFValue { .uint32(UInt32(value)) }
        return [
            (key("context_length"), count(maxPositionEmbeddings)), (key("embedding_length"), count(hiddenSize)),
            (key("feed_forward_length"), count(intermediateSize)), (key("block_count"), count(layers)),
            (key("attention.head_count"), count(attentionHeads)), (key("attention.head_count_kv"), count(keyValueHeads)),
            (key("attention.key_length"), count(headSize)), (key("attention.value_length"), count(headSize)),
            (key("rope.dimension_count"), count(headSize)), (key("rope.freq_base"), .float32(Float(ropeTheta))),
            (key("attention.layer_norm_rms_epsilon"), .float32(Float(rmsNormEpsilon))),
            (key("vocab_size"), count(vocabularySize)),
        ]
    }

    /// Llama 3.1's rope scaling as llama.cpp's converter stores it: the divisor of each pair's frequency,
    /// the `rope_freqs.weight` tensor `init(gguf:)` reads back. nil without scaling.
    var ggufRopeFrequencyFactors: [Float]? {
        guard let ropeScaling else { return ropeFrequencyFactors }
        let pairs = headSize / 2
        return (0..<pairs).map { pair in
            let frequency = 1 / pow(ropeTheta, Double(Float(2 * pair) / Float(headSize)))
            return Float(frequency / ropeScaling.scale(frequency))
        }
    }
}
