import CKernels

/// Rows of activations quantized to 8 bits in blocks, as the integer kernels for weights of one GGML type
/// take them: done once per product, before its output rows are split across workers.
struct QuantizedActivations: @unchecked Sendable {
    // Written before the workers start and only read by them.
    let bytes: UnsafeRawPointer
    let rows: Int

    /// Quantizes `rows` rows of `columns` floats, `lda` apart, into scratch memory for `body`.
    static func with<Result>(
        _ a: UnsafePointer<Float>, lda: Int, rows: Int, columns: Int, for type: GGMLType,
        _ body: (QuantizedActivations) -> Result
    ) -> Result {
        let rowBytes = ck_activation_bytes(type.rawValue, columns)
        return withUnsafeTemporaryAllocation(byteCount: rows * rowBytes, alignment: 64) { buffer in
            for row in 0..<rows {
                ck_quantize_activations(type.rawValue, a + row * lda, columns, buffer.baseAddress! + row * rowBytes)
            }
            return body(QuantizedActivations(bytes: UnsafeRawPointer(buffer.baseAddress!), rows: rows))
        }
    }
}
