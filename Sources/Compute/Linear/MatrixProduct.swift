import COpenBLAS

/// Row-major matrix products on OpenBLAS. Every dense product of the encoder goes through here.
enum MatrixProduct {
    /// `c[m×n] = alpha · a[m×k] · b[n×k]ᵀ + beta · c`: the shape of a linear layer, whose weight is stored
    /// `[out, in]` as transformers saves it. `lda`, `ldb` and `ldc` are row strides, so heads can be read
    /// in place out of a wider matrix.
    @inline(__always)
    static func timesTransposed(
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, into c: UnsafeMutablePointer<Float>,
        ldc: Int, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasTrans, blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b,
            blasint(ldb), beta, c, blasint(ldc))
    }

    /// `c[m×n] = alpha · a[m×k] · b[k×n] + beta · c`, with row strides.
    @inline(__always)
    static func times(
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, into c: UnsafeMutablePointer<Float>,
        ldc: Int, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b,
            blasint(ldb), beta, c, blasint(ldc))
    }
}
