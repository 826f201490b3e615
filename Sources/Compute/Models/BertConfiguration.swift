import Foundation

/// The sizes of a BERT-family encoder, from the model's `config.json` (transformers' `BertConfig` keys).
public struct BertConfiguration: Sendable, Equatable {
    public var hiddenSize: Int
    public var layers: Int
    public var attentionHeads: Int
    public var intermediateSize: Int
    public var maxPositionEmbeddings: Int
    public var vocabularySize: Int
    public var typeVocabularySize: Int
    public var layerNormEpsilon: Double
    /// The feed-forward activation (`gelu` for BERT and MiniLM).
    public var hiddenActivation: String

    public init(
        hiddenSize: Int, layers: Int, attentionHeads: Int, intermediateSize: Int, maxPositionEmbeddings: Int,
        vocabularySize: Int, typeVocabularySize: Int = 2, layerNormEpsilon: Double = 1e-12, hiddenActivation: String = "gelu"
    ) {
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.attentionHeads = attentionHeads
        self.intermediateSize = intermediateSize
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.vocabularySize = vocabularySize
        self.typeVocabularySize = typeVocabularySize
        self.layerNormEpsilon = layerNormEpsilon
        self.hiddenActivation = hiddenActivation
    }

    /// Reads `config.json`; missing keys, wrong types and sizes that cannot work (heads that do not divide
    /// the hidden size, an absolute position embedding type other than `absolute`) throw `ModelFileError`.
    public init(contentsOf url: URL, file: String) throws {
        let config = try JSONObject.load(url, file: file)
        hiddenSize = try config.positiveInt("hidden_size")
        layers = try config.positiveInt("num_hidden_layers")
        attentionHeads = try config.positiveInt("num_attention_heads")
        intermediateSize = try config.positiveInt("intermediate_size")
        maxPositionEmbeddings = try config.positiveInt("max_position_embeddings")
        vocabularySize = try config.positiveInt("vocab_size")
        typeVocabularySize = config.has("type_vocab_size") ? try config.positiveInt("type_vocab_size") : 2
        if config.has("layer_norm_eps") {
            guard let epsilon = config.values["layer_norm_eps"] as? NSNumber, String(cString: epsilon.objCType) != "c",
                epsilon.doubleValue > 0
            else { throw config.malformed("layer_norm_eps", "a positive number") }
            layerNormEpsilon = epsilon.doubleValue
        } else {
            layerNormEpsilon = 1e-12
        }
        hiddenActivation = try config.optionalString("hidden_act") ?? "gelu"
        guard hiddenSize % attentionHeads == 0 else {
            throw ModelFileError(
                .malformed, file: file,
                message: "'hidden_size' \(hiddenSize) is not a multiple of 'num_attention_heads' \(attentionHeads)")
        }
        let positions = try config.optionalString("position_embedding_type") ?? "absolute"
        guard positions == "absolute" else {
            throw ModelFileError(
                .unsupported, file: file, message: "'position_embedding_type' '\(positions)' is not supported (only absolute)")
        }
    }

    /// The width of one attention head.
    public var headSize: Int { hiddenSize / attentionHeads }
}
