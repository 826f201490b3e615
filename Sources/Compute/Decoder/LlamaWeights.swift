/// A decoder's weights as contiguous Float buffers, widened from F32, F16 or BF16 once at load. Products that
/// read the same input are stacked so that one matrix product computes them together: the query, key and
/// value projections into `[q + 2·kv, hidden]`, the MLP's gate and up projections into `[2·inner, hidden]`.
struct LlamaWeights: Sendable {
    struct Layer: Sendable {
        let inputNorm: FloatBuffer
        let queryKeyValue: FloatBuffer
        let queryKeyValueBias: FloatBuffer?
        let output: FloatBuffer
        let outputBias: FloatBuffer?
        let postAttentionNorm: FloatBuffer
        let gateUp: FloatBuffer
        let down: FloatBuffer
    }

    let embeddings: FloatBuffer
    let layers: [Layer]
    let finalNorm: FloatBuffer
    /// The output layer: `lm_head`, or the embedding matrix itself when `tie_word_embeddings` is set.
    let head: FloatBuffer

    /// Reads every tensor `LlamaWeightLayout` names; the caller has already checked names and shapes.
    init(_ tensors: ShardedSafetensors, configuration config: LlamaConfiguration) throws {
        func floats(_ name: String) throws -> [Float] { try tensors.floats(name) }
        func read(_ name: String) throws -> FloatBuffer { FloatBuffer(try floats(name)) }
        embeddings = try read("model.embed_tokens.weight")
        layers = try (0..<config.layers).map { index in
            let prefix = "model.layers.\(index)."
            let projections = ["q_proj", "k_proj", "v_proj"]
            return Layer(
                inputNorm: try read(prefix + "input_layernorm.weight"),
                queryKeyValue: FloatBuffer(try projections.flatMap { try floats(prefix + "self_attn.\($0).weight") }),
                queryKeyValueBias: config.queryKeyValueBias
                    ? FloatBuffer(try projections.flatMap { try floats(prefix + "self_attn.\($0).bias") }) : nil,
                output: try read(prefix + "self_attn.o_proj.weight"),
                outputBias: config.outputBias ? try read(prefix + "self_attn.o_proj.bias") : nil,
                postAttentionNorm: try read(prefix + "post_attention_layernorm.weight"),
                gateUp: FloatBuffer(try floats(prefix + "mlp.gate_proj.weight") + floats(prefix + "mlp.up_proj.weight")),
                down: try read(prefix + "mlp.down_proj.weight"))
        }
        finalNorm = try read("model.norm.weight")
        head = config.tiesWordEmbeddings ? embeddings : try read("lm_head.weight")
    }
}
