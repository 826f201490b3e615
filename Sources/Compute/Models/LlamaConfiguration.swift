import Foundation

/// The sizes and settings of a Llama-family decoder, from a Hugging Face `config.json`. Llama, Mistral and
/// Qwen2 checkpoints share the architecture (pre-RMSNorm blocks, rotary embeddings, grouped-query attention,
/// a SwiGLU MLP); they differ in the options read here, and anything that would change the computation
/// but is not implemented is refused with the field that asks for it.
public struct LlamaConfiguration: Sendable, Equatable {
    public var modelType: String
    public var hiddenSize: Int
    public var intermediateSize: Int
    public var layers: Int
    public var attentionHeads: Int
    public var keyValueHeads: Int
    /// The width of one attention head: `head_dim`, or hidden size / heads when absent.
    public var headSize: Int
    public var rmsNormEpsilon: Double
    public var ropeTheta: Double
    public var ropeScaling: LlamaRopeScaling?
    /// One divisor per rotary frequency, as GGUF files of Llama 3.1 store their rope scaling (the
    /// `rope_freqs.weight` tensor, which llama.cpp's converter computes from `rope_scaling`); nil for none.
    public var ropeFrequencyFactors: [Float]? = nil
    public var maxPositionEmbeddings: Int
    public var vocabularySize: Int
    /// Whether the output layer reuses the token embeddings (no `lm_head.weight` in the checkpoint).
    public var tiesWordEmbeddings: Bool
    /// Whether the query, key and value projections have biases (Qwen2 always; Llama with `attention_bias`).
    public var queryKeyValueBias: Bool
    /// Whether the attention output projection has a bias (Llama with `attention_bias`).
    public var outputBias: Bool
    /// Mistral's `sliding_window`: keys further back than this are not attended to. The decoder attends to
    /// its whole cache, so caches are capped at this many positions rather than computing something else.
    public var slidingWindow: Int?
    public var bosTokenID: Int?
    /// One or more end-of-sequence ids (Llama 3 lists several).
    public var eosTokenIDs: [Int]

    public init(
        modelType: String = "llama", hiddenSize: Int, intermediateSize: Int, layers: Int, attentionHeads: Int,
        keyValueHeads: Int, headSize: Int? = nil, rmsNormEpsilon: Double = 1e-6, ropeTheta: Double = 10000,
        ropeScaling: LlamaRopeScaling? = nil, maxPositionEmbeddings: Int, vocabularySize: Int,
        tiesWordEmbeddings: Bool = false, queryKeyValueBias: Bool = false, outputBias: Bool = false,
        slidingWindow: Int? = nil, bosTokenID: Int? = nil, eosTokenIDs: [Int] = []
    ) {
        self.modelType = modelType
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.layers = layers
        self.attentionHeads = attentionHeads
        self.keyValueHeads = keyValueHeads
        self.headSize = headSize ?? hiddenSize / attentionHeads
        self.rmsNormEpsilon = rmsNormEpsilon
        self.ropeTheta = ropeTheta
        self.ropeScaling = ropeScaling
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.vocabularySize = vocabularySize
        self.tiesWordEmbeddings = tiesWordEmbeddings
        self.queryKeyValueBias = queryKeyValueBias
        self.outputBias = outputBias
        self.slidingWindow = slidingWindow
        self.bosTokenID = bosTokenID
        self.eosTokenIDs = eosTokenIDs
    }

    public static let supportedModelTypes = ["llama", "mistral", "qwen2"]

    /// Reads `config.json` at `url`; `file` is the path its errors name. Missing keys, wrong types,
    /// inconsistent sizes and unsupported options throw `ModelFileError`.
    public init(contentsOf url: URL, file: String) throws {
        let config = try JSONObject.load(url, file: file)
        modelType = try config.string("model_type")
        guard Self.supportedModelTypes.contains(modelType) else {
            throw ModelFileError(
                .unsupported, file: file,
                message:
                    "'model_type' \"\(modelType)\" is not supported (only \(Self.supportedModelTypes.joined(separator: ", ")))")
        }
        hiddenSize = try config.positiveInt("hidden_size")
        intermediateSize = try config.positiveInt("intermediate_size")
        layers = try config.positiveInt("num_hidden_layers")
        attentionHeads = try config.positiveInt("num_attention_heads")
        keyValueHeads = config.has("num_key_value_heads") ? try config.positiveInt("num_key_value_heads") : attentionHeads
        guard attentionHeads % keyValueHeads == 0 else {
            throw ModelFileError(
                .malformed, file: file,
                message:
                    "'num_attention_heads' \(attentionHeads) is not a multiple of 'num_key_value_heads' \(keyValueHeads)")
        }
        if config.has("head_dim") {
            headSize = try config.positiveInt("head_dim")
        } else {
            guard hiddenSize % attentionHeads == 0 else {
                throw ModelFileError(
                    .malformed, file: file,
                    message:
                        "'hidden_size' \(hiddenSize) is not a multiple of 'num_attention_heads' \(attentionHeads), and there is no 'head_dim'"
                )
            }
            headSize = hiddenSize / attentionHeads
        }
        guard headSize % 2 == 0 else {
            throw ModelFileError(.malformed, file: file, message: "the head size \(headSize) must be even for rotary embeddings")
        }
        rmsNormEpsilon = config.has("rms_norm_eps") ? try config.positiveDouble("rms_norm_eps") : 1e-6
        maxPositionEmbeddings = try config.positiveInt("max_position_embeddings")
        vocabularySize = try config.positiveInt("vocab_size")
        tiesWordEmbeddings = try config.bool("tie_word_embeddings", default: false)
        let activation = try config.optionalString("hidden_act") ?? "silu"
        guard activation == "silu" else {
            throw ModelFileError(.unsupported, file: file, message: "'hidden_act' \"\(activation)\" is not supported (only silu)")
        }
        if try config.bool("mlp_bias", default: false) {
            throw ModelFileError(.unsupported, file: file, message: "'mlp_bias' true is not supported")
        }
        let attentionBias = try config.bool("attention_bias", default: false)
        queryKeyValueBias = modelType == "qwen2" || attentionBias
        outputBias = attentionBias
        (ropeTheta, ropeScaling) = try Self.rope(config)
        slidingWindow = try Self.slidingWindow(config, modelType: modelType)
        bosTokenID = config.has("bos_token_id") ? try config.int("bos_token_id") : nil
        eosTokenIDs = try Self.tokenIDs(config, "eos_token_id")
        for id in eosTokenIDs + (bosTokenID.map { [$0] } ?? []) where !(0..<vocabularySize).contains(id) {
            throw ModelFileError(
                .malformed, file: file, message: "special token id \(id) is outside 'vocab_size' \(vocabularySize)")
        }
    }

    /// The width of all query heads together.
    public var queryWidth: Int { attentionHeads * headSize }
    /// The width of all key (or value) heads together.
    public var keyValueWidth: Int { keyValueHeads * headSize }

    /// transformers 4.x writes `rope_theta` and `rope_scaling` at the top level; transformers 5 writes one
    /// `rope_parameters` object holding both.
    private static func rope(_ config: JSONObject) throws -> (Double, LlamaRopeScaling?) {
        if let parameters = try config.optionalObject("rope_parameters") {
            let theta = parameters.has("rope_theta") ? try parameters.positiveDouble("rope_theta") : 10000
            return (theta, try LlamaRopeScaling.parse(parameters))
        }
        let theta = config.has("rope_theta") ? try config.positiveDouble("rope_theta") : 10000
        guard let scaling = try config.optionalObject("rope_scaling") else { return (theta, nil) }
        return (theta, try LlamaRopeScaling.parse(scaling))
    }

    private static func slidingWindow(_ config: JSONObject, modelType: String) throws -> Int? {
        switch modelType {
        case "mistral":
            return config.has("sliding_window") ? try config.positiveInt("sliding_window") : nil
        case "qwen2":
            // Qwen2 configs carry a sliding_window that only applies with use_sliding_window.
            guard try config.bool("use_sliding_window", default: false) else { return nil }
            throw ModelFileError(.unsupported, file: config.file, message: "'use_sliding_window' true is not supported")
        default:
            return nil
        }
    }

    private static func tokenIDs(_ config: JSONObject, _ key: String) throws -> [Int] {
        guard config.has(key) else { return [] }
        if let single = JSONFile.integer(config.values[key]) { return [single] }
        guard let list = config.values[key] as? [Any] else { throw config.malformed(key, "an integer or a list of integers") }
        return try list.map { element in
            guard let id = JSONFile.integer(element) else { throw config.malformed(key, "an integer or a list of integers") }
            return id
        }
    }
}
