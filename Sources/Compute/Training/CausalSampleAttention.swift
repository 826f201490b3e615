/// Causal grouped-query attention within each sample of a training batch, forward and backward, one
/// sample and head at a time: scores `scale · q·kᵀ`, a causal softmax, then the product with the values.
/// The backward pass recomputes a head's probabilities instead of keeping every head's.
struct CausalSampleAttention {
    let configuration: LlamaConfiguration
    let workspace: TrainingWorkspace
    /// The layer's projections, read, and its context, written.
    let activations: LayerActivations

    private var stride: Int { configuration.queryWidth + 2 * configuration.keyValueWidth }
    private var scale: Float { 1 / Float(configuration.headSize).squareRoot() }

    private func group(_ head: Int) -> Int {
        head / (configuration.attentionHeads / configuration.keyValueHeads)
    }

    /// Fills the workspace's scores with one head's probabilities for the sample at `start` of `length`.
    private func probabilities(head: Int, start: Int, length: Int) {
        let d = configuration.headSize
        let base = activations.queryKeyValue.base + start * stride
        let query = base + head * d
        let key = base + configuration.queryWidth + group(head) * d
        MatrixProduct.timesTransposed(
            query, lda: stride, key, ldb: stride, into: workspace.scores.base, ldc: length, m: length, n: length, k: d,
            alpha: scale)
        TrainingRowOperations.causalSoftmax(workspace.scores.base, rows: length, stride: length)
    }

    /// `context = softmax(q·kᵀ)·v` for every sample and head.
    func forward(_ layout: SampleLayout) {
        let d = configuration.headSize
        let width = configuration.queryWidth
        for (start, length) in zip(layout.starts, layout.lengths) {
            let value = activations.queryKeyValue.base + start * stride + width + configuration.keyValueWidth
            for head in 0..<configuration.attentionHeads {
                probabilities(head: head, start: start, length: length)
                TrainingProducts.times(
                    workspace.scores.base, lda: length, value + group(head) * d, ldb: stride,
                    into: activations.context.base + start * width + head * d, ldc: width, m: length, n: d, k: length)
            }
        }
    }

    /// The gradients of the (rotated) queries, keys and values, written into the workspace's
    /// `queryKeyValueGradient`, from the gradient of the context.
    func backward(_ layout: SampleLayout) {
        let d = configuration.headSize
        let width = configuration.queryWidth
        let kvWidth = configuration.keyValueWidth
        workspace.queryKeyValueGradient.base.update(repeating: 0, count: layout.tokens * stride)
        let p = workspace.scores.base
        let dS = workspace.scoresGradient.base
        for (start, length) in zip(layout.starts, layout.lengths) {
            let base = activations.queryKeyValue.base + start * stride
            let gradientBase = workspace.queryKeyValueGradient.base + start * stride
            for head in 0..<configuration.attentionHeads {
                let kv = group(head) * d
                probabilities(head: head, start: start, length: length)
                let dContext = workspace.contextGradient.base + start * width + head * d
                MatrixProduct.timesTransposed(
                    dContext, lda: width, base + width + kvWidth + kv, ldb: stride, into: dS, ldc: length, m: length,
                    n: length, k: d)
                TrainingProducts.transposedTimes(
                    p, lda: length, dContext, ldb: width, into: gradientBase + width + kvWidth + kv, ldc: stride,
                    m: length, n: d, k: length, beta: 1)
                TrainingRowOperations.softmaxBackward(p, dS, rows: length, stride: length)
                TrainingProducts.times(
                    dS, lda: length, base + width + kv, ldb: stride, into: gradientBase + head * d, ldc: stride,
                    m: length, n: d, k: length, alpha: scale)
                TrainingProducts.transposedTimes(
                    dS, lda: length, base + head * d, ldb: stride, into: gradientBase + width + kv, ldc: stride,
                    m: length, n: d, k: length, alpha: scale, beta: 1)
            }
        }
    }
}
