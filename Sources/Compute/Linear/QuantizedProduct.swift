import CKernels
import COpenBLAS

/// Products with a quantized `WeightMatrix`, `c[m×n] = a[m×k] · wᵀ + beta · c`, for a range of the weight's
/// rows (the output's columns) on one thread. Two ways, for two shapes:
///
/// - Few activation rows (decoding): the rows are quantized to 8 bits once (`QuantizedActivations`) and
///   each weight row is read in its blocks by integer dot-product kernels. The weight is read once, at 4–8
///   bits per value, which is what a decoded token's time is spent on.
/// - Many rows (a prompt): tiles of weight rows are dequantized into scratch memory and multiplied with
///   BLAS, whose blocked float products outrun the integer kernels once each weight row is reused often.
enum QuantizedProduct {
    /// Up to this many activation rows use the integer kernels; more use dequantized tiles with BLAS.
    static let integerRowsLimit = 4

    /// Weight rows dequantized at a time: 64 rows of the widest layer (an FFN of a few thousand) stay
    /// within the second-level cache while BLAS reads them `m` times.
    static let tileRows = 64

    /// The integer kernels over `columns` of the output, with activations already quantized for `w`'s type.
    static func linear(
        _ activations: QuantizedActivations, _ w: WeightMatrix, into c: UnsafeMutablePointer<Float>, ldc: Int,
        columns: Range<Int>, beta: Float
    ) {
        ck_quant_product(
            w.type.rawValue, w.row(columns.lowerBound), w.rowBytes, columns.count, activations.bytes, activations.rows,
            w.columns, c + columns.lowerBound, ldc, beta)
    }

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
