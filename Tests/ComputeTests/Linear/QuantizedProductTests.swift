import CKernels
import Foundation
import Testing

@testable import Compute

/// The integer kernels of quantized products against float arithmetic on the dequantized values, and
/// `SplitProduct` with quantized weights against BLAS on the dequantized matrix.
@Suite("Quantized products")
struct QuantizedProductTests {
    static func activations(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(Double(generator.next() >> 11) * 0x1p-53 * 2 - 1) }
    }

    /// `rows` activation rows of `columns` quantized for `type`, and the values they stand for.
    static func quantized(_ a: [Float], rows: Int, columns: Int, for type: GGMLType) -> (bytes: [UInt8], values: [Float]) {
        let rowBytes = ck_activation_bytes(type.rawValue, columns)
        var bytes = [UInt8](repeating: 0, count: rows * rowBytes)
        var values = [Float](repeating: 0, count: rows * columns)
        for row in 0..<rows {
            a.withUnsafeBufferPointer { source in
                bytes.withUnsafeMutableBytes {
                    ck_quantize_activations(
                        type.rawValue, source.baseAddress! + row * columns, columns, $0.baseAddress! + row * rowBytes)
                }
            }
            bytes.withUnsafeBytes { raw in
                values.withUnsafeMutableBufferPointer {
                    ck_dequantize_activations(
                        type.rawValue, raw.baseAddress! + row * rowBytes, columns, $0.baseAddress! + row * columns)
                }
            }
        }
        return (bytes, values)
    }

    /// Runs the C entry point (`portable` or the dispatching one) for all rows of `matrix`.
    static func product(
        _ matrix: WeightMatrix, _ activations: [UInt8], m: Int, portable: Bool
    ) -> [Float] {
        var out = [Float](repeating: .nan, count: m * matrix.rows)
        activations.withUnsafeBytes { a in
            out.withUnsafeMutableBufferPointer { c in
                let call = portable ? ck_quant_product_portable : ck_quant_product
                call(
                    matrix.type.rawValue, matrix.bytes, matrix.rowBytes, matrix.rows, a.baseAddress!, m, matrix.columns,
                    c.baseAddress!, matrix.rows, 0)
            }
        }
        return out
    }

    @Test(
        "each kernel gives the dot product of the dequantized weight row and the dequantized activations",
        arguments: QuantizationVectors.types)
    func kernelsMatchDequantizedArithmetic(type: GGMLType) throws {
        let matrix = try QuantizationVectors(type).matrix()
        let dense = matrix.dequantized()
        let (m, k) = (2, matrix.columns)
        let (bytes, values) = Self.quantized(Self.activations(m * k, seed: 7), rows: m, columns: k, for: type)
        for portable in [true, false] {
            let out = Self.product(matrix, bytes, m: m, portable: portable)
            for i in 0..<m {
                for r in 0..<matrix.rows {
                    var exact = 0.0, magnitude = 0.0
                    for j in 0..<k {
                        let term = Double(dense.floats[r * k + j]) * Double(values[i * k + j])
                        exact += term
                        magnitude += abs(term)
                    }
                    let error = abs(Double(out[i * matrix.rows + r]) - exact)
                    #expect(
                        error <= 1e-6 * magnitude,
                        "\(type) portable \(portable) row \(r): \(out[i * matrix.rows + r]) vs \(exact)")
                }
            }
        }
    }

    @Test("the AVX2 and portable kernels agree", arguments: QuantizationVectors.types)
    func avx2AgreesWithPortable(type: GGMLType) throws {
        try #require(NativeKernels.available)
        let matrix = try QuantizationVectors(type).matrix()
        let (bytes, _) = Self.quantized(Self.activations(3 * 512, seed: 11), rows: 3, columns: 512, for: type)
        let fast = Self.product(matrix, bytes, m: 3, portable: false)
        let portable = Self.product(matrix, bytes, m: 3, portable: true)
        for (x, y) in zip(fast, portable) { #expect(abs(x - y) <= 1e-5 * max(1, abs(y)), "\(type): \(x) vs \(y)") }
    }

    /// 1029 rows (343 copies of the fixture's 3): large enough to be split across workers, at odd boundaries.
    static func large(_ type: GGMLType) throws -> WeightMatrix {
        WeightMatrix.stacking(Array(repeating: try QuantizationVectors(type).matrix(), count: 343))
    }

    @Test(
        "SplitProduct with quantized weights equals BLAS on the dequantized matrix, up to the activations' rounding",
        arguments: QuantizationVectors.types, [1, 3, 9])
    func splitProductMatchesDense(type: GGMLType, m: Int) throws {
        let matrix = try Self.large(type)
        let dense = matrix.dequantized()
        let k = matrix.columns, n = matrix.rows
        let a = Self.activations(m * k, seed: 3)
        let previous = Self.activations(m * n, seed: 5)
        var expected = previous
        SplitProduct(workers: 1).linear(a, lda: k, dense, into: &expected, ldc: n, m: m, beta: 1)
        // With few rows the activations are rounded to 8 bits, each by at most half a step (its block's
        // amax / 254); with more they are multiplied in float.
        let integer = m <= QuantizedProduct.integerRowsLimit
        let blockSize = type.blockElements
        let bounds = (0..<(m * n)).map { index in
            let (i, r) = index.quotientAndRemainder(dividingBy: n)
            var bound = 1e-5 * (1 + abs(Double(expected[index])))
            guard integer else { return bound }
            for block in stride(from: 0, to: k, by: blockSize) {
                var amax = 0.0, weights = 0.0
                for j in block..<(block + blockSize) {
                    amax = max(amax, abs(Double(a[i * k + j])))
                    weights += abs(Double(dense.floats[r * k + j]))
                }
                bound += weights * amax / 254
            }
            return bound
        }
        for workers in [1, 2, 3] {
            var out = previous
            SplitProduct(workers: workers).linear(a, lda: k, matrix, into: &out, ldc: n, m: m, beta: 1)
            let failures = (0..<(m * n)).filter { abs(Double(out[$0]) - Double(expected[$0])) > bounds[$0] }
            #expect(
                failures.isEmpty,
                "\(type) m \(m) workers \(workers): \(failures.count) outputs off, first \(failures.first ?? -1)")
        }
    }
}
