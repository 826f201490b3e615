/// Rounds float rows into GGML tensor types as ggml's reference quantizers do (`quantize_row_*_ref`), so
/// that a file written here holds the blocks llama.cpp would write from the same floats:
///
/// - Q8_0: per 32 values, `d = max|x| / 127` and `q = round(x / d)`.
/// - Q4_0: `d = x_m / -8` for the value `x_m` of largest magnitude, `q = min(15, trunc(x / d + 8.5))`.
/// - Q4_1: `d = (max − min) / 15`, `m = min`, `q = min(15, trunc((x − m) / d + 0.5))`.
///
/// Scales are stored as binary16; F16 and BF16 round to nearest even; F32 is copied. The k-quants
/// (Q4_K, Q5_K, Q6_K) need llama.cpp's iterative scale search and are not written.
public enum GGMLQuantizer {
    /// The types this quantizer writes.
    public static let types: Set<GGMLType> = [.f32, .f16, .bf16, .q8_0, .q4_0, .q4_1]

    /// `values`, rows of `columns` values each, as the bytes of `type`. `columns` must be a whole number
    /// of the type's blocks.
    public static func quantize(_ values: [Float], columns: Int, to type: GGMLType) throws -> [UInt8] {
        guard types.contains(type) else {
            throw WeightMatrixError(.unsupportedType, "\(type) cannot be written (only \(names))")
        }
        guard columns > 0, let rowBytes = type.rowBytes(columns: columns), values.count % columns == 0 else {
            throw WeightMatrixError(
                .partialBlock, "rows of \(columns) values are not whole \(type) blocks of \(type.blockElements)")
        }
        let rows = values.count / columns
        var bytes = [UInt8](repeating: 0, count: rows * rowBytes)
        values.withUnsafeBufferPointer { source in
            bytes.withUnsafeMutableBytes { target in
                switch type {
                case .f32:
                    for (index, value) in source.enumerated() {
                        target.storeBytes(of: value.bitPattern.littleEndian, toByteOffset: index * 4, as: UInt32.self)
                    }
                case .f16, .bf16:
                    for (index, value) in source.enumerated() {
                        let bits = type == .f16 ? HalfPrecision.half(fromFloat: value) : HalfPrecision.bfloat16(fromFloat: value)
                        target.storeBytes(of: bits.littleEndian, toByteOffset: index * 2, as: UInt16.self)
                    }
                default:
                    for block in 0..<(values.count / 32) {
                        let input = UnsafeBufferPointer(rebasing: source[(block * 32)..<(block * 32 + 32)])
                        let output = UnsafeMutableRawBufferPointer(
                            rebasing: target[(block * type.blockBytes)..<((block + 1) * type.blockBytes)])
                        switch type {
                        case .q8_0: eightBit(input, output)
                        case .q4_0: fourBit(input, output)
                        default: fourBitWithMinimum(input, output)
                        }
                    }
                }
            }
        }
        return bytes
    }

    private static var names: String {
        GGMLType.allCases.filter(types.contains).map(\.description).joined(separator: ", ")
    }

    private static func storeHalf(_ value: Float, _ output: UnsafeMutableRawBufferPointer, at offset: Int) {
        output.storeBytes(of: HalfPrecision.half(fromFloat: value).littleEndian, toByteOffset: offset, as: UInt16.self)
    }

    /// C's `(int8_t)` conversion (toward zero) capped at 15, as the reference code computes a 4-bit value;
    /// a weight that is not finite becomes 0 instead of trapping.
    private static func nibble(_ value: Float) -> UInt8 {
        guard value.isFinite else { return 0 }
        return UInt8(max(0, min(15, value.rounded(.towardZero))))
    }

    private static func eightBit(_ x: UnsafeBufferPointer<Float>, _ output: UnsafeMutableRawBufferPointer) {
        let amax = x.reduce(0) { max($0, abs($1)) }
        let d = amax / 127
        let inverse = d != 0 ? 1 / d : 0
        storeHalf(d, output, at: 0)
        for j in 0..<32 {
            let q = (x[j] * inverse).rounded(.toNearestOrAwayFromZero)
            output[2 + j] = UInt8(bitPattern: q.isFinite ? Int8(max(-127, min(127, q))) : 0)
        }
    }

    private static func fourBit(_ x: UnsafeBufferPointer<Float>, _ output: UnsafeMutableRawBufferPointer) {
        var amax: Float = 0
        var extreme: Float = 0
        for value in x where amax < abs(value) {
            amax = abs(value)
            extreme = value
        }
        let d = extreme / -8
        let inverse = d != 0 ? 1 / d : 0
        storeHalf(d, output, at: 0)
        for j in 0..<16 {
            output[2 + j] = nibble(x[j] * inverse + 8.5) | nibble(x[j + 16] * inverse + 8.5) << 4
        }
    }

    private static func fourBitWithMinimum(_ x: UnsafeBufferPointer<Float>, _ output: UnsafeMutableRawBufferPointer) {
        let low = x.min() ?? 0
        let high = x.max() ?? 0
        let d = (high - low) / 15
        let inverse = d != 0 ? 1 / d : 0
        storeHalf(d, output, at: 0)
        storeHalf(low, output, at: 2)
        for j in 0..<16 {
            output[4 + j] = nibble((x[j] - low) * inverse + 0.5) | nibble((x[j + 16] - low) * inverse + 0.5) << 4
        }
    }
}
