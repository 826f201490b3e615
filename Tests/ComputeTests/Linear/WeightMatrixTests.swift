import CKernels
import Foundation
import Testing

@testable import Compute

/// Loading, stacking and dequantizing weight matrices, against the `gguf` Python package's dequantization.
@Suite("WeightMatrix")
struct WeightMatrixTests {
    @Test("dequantizing gives gguf-py's floats bit for bit", arguments: QuantizationVectors.types)
    func dequantizationMatchesReference(type: GGMLType) throws {
        let vectors = try QuantizationVectors(type)
        let matrix = try vectors.matrix()
        #expect(matrix.type == type && !matrix.isDense)
        let dense = matrix.dequantized()
        #expect(dense.isDense && dense.rows == 3 && dense.columns == 512)
        let floats = Array(UnsafeBufferPointer(start: dense.floats, count: vectors.reference.count))
        let differing = zip(floats, vectors.reference).filter { $0.0.bitPattern != $0.1.bitPattern }.count
        #expect(differing == 0, "\(type): \(differing) values differ")
    }

    @Test("the portable dequantization gives the same floats", arguments: QuantizationVectors.types)
    func portableDequantization(type: GGMLType) throws {
        let vectors = try QuantizationVectors(type)
        let matrix = try vectors.matrix()
        var floats = [Float](repeating: .nan, count: vectors.reference.count)
        for row in 0..<matrix.rows {
            floats.withUnsafeMutableBufferPointer {
                _ = ck_dequantize_row_portable(
                    type.rawValue, matrix.row(row), $0.baseAddress! + row * matrix.columns, matrix.columns)
            }
        }
        #expect(zip(floats, vectors.reference).allSatisfy { $0.bitPattern == $1.bitPattern })
    }

    @Test("one row dequantizes on its own as it does in the whole matrix")
    func singleRow() throws {
        let vectors = try QuantizationVectors(.q4_K)
        var row = [Float](repeating: 0, count: 512)
        try vectors.matrix().dequantizeRow(2, into: &row)
        #expect(row == Array(vectors.reference[1024..<1536]))
    }

    @Test("stacking concatenates rows, so the stack dequantizes to the parts one after the other")
    func stacking() throws {
        let vectors = try QuantizationVectors(.q4_1)
        let matrix = try vectors.matrix()
        let stacked = WeightMatrix.stacking([matrix, matrix])
        #expect(stacked.type == .q4_1 && stacked.rows == 6 && stacked.columns == 512)
        let dense = stacked.dequantized()
        #expect(Array(UnsafeBufferPointer(start: dense.floats, count: 6 * 512)) == vectors.reference + vectors.reference)
    }

    @Test("F16 and BF16 are widened to float32 at load")
    func halfPrecisionWidens() throws {
        let halves: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x0001]  // 1, -2, 0.5, the smallest subnormal
        let brains: [UInt16] = [0x3F80, 0xC000, 0x3F00, 0x0000]  // 1, -2, 0.5, 0
        let f16 = try halves.withUnsafeBytes { try WeightMatrix(type: .f16, rows: 2, columns: 2, copying: $0) }
        let bf16 = try brains.withUnsafeBytes { try WeightMatrix(type: .bf16, rows: 2, columns: 2, copying: $0) }
        #expect(f16.type == .f32 && bf16.type == .f32)
        #expect(Array(UnsafeBufferPointer(start: f16.floats, count: 4)) == [1, -2, 0.5, 0x1p-24])
        #expect(Array(UnsafeBufferPointer(start: bf16.floats, count: 4)) == [1, -2, 0.5, 0])
    }

    @Test("bytes that are not whole rows of whole blocks of a supported type are refused, saying why")
    func refusals() {
        let bytes = [UInt8](repeating: 0, count: 64)
        bytes.withUnsafeBytes { raw in
            #expect(throws: WeightMatrixError(.unsupportedType, "weights of type Q2_K are not supported")) {
                try WeightMatrix(type: .q2_K, rows: 1, columns: 256, copying: raw)
            }
            #expect(
                throws: WeightMatrixError(.partialBlock, "rows of 48 values are not whole Q8_0 blocks of 32")
            ) { try WeightMatrix(type: .q8_0, rows: 1, columns: 48, copying: raw) }
            #expect(
                throws: WeightMatrixError(.sizeMismatch, "64 bytes are not 1 × 34 (rows × bytes of a row of 32 Q8_0 values)")
            ) { try WeightMatrix(type: .q8_0, rows: 1, columns: 32, copying: raw) }
        }
    }
}
