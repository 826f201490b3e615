/// The parts of a decoder layer that treat every row alike, whatever sequence or position it belongs to:
/// the single-sequence pass (`LlamaLayerPass`) and the batched one (`LlamaBatchLayerPass`) differ only in
/// rotation, the cache writes and attention, which sit between these two halves.
struct LlamaLayerRows {
    let layer: LlamaWeights.Layer
    let configuration: LlamaConfiguration
    let product: SplitProduct
    let workspace: DecoderWorkspace
    let rows: Int

    /// `x = RMSNorm(h); q, k, v = x·Wqkvᵀ (+ b)`, into the workspace's query/key/value rows.
    func projectQueryKeyValue() {
        let config = configuration
        let w = workspace
        let stride = config.queryWidth + 2 * config.keyValueWidth
        DecoderRowOperations.rmsNorm(
            w.hidden.base, rows: rows, columns: config.hiddenSize, weight: layer.inputNorm.base,
            epsilon: Float(config.rmsNormEpsilon), into: w.normed.base)
        product.linear(
            w.normed.base, lda: config.hiddenSize, layer.queryKeyValue, into: w.queryKeyValue.base, ldc: stride, m: rows)
        if let bias = layer.queryKeyValueBias {
            RowOperations.addBias(w.queryKeyValue.base, rows: rows, columns: stride, bias: bias.base)
        }
    }

    /// `h += context·Woᵀ (+ bo); x = RMSNorm(h); h += (silu(x·Wgateᵀ) · x·Wupᵀ)·Wdownᵀ`, the residual
    /// additions folded into the products (`beta = 1`).
    func finish() {
        let config = configuration
        let w = workspace
        let hidden = config.hiddenSize
        let inner = config.intermediateSize
        product.linear(w.context.base, lda: config.queryWidth, layer.output, into: w.hidden.base, ldc: hidden, m: rows, beta: 1)
        if let bias = layer.outputBias {
            RowOperations.addBias(w.hidden.base, rows: rows, columns: hidden, bias: bias.base)
        }
        DecoderRowOperations.rmsNorm(
            w.hidden.base, rows: rows, columns: hidden, weight: layer.postAttentionNorm.base,
            epsilon: Float(config.rmsNormEpsilon), into: w.normed.base)
        product.linear(w.normed.base, lda: hidden, layer.gateUp, into: w.gateUp.base, ldc: 2 * inner, m: rows)
        DecoderRowOperations.gateActivation(w.gateUp.base, rows: rows, inner: inner)
        product.linear(w.gateUp.base, lda: 2 * inner, layer.down, into: w.hidden.base, ldc: hidden, m: rows, beta: 1)
    }
}
