/// One decoder layer over one new token of each of several sequences, as `LlamaLayerPass` computes it for
/// one sequence: the projections and the MLP take every sequence's row in one product (the weights are
/// read once for all of them), while rotation, the cache write and attention use each row's own position
/// and cache.
struct LlamaBatchLayerPass {
    let layer: LlamaWeights.Layer
    let index: Int
    let configuration: LlamaConfiguration
    let product: SplitProduct
    let workspace: DecoderWorkspace
    /// Row `r`'s cache; the new token goes at its position `count`.
    let caches: [LlamaCacheStorage]

    func run() {
        let config = configuration
        let w = workspace
        let rows = caches.count
        let hidden = config.hiddenSize
        let queryWidth = config.queryWidth
        let kvWidth = config.keyValueWidth
        let stride = queryWidth + 2 * kvWidth
        let inner = config.intermediateSize
        let epsilon = Float(config.rmsNormEpsilon)

        DecoderRowOperations.rmsNorm(
            w.hidden.base, rows: rows, columns: hidden, weight: layer.inputNorm.base, epsilon: epsilon, into: w.normed.base)
        product.linear(w.normed.base, lda: hidden, layer.queryKeyValue, into: w.queryKeyValue.base, ldc: stride, m: rows)
        if let bias = layer.queryKeyValueBias {
            RowOperations.addBias(w.queryKeyValue.base, rows: rows, columns: stride, bias: bias.base)
        }
        let attention = CausalAttention(configuration: config, product: product)
        for (row, cache) in caches.enumerated() {
            let queries = w.queryKeyValue.base + row * stride
            let position = cache.count
            for (start, heads) in [(0, config.attentionHeads), (queryWidth, config.keyValueHeads)] {
                DecoderRowOperations.rotate(
                    queries + start, rows: 1, stride: stride, heads: heads, headSize: config.headSize,
                    firstPosition: position, cosines: cache.cosines.base, sines: cache.sines.base)
            }
            cache.keys(layer: index, position: position).update(from: queries + queryWidth, count: kvWidth)
            cache.values(layer: index, position: position).update(from: queries + queryWidth + kvWidth, count: kvWidth)
            attention.run(
                queries: queries, queryStride: stride, rows: 1, firstPosition: position, keys: cache.keys(layer: index),
                values: cache.values(layer: index), context: w.context.base + row * queryWidth,
                scores: cache.workspace.scores)
        }
        product.linear(w.context.base, lda: queryWidth, layer.output, into: w.hidden.base, ldc: hidden, m: rows, beta: 1)
        if let bias = layer.outputBias {
            RowOperations.addBias(w.hidden.base, rows: rows, columns: hidden, bias: bias.base)
        }

        DecoderRowOperations.rmsNorm(
            w.hidden.base, rows: rows, columns: hidden, weight: layer.postAttentionNorm.base, epsilon: epsilon,
            into: w.normed.base)
        product.linear(w.normed.base, lda: hidden, layer.gateUp, into: w.gateUp.base, ldc: 2 * inner, m: rows)
        DecoderRowOperations.gateActivation(w.gateUp.base, rows: rows, inner: inner)
        product.linear(w.gateUp.base, lda: 2 * inner, layer.down, into: w.hidden.base, ldc: hidden, m: rows, beta: 1)
    }
}
