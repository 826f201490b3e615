/// The configuration of a Llama-family decoder from a GGUF file's `<architecture>.*` metadata, the keys
/// llama.cpp's converter writes in place of `config.json`.
extension LlamaConfiguration {
    /// The architectures whose GGUF tensors map onto this decoder. Llama (and what llama.cpp converts as
    /// Llama: Mistral 7B, SmolLM, TinyLlama) stores its query and key rows permuted for interleaved rotary
    /// embeddings, which the loader undoes; Qwen2 stores them as transformers does and adds q, k, v biases.
    public static let supportedGGUFArchitectures = ["llama", "qwen2"]

    /// Reads the hyperparameters of `file`. A missing or mistyped key, an architecture other than Llama or
    /// Qwen2, or an option this decoder does not compute (rope scaling, partial rotary, experts) throws
    /// `ModelFileError` naming the file and the key.
    public init(gguf file: GGUFFile) throws {
        let architecture = try file.string("general.architecture")
        guard Self.supportedGGUFArchitectures.contains(architecture) else {
            throw ModelFileError(
                .unsupported, file: file.path,
                message:
                    "metadata 'general.architecture' is \"\(architecture)\"; only \(Self.supportedGGUFArchitectures.joined(separator: " and ")) models load from GGUF"
            )
        }
        func key(_ name: String) -> String { "\(architecture).\(name)" }
        let hidden = try file.int(key("embedding_length"), minimum: 1)
        let heads = try file.int(key("attention.head_count"), minimum: 1)
        let keyValueHeads = try file.optionalInt(key("attention.head_count_kv"), minimum: 1) ?? heads
        guard heads % keyValueHeads == 0 else {
            throw ModelFileError(
                .malformed, file: file.path,
                message:
                    "'\(key("attention.head_count"))' \(heads) is not a multiple of '\(key("attention.head_count_kv"))' \(keyValueHeads)"
            )
        }
        let headSize = try file.optionalInt(key("attention.key_length"), minimum: 1) ?? hidden / heads
        guard headSize % 2 == 0, headSize * heads == hidden || file.has(key("attention.key_length")) else {
            throw ModelFileError(
                .malformed, file: file.path,
                message: "'\(key("embedding_length"))' \(hidden) does not split into \(heads) heads of an even size")
        }
        if let valueLength = try file.optionalInt(key("attention.value_length"), minimum: 1), valueLength != headSize {
            throw ModelFileError(
                .unsupported, file: file.path,
                message: "'\(key("attention.value_length"))' \(valueLength) differs from the key length \(headSize)")
        }
        if let rotary = try file.optionalInt(key("rope.dimension_count"), minimum: 1), rotary != headSize {
            throw ModelFileError(
                .unsupported, file: file.path,
                message:
                    "'\(key("rope.dimension_count"))' \(rotary) rotates part of each \(headSize)-wide head; only full rotary embeddings are supported"
            )
        }
        try Self.refuseUnsupported(file, architecture: architecture)
        let vocabulary =
            try file.optionalInt(key("vocab_size"), minimum: 1)
            ?? file.arrayCount("tokenizer.ggml.tokens")
            ?? file.tensorIfPresent("token_embd.weight")?.dimensions.last
        guard let vocabulary, vocabulary > 0 else {
            throw ModelFileError(
                .malformed, file: file.path,
                message:
                    "has no '\(key("vocab_size"))', no 'tokenizer.ggml.tokens' and no 'token_embd.weight' to size the vocabulary")
        }
        let bos = try file.optionalInt("tokenizer.ggml.bos_token_id")
        let eos = try file.optionalInt("tokenizer.ggml.eos_token_id")
        for id in [bos, eos].compactMap({ $0 }) where id >= vocabulary {
            throw ModelFileError(
                .malformed, file: file.path, message: "special token id \(id) is outside the vocabulary of \(vocabulary)")
        }
        self.init(
            modelType: architecture, hiddenSize: hidden,
            intermediateSize: try file.int(key("feed_forward_length"), minimum: 1),
            layers: try file.int(key("block_count"), minimum: 1), attentionHeads: heads, keyValueHeads: keyValueHeads,
            headSize: headSize,
            rmsNormEpsilon: try file.positiveDouble(key("attention.layer_norm_rms_epsilon"), default: 1e-6),
            ropeTheta: try file.positiveDouble(key("rope.freq_base"), default: 10000),
            maxPositionEmbeddings: try file.int(key("context_length"), minimum: 1), vocabularySize: vocabulary,
            tiesWordEmbeddings: file.tensorIfPresent("output.weight") == nil,
            queryKeyValueBias: architecture == "qwen2", bosTokenID: bos, eosTokenIDs: eos.map { [$0] } ?? [])
        ropeFrequencyFactors = try Self.frequencyFactors(file, pairs: headSize / 2)
    }

    /// `rope_freqs.weight`: the divisor of each rotary frequency, which llama.cpp's converter writes for
    /// Llama 3.1's rope scaling instead of its parameters. One float per pair of a head, all positive.
    private static func frequencyFactors(_ file: GGUFFile, pairs: Int) throws -> [Float]? {
        guard let tensor = file.tensorIfPresent("rope_freqs.weight") else { return nil }
        guard tensor.dimensions == [pairs], tensor.type == .f32 else {
            throw ModelFileError(
                .mismatch, file: file.path,
                message:
                    "tensor 'rope_freqs.weight' is \(tensor.type) \(tensor.dimensions); it must be F32 [\(pairs)], one factor per rotary pair"
            )
        }
        let factors = file.withUnsafeBytes(of: tensor) { raw in
            (0..<pairs).map {
                Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)))
            }
        }
        guard factors.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw ModelFileError(
                .malformed, file: file.path, message: "tensor 'rope_freqs.weight' holds a factor that is not positive")
        }
        return factors
    }

    /// Options that would change what the model computes, refused by the key that asks for them rather than
    /// silently computing something else.
    private static func refuseUnsupported(_ file: GGUFFile, architecture: String) throws {
        if let experts = try file.optionalInt("\(architecture).expert_count"), experts > 0 {
            throw ModelFileError(
                .unsupported, file: file.path,
                message: "'\(architecture).expert_count' is \(experts): mixture-of-experts models are not supported")
        }
        if let parts = try file.optionalInt("split.count"), parts > 1 {
            throw ModelFileError(
                .unsupported, file: file.path,
                message:
                    "is one of \(parts) parts of a split GGUF ('split.count'); join them first with llama.cpp's llama-gguf-split --merge"
            )
        }
        let scalingKey = "\(architecture).rope.scaling.type"
        if let scaling = try file.optionalString(scalingKey), scaling != "none" {
            throw ModelFileError(
                .unsupported, file: file.path, message: "'\(scalingKey)' \"\(scaling)\" is not supported (only none)")
        }
    }
}
