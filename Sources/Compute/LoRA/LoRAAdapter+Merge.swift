/// The arithmetic of merging: `W + scale · B·A`, the weight an adapted module computes with.
extension LoRAAdapter.Pair {
    /// Adds `scale · B·A` to the `[out, in]` row-major floats at `weights` (one product with `beta` 1, so
    /// a zero `B` leaves the weights bit for bit as they were).
    func addProduct(scale: Float, into weights: UnsafeMutablePointer<Float>) {
        guard rank > 0 else { return }
        b.withUnsafeBufferPointer { b in
            a.withUnsafeBufferPointer { a in
                MatrixProduct.times(
                    b.baseAddress!, lda: rank, a.baseAddress!, ldb: inFeatures, into: weights, ldc: inFeatures, m: outFeatures,
                    n: inFeatures, k: rank, alpha: scale, beta: 1)
            }
        }
    }

    /// `weights + scale · B·A` as a new array.
    func merged(into weights: [Float], scale: Float) -> [Float] {
        precondition(weights.count == outFeatures * inFeatures, "\(weights.count) weights are not \(outFeatures)×\(inFeatures)")
        var result = weights
        result.withUnsafeMutableBufferPointer { addProduct(scale: scale, into: $0.baseAddress!) }
        return result
    }

    /// The pair with `B`'s rows in llama.cpp's order for a query or key projection of `heads` heads: GGUF
    /// files of Llama models store those rows permuted (see `LlamaWeights.permutedRows`), and since the
    /// rows of `B·A` are the rows of `B`, permuting `B` permutes the product.
    func permutingOutputRows(heads: Int) -> LoRAAdapter.Pair {
        let permuted = b.withUnsafeBytes { LlamaWeights.permutedRows($0, rows: outFeatures, heads: heads) }
        let floats = permuted.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return LoRAAdapter.Pair(a: a, b: floats, inFeatures: inFeatures, outFeatures: outFeatures)
    }
}
