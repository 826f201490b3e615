import COpenBLAS

extension LlamaModel {
    /// Scratch memory for `logits(next:caches:workspace:)` with up to `rows` sequences per call.
    public func makeBatchWorkspace(rows: Int) -> LlamaBatchWorkspace {
        LlamaBatchWorkspace(configuration: configuration, rows: rows, workers: threads)
    }

    /// Processes one token for each cache in one forward pass (`tokens[i]` after what `caches[i]` holds) and
    /// returns the logits of each, `tokens.count` rows of `vocab_size`: what `logits(for:cache:)` gives for
    /// each alone, with every weight matrix read once for all of them. This is how a server decodes many
    /// answers at once (continuous batching): each answer keeps its own cache and position.
    public func logits(next tokens: [Int], caches: inout [LlamaKVCache], workspace: LlamaBatchWorkspace) throws
        -> [[Float]]
    {
        guard !tokens.isEmpty else { throw DecoderError(.emptyInput, "no tokens to process") }
        guard tokens.count == caches.count else {
            throw DecoderError(.emptyInput, "\(tokens.count) tokens for \(caches.count) caches: one token per cache")
        }
        guard tokens.count <= workspace.rows, workspace.configuration == configuration else {
            throw DecoderError(
                .foreignCache, "the batch workspace holds \(workspace.rows) rows of another shape than \(tokens.count)")
        }
        if let bad = tokens.first(where: { !(0..<configuration.vocabularySize).contains($0) }) {
            throw DecoderError(
                .tokenOutOfRange, "token id \(bad) is outside the vocabulary of \(configuration.vocabularySize) tokens")
        }
        for cache in caches {
            guard cache.storage.configuration == configuration else {
                throw DecoderError(.foreignCache, "the cache was made by a model with another configuration")
            }
            guard cache.remaining > 0 else {
                throw DecoderError(.cacheFull, "a cache is full: it holds \(cache.count) of \(cache.capacity) positions")
            }
        }
        openblas_set_num_threads(1)
        let storages = caches.indices.map { caches[$0].uniqueStorage() }
        guard Set(storages.map(ObjectIdentifier.init)).count == storages.count else {
            throw DecoderError(.foreignCache, "one cache appears twice in the batch")
        }
        let w = workspace.workspace
        let hidden = configuration.hiddenSize
        for (row, id) in tokens.enumerated() { weights.embeddings.dequantizeRow(id, into: w.hidden.base + row * hidden) }
        let product = SplitProduct(workers: threads)
        for (index, layer) in weights.layers.enumerated() {
            LlamaBatchLayerPass(
                layer: layer, index: index, configuration: configuration, product: product, workspace: w,
                caches: storages
            ).run()
        }
        for storage in storages { storage.count += 1 }
        let rows = tokens.count
        DecoderRowOperations.rmsNorm(
            w.hidden.base, rows: rows, columns: hidden, weight: weights.finalNorm.base,
            epsilon: Float(configuration.rmsNormEpsilon), into: w.normed.base)
        let vocabulary = configuration.vocabularySize
        product.linear(w.normed.base, lda: hidden, weights.head, into: workspace.logits.base, ldc: vocabulary, m: rows)
        return (0..<rows).map { row in
            Array(UnsafeBufferPointer(start: workspace.logits.base + row * vocabulary, count: vocabulary))
        }
    }
}
