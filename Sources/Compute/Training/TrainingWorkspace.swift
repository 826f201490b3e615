/// Scratch memory for one micro-batch of up to `tokens` tokens in samples of up to `sampleLength`: the
/// input of every layer (kept through the forward pass so that the backward pass can recompute one layer
/// at a time instead of storing all of them), one layer's activations and their gradients.
final class TrainingWorkspace: @unchecked Sendable {
    // Used by one training call at a time.
    let tokens: Int
    let sampleLength: Int
    /// `layerInputs[l]`: the residual stream entering layer `l`; the last one leaves the last layer.
    let layerInputs: [FloatBuffer]
    let normed: FloatBuffer
    let normInverse: FloatBuffer
    let queryKeyValue: FloatBuffer
    let context: FloatBuffer
    let middle: FloatBuffer
    let normed2: FloatBuffer
    let normInverse2: FloatBuffer
    let gateUp: FloatBuffer
    let activation: FloatBuffer
    /// Two gradients of the residual stream, swapped layer by layer.
    let residualGradients: (FloatBuffer, FloatBuffer)
    let normedGradient: FloatBuffer
    let contextGradient: FloatBuffer
    let queryKeyValueGradient: FloatBuffer
    let gateUpGradient: FloatBuffer
    let activationGradient: FloatBuffer
    /// LoRA's `x·Aᵀ` and its gradient, `[tokens, rank]`.
    let low: FloatBuffer
    let lowGradient: FloatBuffer
    /// A dropped-out copy of a module's input, or a gradient before its mask, `[tokens, widest input]`.
    let dropped: FloatBuffer
    /// One sample's attention probabilities and their gradient, `[sampleLength, sampleLength]`.
    let scores: FloatBuffer
    let scoresGradient: FloatBuffer
    /// The final norm's output and inverse root mean squares.
    let finalNormed: FloatBuffer
    let finalInverse: FloatBuffer
    let finalGradient: FloatBuffer
    /// Logits of `OutputLoss.chunkRows` predicted positions, and their gathered inputs and gradients.
    let logits: FloatBuffer
    let gathered: FloatBuffer
    let gatheredGradient: FloatBuffer

    init(configuration config: LlamaConfiguration, rank: Int, tokens: Int, sampleLength: Int) {
        self.tokens = tokens
        self.sampleLength = sampleLength
        let hidden = config.hiddenSize
        let stride = config.queryWidth + 2 * config.keyValueWidth
        let inner = config.intermediateSize
        func buffer(_ width: Int) -> FloatBuffer { FloatBuffer(count: tokens * width) }
        layerInputs = (0...config.layers).map { _ in buffer(hidden) }
        normed = buffer(hidden)
        normInverse = buffer(1)
        queryKeyValue = buffer(stride)
        context = buffer(config.queryWidth)
        middle = buffer(hidden)
        normed2 = buffer(hidden)
        normInverse2 = buffer(1)
        gateUp = buffer(2 * inner)
        activation = buffer(inner)
        residualGradients = (buffer(hidden), buffer(hidden))
        normedGradient = buffer(hidden)
        contextGradient = buffer(config.queryWidth)
        queryKeyValueGradient = buffer(stride)
        gateUpGradient = buffer(2 * inner)
        activationGradient = buffer(inner)
        low = buffer(rank)
        lowGradient = buffer(rank)
        dropped = buffer(max(hidden, inner, config.queryWidth))
        scores = FloatBuffer(count: sampleLength * sampleLength)
        scoresGradient = FloatBuffer(count: sampleLength * sampleLength)
        finalNormed = buffer(hidden)
        finalInverse = buffer(1)
        finalGradient = buffer(hidden)
        logits = FloatBuffer(count: OutputLoss.chunkRows * config.vocabularySize)
        gathered = FloatBuffer(count: OutputLoss.chunkRows * hidden)
        gatheredGradient = FloatBuffer(count: OutputLoss.chunkRows * hidden)
    }
}
