/// One encoder layer over a batch of packed tokens, in place on `workspace.hidden`:
///
///     qkv = h·Wqkvᵀ + b                       one product for queries, keys and values
///     per text, per head: softmax(q·kᵀ/√d)·v   over that text's tokens only
///     h = LayerNorm(context·Woᵀ + bo + h)
///     h = LayerNorm(gelu(h·W1ᵀ + b1)·W2ᵀ + b2 + h)
struct EncoderLayerPass {
    let layer: EncoderWeights.Layer
    let configuration: BertConfiguration
    let workspace: EncoderWorkspace
    let tokens: Int
    let lengths: [Int]

    func run() {
        let hidden = configuration.hiddenSize
        let inner = configuration.intermediateSize
        let epsilon = Float(configuration.layerNormEpsilon)
        let w = workspace
        layer.queryKeyValue.withUnsafeBufferPointer { weight in
            MatrixProduct.timesTransposed(
                w.hidden, lda: hidden, weight.baseAddress!, ldb: hidden, into: w.queryKeyValue, ldc: 3 * hidden,
                m: tokens, n: 3 * hidden, k: hidden)
        }
        layer.queryKeyValueBias.withUnsafeBufferPointer {
            RowOperations.addBias(w.queryKeyValue, rows: tokens, columns: 3 * hidden, bias: $0.baseAddress!)
        }
        attend()
        layer.attentionOutput.withUnsafeBufferPointer { weight in
            MatrixProduct.timesTransposed(
                w.context, lda: hidden, weight.baseAddress!, ldb: hidden, into: w.projected, ldc: hidden, m: tokens,
                n: hidden, k: hidden)
        }
        addAndNormalize(bias: layer.attentionOutputBias, gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta, epsilon)
        layer.intermediate.withUnsafeBufferPointer { weight in
            MatrixProduct.timesTransposed(
                w.hidden, lda: hidden, weight.baseAddress!, ldb: hidden, into: w.intermediate, ldc: inner, m: tokens,
                n: inner, k: hidden)
        }
        layer.intermediateBias.withUnsafeBufferPointer {
            RowOperations.addBiasGELU(w.intermediate, rows: tokens, columns: inner, bias: $0.baseAddress!)
        }
        layer.output.withUnsafeBufferPointer { weight in
            MatrixProduct.timesTransposed(
                w.intermediate, lda: inner, weight.baseAddress!, ldb: inner, into: w.projected, ldc: hidden, m: tokens,
                n: hidden, k: inner)
        }
        addAndNormalize(bias: layer.outputBias, gamma: layer.outputNormGamma, beta: layer.outputNormBeta, epsilon)
    }

    /// Scaled dot-product attention of every head of every text, written into `workspace.context`.
    private func attend() {
        let hidden = configuration.hiddenSize
        let headSize = configuration.headSize
        let scale = 1 / Float(headSize).squareRoot()
        let w = workspace
        let stride = 3 * hidden
        var start = 0
        for length in lengths {
            let rows = w.queryKeyValue + start * stride
            for head in 0..<configuration.attentionHeads {
                let query = rows + head * headSize
                let key = query + hidden
                let value = query + 2 * hidden
                MatrixProduct.timesTransposed(
                    query, lda: stride, key, ldb: stride, into: w.scores, ldc: length, m: length, n: length,
                    k: headSize, alpha: scale)
                RowOperations.softmax(w.scores, rows: length, columns: length, stride: length)
                MatrixProduct.times(
                    w.scores, lda: length, value, ldb: stride, into: w.context + start * hidden + head * headSize,
                    ldc: hidden, m: length, n: headSize, k: length)
            }
            start += length
        }
    }

    /// `hidden = LayerNorm(projected + bias + hidden)`.
    private func addAndNormalize(bias: [Float], gamma: [Float], beta: [Float], _ epsilon: Float) {
        bias.withUnsafeBufferPointer { bias in
            gamma.withUnsafeBufferPointer { gamma in
                beta.withUnsafeBufferPointer { beta in
                    RowOperations.addBiasResidualLayerNorm(
                        workspace.projected, bias: bias.baseAddress!, residual: workspace.hidden, rows: tokens,
                        columns: configuration.hiddenSize, gamma: gamma.baseAddress!, beta: beta.baseAddress!,
                        epsilon: epsilon)
                }
            }
        }
    }
}
