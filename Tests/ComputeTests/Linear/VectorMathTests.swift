import Foundation
import Testing

@testable import Compute

@Suite("Vector math kernels")
struct VectorMathTests {
    @Test("exp is within 3e-7 relative of the C library's over softmax's whole range, and 0 below it")
    func exponential() {
        var worst: Double = 0
        var x: Float = -87
        while x < 88 {
            let lanes = VectorMath.exp(SIMD8<Float>((0..<8).map { x + Float($0) * 0.013 }))
            for lane in 0..<8 {
                let input = Double(x + Float(lane) * 0.013)
                worst = max(worst, abs(Double(lanes[lane]) - Foundation.exp(input)) / Foundation.exp(input))
            }
            x += 0.37
        }
        #expect(worst < 3e-7)
        #expect(VectorMath.exp(SIMD8(repeating: -200)) == SIMD8(repeating: 0))
        #expect(VectorMath.exp(SIMD8(repeating: -Float.infinity)) == SIMD8(repeating: 0))
        #expect(VectorMath.exp(SIMD8(repeating: 0)) == SIMD8(repeating: 1))
    }

    @Test("erf is within 5e-7 of the C library's, saturating to ±1 (to an ulp) past ±4")
    func errorFunction() {
        var worst: Double = 0
        var x: Float = -6
        while x < 6 {
            let value = VectorMath.erf(SIMD8(repeating: x))[0]
            worst = max(worst, abs(Double(value) - Foundation.erf(Double(x))))
            x += 0.0017
        }
        #expect(worst < 5e-7)
        #expect(abs(VectorMath.erf(SIMD8(repeating: 30))[0] - 1) <= Float(1).ulp)
        #expect(abs(VectorMath.erf(SIMD8(repeating: -30))[0] + 1) <= Float(1).ulp)
    }

    @Test(
        "softmax rows sum to one and keep their order, for widths with and without a scalar tail", arguments: [1, 5, 8, 13, 32])
    func softmax(width: Int) {
        var rows = (0..<(3 * width)).map { Float(($0 * 37) % 11) - 5 }
        rows.withUnsafeMutableBufferPointer { RowOperations.softmax($0.baseAddress!, rows: 3, columns: width, stride: width) }
        for row in 0..<3 {
            let line = rows[(row * width)..<((row + 1) * width)]
            #expect(abs(line.reduce(0, +) - 1) < 1e-6)
            #expect(line.allSatisfy { $0 > 0 })
        }
    }
}
