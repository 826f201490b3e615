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

    /// The bytes one layer's activations take for `tokens` tokens: measured on a one-token set, so that the
    /// bound and the buffers cannot disagree.
    static func bytes(configuration config: LlamaConfiguration, tokens: Int) -> Int {
        let one = LayerActivations(configuration: config, tokens: 1)
        let buffers = [
            one.normed, one.normInverse, one.queryKeyValue, one.context, one.middle, one.normed2, one.normInverse2,
            one.gateUp, one.activation,
        ]
        return buffers.reduce(0) { $0 + $1.count } * tokens * MemoryLayout<Float>.stride
    }
}
