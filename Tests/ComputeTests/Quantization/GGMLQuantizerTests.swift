import Foundation
import Testing

@testable import Compute

/// The quantizer writes the blocks ggml's reference code writes: checked against the `gguf` package's own
/// quantization in Fixtures/quantization, and through the project's dequantization.
@Suite("GGMLQuantizer")
struct GGMLQuantizerTests {
    @Test(
        "quantizing the gguf package's dequantized values gives back its blocks, byte for byte",
        arguments: [GGMLType.q8_0, .q4_0, .q4_1])
    func reproducesReference(type: GGMLType) throws {
        let vectors = try QuantizationVectors(type)
        let bytes = try GGMLQuantizer.quantize(vectors.reference, columns: QuantizationVectors.columns, to: type)
        #expect(bytes == [UInt8](vectors.blocks))
    }

    @Test(
        "each type's error stays within half a step (Q4_0: a whole step at the end its 16 levels cannot reach)",
        arguments: [GGMLType.q8_0, .q4_0, .q4_1])
    func roundTripError(type: GGMLType) throws {
        var random = SplitMix64(seed: 3)
        let values = (0..<(4 * 64)).map { _ in Float.random(in: -2...2, using: &random) }
        let bytes = try GGMLQuantizer.quantize(values, columns: 64, to: type)
        let matrix = try bytes.withUnsafeBytes { try WeightMatrix(type: type, rows: 4, columns: 64, copying: $0) }.dequantized()
        let back = Array(UnsafeBufferPointer(start: matrix.floats, count: values.count))
        // Values lie in [-2, 2]: Q8_0 steps by max/127, Q4_0 by max/8 (q = 16 is cut to 15), Q4_1 by (max - min)/15.
        let bound: Float = [.q8_0: 1.0 / 127, .q4_0: 2.0 / 8, .q4_1: 2.0 / 15][type]!
        #expect(zip(values, back).allSatisfy { abs($0 - $1) <= bound + 1e-3 })
    }

    @Test("Q8_0 of 0…31: d = 31/127 as a half, q = round(x / d), zeros stay zero")
    func q8Block() throws {
        let bytes = try GGMLQuantizer.quantize((0..<32).map(Float.init), columns: 32, to: .q8_0)
        #expect(bytes.count == 34)
        #expect(UInt16(bytes[0]) | UInt16(bytes[1]) << 8 == HalfPrecision.half(fromFloat: 31.0 / 127))
        #expect(bytes[2] == 0 && bytes[33] == 127)
        #expect(Int8(bitPattern: bytes[2 + 16]) == Int8((16 * 127.0 / 31).rounded()))
        #expect(try GGMLQuantizer.quantize([Float](repeating: 0, count: 32), columns: 32, to: .q4_1).allSatisfy { $0 == 0 })
    }

    @Test("F16 and BF16 round to nearest; F32 is copied; k-quants and partial blocks are refused")
    func floatsAndRefusals() throws {
        #expect(try GGMLQuantizer.quantize([1, -2], columns: 2, to: .f16) == [0x00, 0x3C, 0x00, 0xC0])
        #expect(try GGMLQuantizer.quantize([1], columns: 1, to: .bf16) == [0x80, 0x3F])
        #expect(try GGMLQuantizer.quantize([1], columns: 1, to: .f32) == [0, 0, 0x80, 0x3F])
        #expect(throws: WeightMatrixError.self) {
            try GGMLQuantizer.quantize([Float](repeating: 1, count: 256), columns: 256, to: .q4_K)
        }
        #expect(throws: WeightMatrixError.self) {
            try GGMLQuantizer.quantize([Float](repeating: 1, count: 48), columns: 48, to: .q8_0)
        }
    }
}
