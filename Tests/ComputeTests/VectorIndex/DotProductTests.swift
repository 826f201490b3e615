import Foundation
import Testing

@testable import Compute

/// The distance kernel of every search against a plain loop in Double.
@Suite("Dot product kernel")
struct DotProductTests {
    static func vector(_ count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(Double(generator.next() >> 11) * 0x1p-53 * 2 - 1) }
    }

    static func plain(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    @Test(
        "equals the plain sum within float rounding for lengths around every vector width",
        arguments: [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 384, 385, 1000])
    func single(count: Int) {
        let a = Self.vector(count, seed: 1), b = Self.vector(count, seed: 2)
        let result = DotProduct.dot(a, b, count: count)
        let bound = 1e-6 * Double(max(count, 1)).squareRoot() * 4
        #expect(abs(Double(result) - Self.plain(a, b)) <= bound, "\(count) floats: \(result) vs \(Self.plain(a, b))")
    }

    @Test("scoring scattered rows in one call gives each row's own dot product, bit for bit")
    func scatteredRows() {
        let dimension = 384, count = 50
        let vectors = Self.vector(count * dimension, seed: 3)
        let query = Self.vector(dimension, seed: 4)
        let rows: [UInt32] = [49, 0, 17, 17, 3, 48, 25, 1]
        var scores = [Float](repeating: .nan, count: rows.count)
        vectors.withUnsafeBufferPointer { vectors in
            DotProduct.dots(
                query, rows: rows, count: rows.count, of: vectors.baseAddress!, dimension: dimension, into: &scores)
            for (index, row) in rows.enumerated() {
                let alone = DotProduct.dot(query, vectors.baseAddress! + Int(row) * dimension, count: dimension)
                #expect(scores[index] == alone, "row \(row)")
            }
        }
        DotProduct.dots(query, rows: rows, count: 0, of: vectors, dimension: dimension, into: &scores)
    }
}
