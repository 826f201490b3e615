/// A frozen Llama-family decoder with a trainable low-rank adapter on its linear layers: the forward pass
/// of a batch of samples, keeping each layer's input and, as memory allows, the last layers' activations,
/// and the backward pass, which recomputes the other layers one at a time from their inputs and
/// accumulates the adapter's gradients. Only the adapter has gradients; the base weights, norms and
/// embeddings are frozen.
final class LoRANetwork: @unchecked Sendable {
    // One training call at a time; the workspace and the parameters' buffers are its scratch.
    let model: LlamaModel
    let dense: DenseWeights
    let parameters: LoRAParameters
    let workspace: TrainingWorkspace
    let cosines: FloatBuffer
    let sines: FloatBuffer
    /// The sines negated: rotating by the opposite angle is the rotation's transpose, the backward pass.
    let negatedSines: FloatBuffer

    var configuration: LlamaConfiguration { model.configuration }

    init(model: LlamaModel, parameters: LoRAParameters, tokens: Int, sampleLength: Int, keptLayers: Int) {
        self.model = model
        dense = DenseWeights(model.weights)
        self.parameters = parameters
        workspace = TrainingWorkspace(
            configuration: model.configuration, rank: parameters.configuration.rank, tokens: tokens,
            sampleLength: sampleLength, keptLayers: keptLayers)
        let (cosines, sines) = model.rotary.tables(count: sampleLength)
        self.cosines = FloatBuffer(cosines)
        self.sines = FloatBuffer(sines)
        negatedSines = FloatBuffer(sines.map { -$0 })
    }

    /// The forward pass through every layer: `workspace.layerInputs` then hold each layer's input and the
    /// last one the final hidden state. `dropoutStep` seeds the adapter's dropout (none when nil).
    func forward(_ batch: [TrainingSequence], layout: SampleLayout, adapter: Bool, dropoutStep: UInt64?) {
        let hidden = configuration.hiddenSize
        var row = 0
        for sequence in batch {
            for id in sequence.tokens {
                model.weights.embeddings.dequantizeRow(id, into: workspace.layerInputs[0].base + row * hidden)
                row += 1
            }
        }
        for layer in 0..<configuration.layers {
            layerForward(layer, layout: layout, adapter: adapter, dropoutStep: dropoutStep)
        }
    }

    /// The dropout of one module, or nil when there is none.
    func dropout(_ target: LoRATarget, layer: Int, step: UInt64?) -> Dropout? {
        guard let step, parameters.configuration.dropout > 0 else { return nil }
        return Dropout(
            rate: Float(parameters.configuration.dropout), seed: Dropout.seed(step: step, layer: layer, target: target))
    }

    /// One layer from `layerInputs[layer]` into `layerInputs[layer + 1]`, leaving its activations in the
    /// workspace for `layerBackward`.
    func layerForward(_ index: Int, layout: SampleLayout, adapter: Bool, dropoutStep: UInt64?) {
        let config = configuration
        let w = workspace
        let a = w.activations(ofLayer: index)
        let base = model.weights.layers[index]
        let weights = dense.layers[index]
        let rows = layout.tokens
        let hidden = config.hiddenSize
        let queryWidth = config.queryWidth
        let kvWidth = config.keyValueWidth
        let stride = queryWidth + 2 * kvWidth
        let inner = config.intermediateSize
        let epsilon = Float(config.rmsNormEpsilon)
        let input = w.layerInputs[index].base
        let output = w.layerInputs[index + 1].base
        func lora(_ target: LoRATarget, _ x: UnsafePointer<Float>, _ ldx: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
            guard adapter else { return }
            addAdapter(target, layer: index, x: x, ldx: ldx, rows: rows, into: c, ldc: ldc, dropoutStep: dropoutStep)
        }

        TrainingRowOperations.rmsNorm(
            input, rows: rows, columns: hidden, weight: base.inputNorm.base, epsilon: epsilon, into: a.normed.base,
            inverse: a.normInverse.base)
        TrainingProducts.forward(
            a.normed.base, lda: hidden, weights.queryKeyValue, into: a.queryKeyValue.base, ldc: stride, m: rows)
        if let bias = base.queryKeyValueBias {
            RowOperations.addBias(a.queryKeyValue.base, rows: rows, columns: stride, bias: bias.base)
        }
        lora(.query, a.normed.base, hidden, a.queryKeyValue.base, stride)
        lora(.key, a.normed.base, hidden, a.queryKeyValue.base + queryWidth, stride)
        lora(.value, a.normed.base, hidden, a.queryKeyValue.base + queryWidth + kvWidth, stride)
        for (start, length) in zip(layout.starts, layout.lengths) {
            for (offset, heads) in [(0, config.attentionHeads), (queryWidth, config.keyValueHeads)] {
                DecoderRowOperations.rotate(
                    a.queryKeyValue.base + start * stride + offset, rows: length, stride: stride, heads: heads,
                    headSize: config.headSize, firstPosition: 0, cosines: cosines.base, sines: sines.base)
            }
        }
        CausalSampleAttention(configuration: config, workspace: w, activations: a).forward(layout)
        a.middle.base.update(from: input, count: rows * hidden)
        TrainingProducts.forward(
            a.context.base, lda: queryWidth, weights.output, into: a.middle.base, ldc: hidden, m: rows, beta: 1)
        if let bias = base.outputBias { RowOperations.addBias(a.middle.base, rows: rows, columns: hidden, bias: bias.base) }
        lora(.output, a.context.base, queryWidth, a.middle.base, hidden)

        TrainingRowOperations.rmsNorm(
            a.middle.base, rows: rows, columns: hidden, weight: base.postAttentionNorm.base, epsilon: epsilon,
            into: a.normed2.base, inverse: a.normInverse2.base)
        TrainingProducts.forward(a.normed2.base, lda: hidden, weights.gateUp, into: a.gateUp.base, ldc: 2 * inner, m: rows)
        lora(.gate, a.normed2.base, hidden, a.gateUp.base, 2 * inner)
        lora(.up, a.normed2.base, hidden, a.gateUp.base + inner, 2 * inner)
        TrainingRowOperations.gateActivation(a.gateUp.base, rows: rows, inner: inner, into: a.activation.base)
        output.update(from: a.middle.base, count: rows * hidden)
        TrainingProducts.forward(a.activation.base, lda: inner, weights.down, into: output, ldc: hidden, m: rows, beta: 1)
        lora(.down, a.activation.base, inner, output, hidden)
    }
}
