import COpenBLAS
import Dispatch

/// The decoder's linear layers, split by output columns across `workers` threads, each running
/// single-threaded BLAS (or the quantized kernels) on its share, as the encoder's workers do. One-row
/// products (decoding one token) go to `sgemv`, which reads the weight once without packing it.
struct SplitProduct: Sendable {
    let workers: Int

    /// Below this many multiply-adds a product stays on one thread: handing out the work would cost more
    /// than it saves.
    static let parallelThreshold = 1 << 19

    /// The same for a decoded token's products with quantized weights. Their integer kernels read a few
    /// bits per weight, so a layer's product takes tens of microseconds, about what waking a second
    /// worker costs: only the output layer (tens of millions of weights) gains from splitting. Measured
    /// on SmolLM2-135M Q4_1 with two workers: 68 tokens/s splitting at 2^19, 83 at 2^22.
    static let quantizedDecodeThreshold = 1 << 22

    /// How many parts work of `multiplyAdds` is split into.
    func parts(_ multiplyAdds: Int) -> Int {
        multiplyAdds >= Self.parallelThreshold ? workers : 1
    }

    /// `c[m×n] = a[m×k] · wᵀ + beta · c` for a weight `w` of `[n, k]`: a linear layer. A quantized weight
    /// with few activation rows takes the integer kernels, its activations quantized once for all workers.
    func linear(
        _ a: UnsafePointer<Float>, lda: Int, _ w: WeightMatrix, into c: UnsafeMutablePointer<Float>, ldc: Int, m: Int,
        beta: Float = 0
    ) {
        if !w.isDense && m <= QuantizedProduct.integerRowsLimit {
            QuantizedActivations.with(a, lda: lda, rows: m, columns: w.columns, for: w.type) { activations in
                let shared = WorkerShared(c)
                let work = m * w.rows * w.columns
                split(rows: w.rows, multiplyAdds: work >= Self.quantizedDecodeThreshold ? work : 0) { columns in
                    QuantizedProduct.linear(activations, w, into: shared.value, ldc: ldc, columns: columns, beta: beta)
                }
            }
            return
        }
        let shared = WorkerShared((a, c))
        split(rows: w.rows, multiplyAdds: m * w.rows * w.columns) { columns in
            let (a, c) = shared.value
            Self.linear(a, lda: lda, w, into: c, ldc: ldc, m: m, columns: columns, beta: beta)
        }
    }

    /// Runs `body` on consecutive ranges of `0..<rows` that together cover it, in parallel when the work is
    /// large enough.
    private func split(rows: Int, multiplyAdds: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let parts = min(parts(multiplyAdds), rows)
        if parts <= 1 {
            body(0..<rows)
            return
        }
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            body((rows * part / parts)..<(rows * (part + 1) / parts))
        }
    }

    private static func linear(
        _ a: UnsafePointer<Float>, lda: Int, _ w: WeightMatrix, into c: UnsafeMutablePointer<Float>, ldc: Int, m: Int,
        columns: Range<Int>, beta: Float
    ) {
        guard w.isDense else {
            QuantizedProduct.linear(a, lda: lda, w, into: c, ldc: ldc, m: m, columns: columns, beta: beta)
            return
        }
        let k = w.columns
        let weight = w.floats + columns.lowerBound * k
        let output = c + columns.lowerBound
        if m == 1 {
            cblas_sgemv(
                CblasRowMajor, CblasNoTrans, blasint(columns.count), blasint(k), 1, weight, blasint(k), a, 1, beta, output, 1)
        } else {
            MatrixProduct.timesTransposed(
                a, lda: lda, weight, ldb: k, into: output, ldc: ldc, m: m, n: columns.count, k: k, beta: beta)
        }
    }
}
