@testable import Compute

/// Quantizes float matrices to Q8_0 and Q4_1 the way ggml's reference quantizers do (absolute maximum / 127;
/// range / 15 from the minimum), for tests that need quantized weights of a model that exists as floats.
enum BlockQuantizer {
    /// The binary16 bits nearest to `x`, a normal half-precision value (scales of weights are).
    static func halfBits(_ x: Float) -> UInt16 {
        if x == 0 { return 0 }
        let bits = x.bitPattern
        let sign = UInt16((bits >> 16) & 0x8000)
        let exponent = Int((bits >> 23) & 0xFF) - 127 + 15
        precondition((1...30).contains(exponent), "\(x) is not a normal half")
        var mantissa = (bits & 0x7F_FFFF) >> 13
        let rest = bits & 0x1FFF
        if rest > 0x1000 || (rest == 0x1000 && mantissa & 1 == 1) { mantissa += 1 }
        return sign | UInt16((UInt32(exponent) << 10) + mantissa)
    }

    static func append(_ half: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(half & 0xFF))
        bytes.append(UInt8(half >> 8))
    }

    /// `matrix` (dense) quantized to `type`, `.q8_0` or `.q4_1`.
    static func quantize(_ matrix: WeightMatrix, to type: GGMLType) throws -> WeightMatrix {
        let values = UnsafeBufferPointer(start: matrix.floats, count: matrix.rows * matrix.columns)
        var bytes: [UInt8] = []
        for start in stride(from: 0, to: values.count, by: 32) {
            let block = values[start..<(start + 32)]
            switch type {
            case .q8_0:
                let amax = block.map(abs).max()!
                let half = halfBits(max(amax / 127, 0x1p-14))
                let d = HalfPrecision.float(fromHalf: half)
                append(half, to: &bytes)
                for x in block { bytes.append(UInt8(bitPattern: Int8(max(-127, min(127, (x / d).rounded()))))) }
            case .q4_1:
                let low = block.min()!, high = block.max()!
                let dHalf = halfBits(max((high - low) / 15, 0x1p-14)), mHalf = halfBits(low)
                let d = HalfPrecision.float(fromHalf: dHalf), m = HalfPrecision.float(fromHalf: mHalf)
                append(dHalf, to: &bytes)
                append(mHalf, to: &bytes)
                let q = block.map { UInt8(max(0, min(15, (($0 - m) / d).rounded()))) }
                for j in 0..<16 { bytes.append(q[j] | (q[j + 16] << 4)) }
            default:
                preconditionFailure("no test quantizer for \(type)")
            }
        }
        return try bytes.withUnsafeBytes {
            try WeightMatrix(type: type, rows: matrix.rows, columns: matrix.columns, copying: $0)
        }
    }
}
