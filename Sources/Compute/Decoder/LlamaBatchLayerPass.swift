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
        let queryWidth = config.queryWidth
        let kvWidth = config.keyValueWidth
        let stride = queryWidth + 2 * kvWidth

        let shared = LlamaLayerRows(layer: layer, configuration: config, product: product, workspace: w, rows: rows)
        shared.projectQueryKeyValue()
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
        shared.finish()
    }
}
