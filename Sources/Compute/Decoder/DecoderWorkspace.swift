/// Scratch memory for one forward pass of up to `rows` tokens, allocated with its cache and reused by
/// every call on it, so that decoding allocates nothing per token.
final class DecoderWorkspace: @unchecked Sendable {
    // Used only inside a model call that holds the owning cache `inout`, so never by two threads at once.
    let rows: Int
    /// The residual stream, `[rows, hidden]`.
    let hidden: FloatBuffer
    /// A normalized copy of it, the input of the projections, `[rows, hidden]`.
    let normed: FloatBuffer
    /// Queries, keys and values side by side, `[rows, q + 2·kv]`.
    let queryKeyValue: FloatBuffer
    /// Attention output before its projection, `[rows, q]`.
    let context: FloatBuffer
    /// The MLP's gate and up activations side by side, `[rows, 2·inner]`.
    let gateUp: FloatBuffer
    /// One block of attention scores per worker, `[CausalAttention.blockRows, capacity]`.
    let scores: [FloatBuffer]

    init(configuration config: LlamaConfiguration, rows: Int, capacity: Int, workers: Int) {
        self.rows = rows
        hidden = FloatBuffer(count: rows * config.hiddenSize)
        normed = FloatBuffer(count: rows * config.hiddenSize)
        queryKeyValue = FloatBuffer(count: rows * (config.queryWidth + 2 * config.keyValueWidth))
        context = FloatBuffer(count: rows * config.queryWidth)
        gateUp = FloatBuffer(count: rows * 2 * config.intermediateSize)
        scores = (0..<max(1, workers)).map { _ in FloatBuffer(count: min(rows, CausalAttention.blockRows) * capacity) }
    }
}
