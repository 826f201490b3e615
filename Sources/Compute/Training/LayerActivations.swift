/// What one layer's forward pass leaves for its backward pass, `[tokens, width]` each: the normed inputs
/// of attention and of the MLP with their inverse root mean squares, the projections, the attention's
/// context, the residual stream between the two halves, and the MLP's gate, up and activation.
final class LayerActivations: @unchecked Sendable {
    // Written by one layer's forward pass, read by its backward pass, within one training call.
    let normed: FloatBuffer
    let normInverse: FloatBuffer
    let queryKeyValue: FloatBuffer
    let context: FloatBuffer
    let middle: FloatBuffer
    let normed2: FloatBuffer
    let normInverse2: FloatBuffer
    let gateUp: FloatBuffer
    let activation: FloatBuffer

    init(configuration config: LlamaConfiguration, tokens: Int) {
        func buffer(_ width: Int) -> FloatBuffer { FloatBuffer(count: tokens * width) }
        let hidden = config.hiddenSize
        normed = buffer(hidden)
        normInverse = buffer(1)
        queryKeyValue = buffer(config.queryWidth + 2 * config.keyValueWidth)
        context = buffer(config.queryWidth)
        middle = buffer(hidden)
        normed2 = buffer(hidden)
        normInverse2 = buffer(1)
        gateUp = buffer(2 * config.intermediateSize)
        activation = buffer(config.intermediateSize)
    }

    /// The bytes one layer's activations take for `tokens` tokens.
    static func bytes(configuration config: LlamaConfiguration, tokens: Int) -> Int {
        let widths =
            3 * config.hiddenSize + 2 + 2 * config.queryWidth + 2 * config.keyValueWidth
            + 3 * config.intermediateSize
        return widths * tokens * MemoryLayout<Float>.stride
    }
}
