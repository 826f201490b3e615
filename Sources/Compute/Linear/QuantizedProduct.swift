import COpenBLAS

/// Products with a quantized `WeightMatrix`: `c[m×n] = a[m×k] · wᵀ + beta · c` for a range of the weight's
/// rows (the output's columns), on one thread.
enum QuantizedProduct {
    /// Weight rows dequantized at a time into scratch memory: 64 rows of the widest layer (an FFN of a few
    /// thousand) stay within the second-level cache while BLAS reads them `m` times.
    static let tileRows = 64

    /// Dequantizes tiles of the weight's rows and multiplies each with BLAS.
    static func linear(
        _ a: UnsafePointer<Float>, lda: Int, _ w: WeightMatrix, into c: UnsafeMutablePointer<Float>, ldc: Int, m: Int,
        columns: Range<Int>, beta: Float
    ) {
        let k = w.columns
        let tile = UnsafeMutablePointer<Float>.allocate(capacity: min(tileRows, columns.count) * k)
        defer { tile.deallocate() }
        var start = columns.lowerBound
        while start < columns.upperBound {
            let count = min(tileRows, columns.upperBound - start)
            for row in 0..<count { w.dequantizeRow(start + row, into: tile + row * k) }
            if m == 1 {
                cblas_sgemv(
                    CblasRowMajor, CblasNoTrans, blasint(count), blasint(k), 1, tile, blasint(k), a, 1, beta, c + start, 1)
            } else {
                MatrixProduct.timesTransposed(
                    a, lda: lda, tile, ldb: k, into: c + start, ldc: ldc, m: m, n: count, k: k, beta: beta)
            }
            start += count
        }
    }
}
