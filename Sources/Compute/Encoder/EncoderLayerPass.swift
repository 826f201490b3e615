/// One encoder layer over a batch of packed tokens, in place on `workspace.hidden`:
///
///     qkv = b + h·Wqkvᵀ                       one product for queries, keys and values
///     per text, per head: softmax(q·kᵀ/√d)·v   over that text's tokens only
///     h = LayerNorm(context·Woᵀ + bo + h)
///     h = LayerNorm(gelu(h·W1ᵀ + b1)·W2ᵀ + b2 + h)
///
/// The two projections that close a block accumulate straight into the hidden state (the residual), so
/// that OpenBLAS neither clears an output buffer first nor leaves one more to read back.
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
        // The bias goes in first and the product accumulates onto it: OpenBLAS would otherwise clear the
        // output, and the bias take one more pass.
        layer.queryKeyValueBias.withUnsafeBufferPointer {
            RowOperations.fillRows(w.queryKeyValue, rows: tokens, columns: 3 * hidden, with: $0.baseAddress!)
        }
        layer.queryKeyValue.withUnsafeBufferPointer { weight in
            MatrixProduct.timesTransposed(
                w.hidden, lda: hidden, weight.baseAddress!, ldb: hidden, into: w.queryKeyValue, ldc: 3 * hidden,
                m: tokens, n: 3 * hidden, k: hidden, beta: 1)
        }
        attend()
        layer.attentionOutput.withUnsafeBufferPointer { weight in
            MatrixProduct.timesTransposed(
                w.context, lda: hidden, weight.baseAddress!, ldb: hidden, into: w.hidden, ldc: hidden, m: tokens,
                n: hidden, k: hidden, beta: 1)
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
                w.intermediate, lda: inner, weight.baseAddress!, ldb: inner, into: w.hidden, ldc: hidden, m: tokens,
                n: hidden, k: inner, beta: 1)
        }
        addAndNormalize(bias: layer.outputBias, gamma: layer.outputNormGamma, beta: layer.outputNormBeta, epsilon)
    }

    /// Scaled dot-product attention of every head of every text, written into `workspace.context`: short
    /// texts with straight loops, long ones with two matrix products per head.
    private func attend() {
        let hidden = configuration.hiddenSize
        let headSize = configuration.headSize
        let scale = 1 / Float(headSize).squareRoot()
        let w = workspace
        let stride = 3 * hidden
        var start = 0
        for length in lengths {
            let rows = w.queryKeyValue + start * stride
            if ShortSequenceAttention.handles(length: length) {
                ShortSequenceAttention.attend(
                    rows, length: length, heads: configuration.attentionHeads, headSize: headSize, scale: scale,
                    into: w.context + start * hidden, scratch: w.attentionScratch)
                start += length
                continue
            }
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

    /// `hidden = LayerNorm(hidden + bias)`, where `hidden` already holds the projection plus the residual.
    private func addAndNormalize(bias: [Float], gamma: [Float], beta: [Float], _ epsilon: Float) {
        bias.withUnsafeBufferPointer { bias in
            gamma.withUnsafeBufferPointer { gamma in
                beta.withUnsafeBufferPointer { beta in
                    RowOperations.addBiasLayerNorm(
                        workspace.hidden, bias: bias.baseAddress!, rows: tokens, columns: configuration.hiddenSize,
                        gamma: gamma.baseAddress!, beta: beta.baseAddress!, epsilon: epsilon)
                }
            }
        }
    }
}
