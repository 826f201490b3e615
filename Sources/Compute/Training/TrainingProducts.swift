import COpenBLAS

/// The dense products of a training step on OpenBLAS, each a linear layer `W [out, in]` or its transpose.
enum TrainingProducts {
    /// `c[m×out] = a[m×in] · Wᵀ + beta · c`.
    static func forward(
        _ a: UnsafePointer<Float>, lda: Int, _ w: WeightMatrix, into c: UnsafeMutablePointer<Float>, ldc: Int, m: Int,
        beta: Float = 0
    ) {
        MatrixProduct.timesTransposed(
            a, lda: lda, w.floats, ldb: w.columns, into: c, ldc: ldc, m: m, n: w.rows, k: w.columns, beta: beta)
    }

    /// `dx[m×in] = dy[m×out] · W + beta · dx`: the gradient of a linear layer's input.
    static func backward(
        _ dy: UnsafePointer<Float>, ldy: Int, _ w: WeightMatrix, into dx: UnsafeMutablePointer<Float>, ldx: Int, m: Int,
        beta: Float = 0
    ) {
        MatrixProduct.times(dy, lda: ldy, w.floats, ldb: w.columns, into: dx, ldc: ldx, m: m, n: w.columns, k: w.rows, beta: beta)
    }

    /// `c[m×n] = alpha · a[k×m]ᵀ · b[k×n] + beta · c`: the products that sum over tokens (weight gradients,
    /// attention's value and key gradients).
    static func transposedTimes(
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, into c: UnsafeMutablePointer<Float>,
        ldc: Int, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b,
            blasint(ldb), beta, c, blasint(ldc))
    }

    /// `c[m×n] = alpha · a[m×k] · b[k×n] + beta · c`.
    static func times(
        _ a: UnsafePointer<Float>, lda: Int, _ b: UnsafePointer<Float>, ldb: Int, into c: UnsafeMutablePointer<Float>,
        ldc: Int, m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0
    ) {
        cblas_sgemm(
            CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b,
            blasint(ldb), beta, c, blasint(ldc))
    }
}
