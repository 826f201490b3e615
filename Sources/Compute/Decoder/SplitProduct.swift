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

    /// How many parts work of `multiplyAdds` is split into.
    func parts(_ multiplyAdds: Int) -> Int {
        multiplyAdds >= Self.parallelThreshold ? workers : 1
    }

    /// `c[m×n] = a[m×k] · wᵀ + beta · c` for a weight `w` of `[n, k]`: a linear layer.
    func linear(
        _ a: UnsafePointer<Float>, lda: Int, _ w: WeightMatrix, into c: UnsafeMutablePointer<Float>, ldc: Int, m: Int,
        beta: Float = 0
    ) {
        let n = w.rows
        let parts = min(parts(m * n * w.columns), n)
        if parts <= 1 {
            Self.linear(a, lda: lda, w, into: c, ldc: ldc, m: m, columns: 0..<n, beta: beta)
            return
        }
        let shared = WorkerShared((a, c))
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            let (a, c) = shared.value
            Self.linear(
                a, lda: lda, w, into: c, ldc: ldc, m: m, columns: (n * part / parts)..<(n * (part + 1) / parts), beta: beta)
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
