extension LoRANetwork {
    /// The backward pass through every layer, from the gradient of the final hidden state in
    /// `workspace.residualGradients.0`, accumulating the adapter's gradients. A layer whose activations were
    /// not kept is first recomputed from its input (with the same dropout masks, so to the same values).
    func backward(layout: SampleLayout, dropoutStep: UInt64?) {
        var (gradient, next) = workspace.residualGradients
        for layer in (0..<configuration.layers).reversed() {
            if !workspace.keepsActivations(ofLayer: layer) {
                layerForward(layer, layout: layout, adapter: true, dropoutStep: dropoutStep)
            }
            layerBackward(
                layer, layout: layout, outputGradient: gradient.base, inputGradient: next.base, dropoutStep: dropoutStep)
            swap(&gradient, &next)
        }
    }

    /// One layer's backward pass, its activations in the workspace: from the gradient of its output to the
    /// gradient of its input.
    func layerBackward(
        _ index: Int, layout: SampleLayout, outputGradient dOut: UnsafePointer<Float>,
        inputGradient dIn: UnsafeMutablePointer<Float>, dropoutStep: UInt64?
    ) {
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
        func lora(
            _ target: LoRATarget, _ x: UnsafePointer<Float>, _ ldx: Int, _ dy: UnsafePointer<Float>, _ ldy: Int,
            _ dx: UnsafeMutablePointer<Float>, _ lddx: Int
        ) {
            adapterBackward(
                target, layer: index, x: x, ldx: ldx, dy: dy, ldy: ldy, rows: rows, addingTo: dx, lddx: lddx,
                dropoutStep: dropoutStep)
        }

        // The MLP: out = middle + (silu(gate)·up)·Wdownᵀ.
        TrainingProducts.backward(dOut, ldy: hidden, weights.down, into: w.activationGradient.base, ldx: inner, m: rows)
        lora(.down, a.activation.base, inner, dOut, hidden, w.activationGradient.base, inner)
        TrainingRowOperations.gateActivationBackward(
            w.activationGradient.base, gateUp: a.gateUp.base, rows: rows, inner: inner, into: w.gateUpGradient.base)
        TrainingProducts.backward(
            w.gateUpGradient.base, ldy: 2 * inner, weights.gateUp, into: w.normedGradient.base, ldx: hidden, m: rows)
        lora(.gate, a.normed2.base, hidden, w.gateUpGradient.base, 2 * inner, w.normedGradient.base, hidden)
        lora(.up, a.normed2.base, hidden, w.gateUpGradient.base + inner, 2 * inner, w.normedGradient.base, hidden)
        dIn.update(from: dOut, count: rows * hidden)
        TrainingRowOperations.rmsNormBackward(
            w.normedGradient.base, x: a.middle.base, rows: rows, columns: hidden, weight: base.postAttentionNorm.base,
            inverse: a.normInverse2.base, addingTo: dIn)

        // Attention: middle = input + attention(q, k, v)·Woᵀ; dIn now holds the gradient of `middle`.
        TrainingProducts.backward(dIn, ldy: hidden, weights.output, into: w.contextGradient.base, ldx: queryWidth, m: rows)
        lora(.output, a.context.base, queryWidth, dIn, hidden, w.contextGradient.base, queryWidth)
        CausalSampleAttention(configuration: config, workspace: w, activations: a).backward(layout)
        for (start, length) in zip(layout.starts, layout.lengths) {
            for (offset, heads) in [(0, config.attentionHeads), (queryWidth, config.keyValueHeads)] {
                DecoderRowOperations.rotate(
                    w.queryKeyValueGradient.base + start * stride + offset, rows: length, stride: stride, heads: heads,
                    headSize: config.headSize, firstPosition: 0, cosines: cosines.base, sines: negatedSines.base)
            }
        }
        TrainingProducts.backward(
            w.queryKeyValueGradient.base, ldy: stride, weights.queryKeyValue, into: w.normedGradient.base, ldx: hidden,
            m: rows)
        let dQKV = w.queryKeyValueGradient.base
        lora(.query, a.normed.base, hidden, dQKV, stride, w.normedGradient.base, hidden)
        lora(.key, a.normed.base, hidden, dQKV + queryWidth, stride, w.normedGradient.base, hidden)
        lora(.value, a.normed.base, hidden, dQKV + queryWidth + kvWidth, stride, w.normedGradient.base, hidden)
        TrainingRowOperations.rmsNormBackward(
            w.normedGradient.base, x: w.layerInputs[index].base, rows: rows, columns: hidden, weight: base.inputNorm.base,
            inverse: a.normInverse.base, addingTo: dIn)
    }
}
