/// Scratch memory for one micro-batch of up to `tokens` tokens in samples of up to `sampleLength`: the
/// input of every layer, the activations of the last `keptLayers` layers (kept from the forward pass, as
/// memory allows), one more set that the other layers share and recompute before their backward pass,
/// and the gradients of one layer.
final class TrainingWorkspace: @unchecked Sendable {
    // Used by one training call at a time.
    let tokens: Int
    let sampleLength: Int
    /// `layerInputs[l]`: the residual stream entering layer `l`; the last one leaves the last layer.
    let layerInputs: [FloatBuffer]
    /// How many of the last layers keep their activations between the forward and the backward pass.
    let keptLayers: Int
    private let layers: Int
    /// The kept layers' activations, then the set the other layers share.
    private let activationSets: [LayerActivations]
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

    /// `keptLayers` is clamped to the model's layer count.
    init(configuration config: LlamaConfiguration, rank: Int, tokens: Int, sampleLength: Int, keptLayers: Int) {
        self.tokens = tokens
        self.sampleLength = sampleLength
        let hidden = config.hiddenSize
        let stride = config.queryWidth + 2 * config.keyValueWidth
        let inner = config.intermediateSize
        func buffer(_ width: Int) -> FloatBuffer { FloatBuffer(count: tokens * width) }
        layerInputs = (0...config.layers).map { _ in buffer(hidden) }
        layers = config.layers
        self.keptLayers = min(max(keptLayers, 0), config.layers)
        let sets = self.keptLayers < config.layers ? self.keptLayers + 1 : self.keptLayers
        activationSets = (0..<sets).map { _ in LayerActivations(configuration: config, tokens: tokens) }
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

    /// Whether `layer`'s activations survive from its forward pass to its backward pass.
    func keepsActivations(ofLayer layer: Int) -> Bool { layer >= layers - keptLayers }

    /// Where `layer`'s forward pass leaves its activations.
    func activations(ofLayer layer: Int) -> LayerActivations {
        keepsActivations(ofLayer: layer) ? activationSets[layer - (layers - keptLayers)] : activationSets[keptLayers]
    }
}
