/// The encoder's weights as contiguous Float arrays, read once from the model folder's safetensors file.
/// The query, key and value projections of each layer are stacked into one `[3·hidden, hidden]` matrix so
/// that one matrix product computes all three.
struct EncoderWeights: Sendable {
    struct Layer: Sendable {
        var queryKeyValue: [Float]
        var queryKeyValueBias: [Float]
        var attentionOutput: [Float]
        var attentionOutputBias: [Float]
        var attentionNormGamma: [Float]
        var attentionNormBeta: [Float]
        var intermediate: [Float]
        var intermediateBias: [Float]
        var output: [Float]
        var outputBias: [Float]
        var outputNormGamma: [Float]
        var outputNormBeta: [Float]
    }

    var wordEmbeddings: [Float]
    var positionEmbeddings: [Float]
    /// Row 0 of the token type embeddings: every token of a single text has type 0.
    var tokenTypeEmbedding: [Float]
    var embeddingNormGamma: [Float]
    var embeddingNormBeta: [Float]
    var layers: [Layer]

    /// Reads every tensor `BertWeightLayout` names; the folder has already checked their names and shapes.
    init(_ folder: SentenceTransformerFolder) throws {
        let weights = folder.weights
        let config = folder.configuration
        let prefix = folder.weightPrefix
        let hidden = config.hiddenSize
        func read(_ name: String) throws -> [Float] { try weights.floats(prefix + name) }
        wordEmbeddings = try read("embeddings.word_embeddings.weight")
        positionEmbeddings = try read("embeddings.position_embeddings.weight")
        tokenTypeEmbedding = Array(try read("embeddings.token_type_embeddings.weight").prefix(hidden))
        embeddingNormGamma = try read("embeddings.LayerNorm.weight")
        embeddingNormBeta = try read("embeddings.LayerNorm.bias")
        layers = try (0..<config.layers).map { index in
            let layer = "encoder.layer.\(index)."
            let projections = ["query", "key", "value"]
            return Layer(
                queryKeyValue: try projections.flatMap { try read(layer + "attention.self.\($0).weight") },
                queryKeyValueBias: try projections.flatMap { try read(layer + "attention.self.\($0).bias") },
                attentionOutput: try read(layer + "attention.output.dense.weight"),
                attentionOutputBias: try read(layer + "attention.output.dense.bias"),
                attentionNormGamma: try read(layer + "attention.output.LayerNorm.weight"),
                attentionNormBeta: try read(layer + "attention.output.LayerNorm.bias"),
                intermediate: try read(layer + "intermediate.dense.weight"),
                intermediateBias: try read(layer + "intermediate.dense.bias"),
                output: try read(layer + "output.dense.weight"),
                outputBias: try read(layer + "output.dense.bias"),
                outputNormGamma: try read(layer + "output.LayerNorm.weight"),
                outputNormBeta: try read(layer + "output.LayerNorm.bias"))
        }
    }
}
