import COpenBLAS
import Dispatch

/// Grouped-query attention of a run of new tokens against the key/value cache, which already holds their
/// own keys and values: query head `h` reads key/value head `h / (heads / kvHeads)`, and the token at
/// position `p` attends to positions `0...p`.
///
/// Each head's scores are one product of its queries with the cached keys, then a causal softmax that
/// zeroes the masked columns, then one product with the cached values. Queries go in blocks of
/// `blockRows` so that the score scratch stays `blockRows × capacity` however long the prompt.
struct CausalAttention {
    static let blockRows = 64

    let configuration: LlamaConfiguration
    let product: SplitProduct

    /// - Parameters:
    ///   - queries: `rows` rotated query rows, row stride `queryStride`, heads side by side.
    ///   - firstPosition: the position of the first query; the cache holds `firstPosition + rows` positions.
    ///   - keys, values: this layer's cache, `[capacity, kvWidth]`.
    ///   - context: `[rows, queryWidth]`, the attention output before its projection.
    ///   - scores: one scratch buffer of `blockRows × capacity` floats per worker.
    func run(
        queries: UnsafePointer<Float>, queryStride: Int, rows: Int, firstPosition: Int, keys: UnsafePointer<Float>,
        values: UnsafePointer<Float>, context: UnsafeMutablePointer<Float>, scores: [FloatBuffer]
    ) {
        let heads = configuration.attentionHeads
        let total = firstPosition + rows
        let parts = min(product.parts(2 * heads * rows * total * configuration.headSize), heads, scores.count)
        if parts <= 1 {
            for head in 0..<heads {
                attend(head, queries, queryStride, rows, firstPosition, keys, values, context, scores[0].base)
            }
            return
        }
        let shared = WorkerShared((queries, keys, values, context))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let (queries, keys, values, context) = shared.value
            for head in (heads * part / parts)..<(heads * (part + 1) / parts) {
                attend(head, queries, queryStride, rows, firstPosition, keys, values, context, scores[part].base)
            }
        }
    }

    private func attend(
        _ head: Int, _ queries: UnsafePointer<Float>, _ queryStride: Int, _ rows: Int, _ firstPosition: Int,
        _ keys: UnsafePointer<Float>, _ values: UnsafePointer<Float>, _ context: UnsafeMutablePointer<Float>,
        _ scores: UnsafeMutablePointer<Float>
    ) {
        let headSize = configuration.headSize
        let kvWidth = configuration.keyValueWidth
        let group = head / (configuration.attentionHeads / configuration.keyValueHeads)
        let key = keys + group * headSize
        let value = values + group * headSize
        let scale = 1 / Float(headSize).squareRoot()
        var start = 0
        while start < rows {
            let block = min(Self.blockRows, rows - start)
            // The block's last query sees every position up to its own; earlier ones see fewer.
            let seen = firstPosition + start + block
            let query = queries + start * queryStride + head * headSize
            let output = context + start * configuration.queryWidth + head * headSize
            if block == 1 {
                cblas_sgemv(
                    CblasRowMajor, CblasNoTrans, blasint(seen), blasint(headSize), scale, key, blasint(kvWidth), query, 1, 0,
                    scores, 1)
                RowOperations.softmax(scores, rows: 1, columns: seen, stride: seen)
                cblas_sgemv(
                    CblasRowMajor, CblasTrans, blasint(seen), blasint(headSize), 1, value, blasint(kvWidth), scores, 1, 0,
                    output, 1)
            } else {
                MatrixProduct.timesTransposed(
                    query, lda: queryStride, key, ldb: kvWidth, into: scores, ldc: seen, m: block, n: seen, k: headSize,
                    alpha: scale)
                DecoderRowOperations.causalSoftmax(scores, rows: block, stride: seen, firstVisible: seen - block + 1)
                MatrixProduct.times(
                    scores, lda: seen, value, ldb: kvWidth, into: output, ldc: configuration.queryWidth, m: block,
                    n: headSize, k: seen)
            }
            start += block
        }
    }
}
