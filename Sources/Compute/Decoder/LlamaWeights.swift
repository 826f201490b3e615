/// A decoder's weights. The linear layers are `WeightMatrix`es, float32 or GGML blocks; the norms and biases
/// are float buffers. Products that read the same input are stacked so that one matrix product computes
/// them together: the query, key and value projections into `[q + 2·kv, hidden]`, the MLP's gate and up
/// projections into `[2·inner, hidden]`.
struct LlamaWeights: Sendable {
    struct Layer: Sendable {
        let inputNorm: FloatBuffer
        let queryKeyValue: WeightMatrix
        let queryKeyValueBias: FloatBuffer?
        let output: WeightMatrix
        let outputBias: FloatBuffer?
        let postAttentionNorm: FloatBuffer
        let gateUp: WeightMatrix
        let down: WeightMatrix
    }

    /// `[vocab, hidden]`: row `id` is token `id`'s embedding.
    let embeddings: WeightMatrix
    let layers: [Layer]
    let finalNorm: FloatBuffer
    /// The output layer, `[vocab, hidden]`: `lm_head`, or the embedding matrix itself when
    /// `tie_word_embeddings` is set.
    let head: WeightMatrix

    /// Weights built elsewhere (from a GGUF file); shapes are the caller's to check.
    init(embeddings: WeightMatrix, layers: [Layer], finalNorm: FloatBuffer, head: WeightMatrix) {
        self.embeddings = embeddings
        self.layers = layers
        self.finalNorm = finalNorm
        self.head = head
    }

    /// Reads every tensor `LlamaWeightLayout` names, widened from F32, F16 or BF16 to dense float32 matrices;
    /// the caller has already checked names and shapes.
    init(_ tensors: ShardedSafetensors, configuration config: LlamaConfiguration) throws {
        func floats(_ name: String) throws -> [Float] { try tensors.floats(name) }
        func read(_ name: String) throws -> FloatBuffer { FloatBuffer(try floats(name)) }
        func matrix(_ names: [String], rows: Int, columns: Int) throws -> WeightMatrix {
            WeightMatrix(floats: try names.flatMap { try floats($0) }, rows: rows, columns: columns)
        }
        let hidden = config.hiddenSize
        let embeddings = try matrix(["model.embed_tokens.weight"], rows: config.vocabularySize, columns: hidden)
        let layers = try (0..<config.layers).map { index in
            let prefix = "model.layers.\(index)."
            let projections = ["q_proj", "k_proj", "v_proj"]
            return Layer(
                inputNorm: try read(prefix + "input_layernorm.weight"),
                queryKeyValue: try matrix(
                    projections.map { prefix + "self_attn.\($0).weight" },
                    rows: config.queryWidth + 2 * config.keyValueWidth, columns: hidden),
                queryKeyValueBias: config.queryKeyValueBias
                    ? FloatBuffer(try projections.flatMap { try floats(prefix + "self_attn.\($0).bias") }) : nil,
                output: try matrix([prefix + "self_attn.o_proj.weight"], rows: hidden, columns: config.queryWidth),
                outputBias: config.outputBias ? try read(prefix + "self_attn.o_proj.bias") : nil,
                postAttentionNorm: try read(prefix + "post_attention_layernorm.weight"),
                gateUp: try matrix(
                    [prefix + "mlp.gate_proj.weight", prefix + "mlp.up_proj.weight"],
                    rows: 2 * config.intermediateSize, columns: hidden),
                down: try matrix([prefix + "mlp.down_proj.weight"], rows: hidden, columns: config.intermediateSize))
        }
        self.init(
            embeddings: embeddings, layers: layers, finalNorm: try read("model.norm.weight"),
            head: config.tiesWordEmbeddings
                ? embeddings : try matrix(["lm_head.weight"], rows: config.vocabularySize, columns: hidden))
    }
}
