/// Merging a LoRA adapter into a decoder's weights, once at load, so that generation runs at the base
/// model's speed with no extra products per token.
extension LlamaWeights {
    /// The weights with `W + scale · B·A` in every module the adapter targets. The stacked matrices hold
    /// transformers' row order (the GGUF loader has undone llama.cpp's permutation), as the adapter does.
    ///
    /// A matrix the adapter changes becomes float32: a quantized one is dequantized first (adding a
    /// low-rank product to 4-bit blocks and rounding again would lose most of the adapter). Matrices the
    /// adapter does not touch (the embeddings and output layer always, and modules it does not target)
    /// keep their type, so a quantized base grows by the adapted matrices only.
    func merging(_ adapter: LoRAAdapter, configuration: LlamaConfiguration) -> LlamaWeights {
        let scale = adapter.configuration.scale
        let layers = zip(self.layers, adapter.layers).map { layer, pairs in
            func merged(_ matrix: WeightMatrix, _ parts: [LoRATarget]) -> WeightMatrix {
                guard parts.contains(where: { pairs[$0] != nil }) else { return matrix }
                let dense = matrix.isDense ? matrix : matrix.dequantized()
                var floats = Array(UnsafeBufferPointer(start: dense.floats, count: dense.rows * dense.columns))
                var row = 0
                floats.withUnsafeMutableBufferPointer { buffer in
                    for part in parts {
                        pairs[part]?.addProduct(scale: scale, into: buffer.baseAddress! + row * dense.columns)
                        row += part.shape(in: configuration).outFeatures
                    }
                }
                precondition(row == dense.rows, "the parts of a stacked matrix do not add up to its rows")
                return WeightMatrix(floats: floats, rows: dense.rows, columns: dense.columns)
            }
            return Layer(
                inputNorm: layer.inputNorm, queryKeyValue: merged(layer.queryKeyValue, [.query, .key, .value]),
                queryKeyValueBias: layer.queryKeyValueBias, output: merged(layer.output, [.output]),
                outputBias: layer.outputBias, postAttentionNorm: layer.postAttentionNorm,
                gateUp: merged(layer.gateUp, [.gate, .up]), down: merged(layer.down, [.down]))
        }
        return LlamaWeights(embeddings: embeddings, layers: layers, finalNorm: finalNorm, head: head)
    }
}
