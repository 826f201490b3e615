import CKernels

/// The weight of a linear layer, `[rows, columns]` = `[out, in]` as transformers and GGUF store it, in its
/// own 64-byte-aligned memory: float32, or the blocks of a GGML quantized type read as they are stored, so
/// that a quantized model takes about its file's size in memory and its products read 4 to 8 bits per
/// weight instead of 32.
///
/// F16 and BF16 are widened to float32 at load: the dense products run on BLAS, which has no half-precision
/// kernels, and those files are small enough (or rare enough for decoders) that doubling them is acceptable.
struct WeightMatrix: Sendable {
    /// `.f32`, or one of the quantized `supportedTypes`.
    let type: GGMLType
    let rows: Int
    let columns: Int
    /// The bytes one row takes.
    let rowBytes: Int
    private let storage: OwnedBytes

    /// The types that load: the float types and the quantized types with kernels.
    static let supportedTypes: Set<GGMLType> = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1, .q4_K, .q5_K, .q6_K]

    /// Whether the matrix is float32, computed with BLAS; otherwise it is quantized blocks.
    var isDense: Bool { type == .f32 }

    /// The bytes the matrix holds in memory.
    var byteCount: Int { rows * rowBytes }

    /// The first byte of row 0; rows follow each other `rowBytes` apart.
    var bytes: UnsafeRawPointer { UnsafeRawPointer(storage.start) }

    /// The floats of a dense matrix, row-major.
    var floats: UnsafePointer<Float> {
        precondition(isDense, "a \(type) matrix has no floats; dequantize it")
        return UnsafePointer(storage.start.assumingMemoryBound(to: Float.self))
    }

    private init(type: GGMLType, rows: Int, columns: Int, storage: OwnedBytes) {
        self.type = type
        self.rows = rows
        self.columns = columns
        self.rowBytes = type.rowBytes(columns: columns)!
        self.storage = storage
    }

    /// A dense matrix holding `floats`, `rows · columns` of them, row-major.
    init(floats: [Float], rows: Int, columns: Int) {
        precondition(floats.count == rows * columns, "\(floats.count) floats are not \(rows)×\(columns)")
        let storage = OwnedBytes(count: floats.count * MemoryLayout<Float>.stride)
        floats.withUnsafeBytes { storage.start.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        self.init(type: .f32, rows: rows, columns: columns, storage: storage)
    }

    /// A dense matrix copied from the first `rows · columns` floats of `buffer`.
    init(_ buffer: FloatBuffer, rows: Int, columns: Int) {
        precondition(buffer.count >= rows * columns, "\(buffer.count) floats are fewer than \(rows)×\(columns)")
        let storage = OwnedBytes(count: rows * columns * MemoryLayout<Float>.stride)
        storage.start.copyMemory(from: buffer.base, byteCount: storage.count)
        self.init(type: .f32, rows: rows, columns: columns, storage: storage)
    }

    /// Copies `rows` rows of `type` (a tensor's data as a GGUF file stores it), checking that the type is
    /// supported, that a row is whole blocks and that `bytes` holds exactly the rows. F16 and BF16 are
    /// widened to float32.
    init(type: GGMLType, rows: Int, columns: Int, copying bytes: UnsafeRawBufferPointer) throws {
        guard Self.supportedTypes.contains(type) else {
            throw WeightMatrixError(.unsupportedType, "weights of type \(type) are not supported")
        }
        guard rows >= 0, columns > 0, let rowBytes = type.rowBytes(columns: columns) else {
            throw WeightMatrixError(
                .partialBlock, "rows of \(columns) values are not whole \(type) blocks of \(type.blockElements)")
        }
        guard bytes.count == rows * rowBytes else {
            throw WeightMatrixError(
                .sizeMismatch,
                "\(bytes.count) bytes are not \(rows) × \(rowBytes) (rows × bytes of a row of \(columns) \(type) values)")
        }
        if type == .f16 || type == .bf16 {
            let storage = OwnedBytes(count: rows * columns * MemoryLayout<Float>.stride)
            let target = storage.start.assumingMemoryBound(to: Float.self)
            for row in 0..<rows {
                ck_dequantize_row(type.rawValue, bytes.baseAddress! + row * rowBytes, target + row * columns, columns)
            }
            self.init(type: .f32, rows: rows, columns: columns, storage: storage)
        } else {
            let storage = OwnedBytes(count: bytes.count)
            if bytes.count > 0 { storage.start.copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
            self.init(type: type, rows: rows, columns: columns, storage: storage)
        }
    }

    /// The rows of `parts` one after the other, for products that read the same input (q, k and v; gate and
    /// up). The parts share a type and a row length.
    static func stacking(_ parts: [WeightMatrix]) -> WeightMatrix {
        guard let first = parts.first else { preconditionFailure("nothing to stack") }
        precondition(
            parts.allSatisfy { $0.type == first.type && $0.columns == first.columns },
            "stacked matrices differ in type or row length")
        let storage = OwnedBytes(count: parts.reduce(0) { $0 + $1.rows * $1.rowBytes })
        var offset = 0
        for part in parts {
            let count = part.rows * part.rowBytes
            (storage.start + offset).copyMemory(from: part.bytes, byteCount: count)
            offset += count
        }
        return WeightMatrix(
            type: first.type, rows: parts.reduce(0) { $0 + $1.rows }, columns: first.columns, storage: storage)
    }

    /// The start of `row`'s bytes.
    func row(_ row: Int) -> UnsafeRawPointer { bytes + row * rowBytes }

    /// Writes row `row` as `columns` floats, exactly as ggml dequantizes it (for an embedding lookup).
    func dequantizeRow(_ row: Int, into target: UnsafeMutablePointer<Float>) {
        precondition((0..<rows).contains(row), "row \(row) of \(rows)")
        ck_dequantize_row(type.rawValue, self.row(row), target, columns)
    }

    /// A float32 copy, value for value what ggml's dequantization gives: the reference the quantized
    /// products are checked against, and a way to run a quantized model on the exact float path.
    func dequantized() -> WeightMatrix {
        let storage = OwnedBytes(count: rows * columns * MemoryLayout<Float>.stride)
        let target = storage.start.assumingMemoryBound(to: Float.self)
        for row in 0..<rows { dequantizeRow(row, into: target + row * columns) }
        return WeightMatrix(type: .f32, rows: rows, columns: columns, storage: storage)
    }
}
