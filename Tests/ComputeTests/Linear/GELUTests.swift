import Foundation
import Testing

@testable import Compute

/// The feed-forward activation, on whichever path this processor takes and on the portable one.
@Suite("GELU with bias")
struct GELUTests {
    static func inputs(rows: Int, columns: Int) -> (x: [Float], bias: [Float]) {
        let x = (0..<(rows * columns)).map { Float(($0 * 7919) % 2001) / 200 - 5 }
        let bias = (0..<columns).map { Float($0 % 5) * 0.25 - 0.5 }
        return (x, bias)
    }

    static func reference(_ x: [Float], bias: [Float], columns: Int) -> [Double] {
        x.enumerated().map { index, value in
            let v = Double(value) + Double(bias[index % columns])
            return 0.5 * v * (1 + erf(v / 2.0.squareRoot()))
        }
    }

    @Test(
        "x = gelu(x + bias) within 2e-6 of the erf definition, for widths with and without a tail",
        arguments: [1, 5, 8, 13, 384, 1536])
    func matchesDefinition(columns: Int) {
        let rows = 3
        let (x, bias) = Self.inputs(rows: rows, columns: columns)
        let expected = Self.reference(x, bias: bias, columns: columns)
        var dispatched = x
        var portable = x
        bias.withUnsafeBufferPointer { bias in
            dispatched.withUnsafeMutableBufferPointer {
                RowOperations.addBiasGELU($0.baseAddress!, rows: rows, columns: columns, bias: bias.baseAddress!)
            }
            portable.withUnsafeMutableBufferPointer {
                RowOperations.addBiasGELUPortable($0.baseAddress!, rows: rows, columns: columns, bias: bias.baseAddress!)
            }
        }
        for (name, result) in [("dispatched", dispatched), ("portable", portable)] {
            let error = zip(result, expected).map { abs(Double($0) - $1) }.max() ?? 0
            #expect(error < 2e-6, "\(name), \(columns) columns: largest error \(error)")
        }
    }
}
