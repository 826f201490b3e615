/// One decoder layer over `rows` new tokens at positions `firstPosition...`, in place on the workspace's
/// residual stream, writing the tokens' keys and values into the cache:
///
///     x = RMSNorm(h);  q, k, v = x·Wqkvᵀ (+ b);  rotate q and k;  append k, v to the cache
///     h += attention(q, cache)·Woᵀ (+ bo)
///     x = RMSNorm(h);  h += (silu(x·Wgateᵀ) · x·Wupᵀ)·Wdownᵀ
///
/// The residual additions are folded into the projections' products (`beta = 1`).
struct LlamaLayerPass {
    let layer: LlamaWeights.Layer
    let index: Int
    let configuration: LlamaConfiguration
    let product: SplitProduct
    let cache: LlamaCacheStorage
    let rows: Int
    let firstPosition: Int

    func run() {
        let config = configuration
        let w = cache.workspace
        let queryWidth = config.queryWidth
        let kvWidth = config.keyValueWidth
        let stride = queryWidth + 2 * kvWidth

        let shared = LlamaLayerRows(layer: layer, configuration: config, product: product, workspace: w, rows: rows)
        shared.projectQueryKeyValue()
        let queries = w.queryKeyValue.base
        for (start, heads) in [(0, config.attentionHeads), (queryWidth, config.keyValueHeads)] {
            DecoderRowOperations.rotate(
                queries + start, rows: rows, stride: stride, heads: heads, headSize: config.headSize,
                firstPosition: firstPosition, cosines: cache.cosines.base, sines: cache.sines.base)
        }
        for row in 0..<rows {
            let source = queries + row * stride + queryWidth
            cache.keys(layer: index, position: firstPosition + row).update(from: source, count: kvWidth)
            cache.values(layer: index, position: firstPosition + row).update(from: source + kvWidth, count: kvWidth)
        }
        CausalAttention(configuration: config, product: product).run(
            queries: queries, queryStride: stride, rows: rows, firstPosition: firstPosition,
            keys: cache.keys(layer: index), values: cache.values(layer: index), context: w.context.base, scores: w.scores)
        shared.finish()
    }
}
