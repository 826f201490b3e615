import Foundation
import Testing

@testable import Compute

/// The register-resident attention kernel for short texts computes what the definition says, for every
/// length it takes and for heads that are and are not multiples of eight wide.
@Suite("Short-sequence attention", .enabled(if: NativeKernels.available, "needs AVX2 and FMA"))
struct ShortSequenceAttentionTests {
    /// softmax(q·kᵀ · scale)·v per head, in Double, straight from the definition.
    static func reference(_ qkv: [Float], length: Int, heads: Int, headSize: Int, scale: Double) -> [Double] {
        let hidden = heads * headSize
        var context = [Double](repeating: 0, count: length * hidden)
        for head in 0..<heads {
            func q(_ i: Int, _ d: Int) -> Double { Double(qkv[i * 3 * hidden + head * headSize + d]) }
            func k(_ j: Int, _ d: Int) -> Double { Double(qkv[j * 3 * hidden + hidden + head * headSize + d]) }
            func v(_ j: Int, _ d: Int) -> Double { Double(qkv[j * 3 * hidden + 2 * hidden + head * headSize + d]) }
            for i in 0..<length {
                let scores = (0..<length).map { j in (0..<headSize).reduce(0) { $0 + q(i, $1) * k(j, $1) } * scale }
                let top = scores.max()!
                let weights = scores.map { exp($0 - top) }
                let total = weights.reduce(0, +)
                for d in 0..<headSize {
                    context[i * hidden + head * headSize + d] = (0..<length).reduce(0) { $0 + weights[$1] * v($1, d) } / total
                }
            }
        }
        return context
    }

    /// Seeded values in [-2, 2), large enough that the softmax is far from uniform.
    static func values(count: Int, seed: UInt64) -> [Float] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(Double(generator.next() >> 11) * 0x1p-53 * 4 - 2) }
    }

    @Test(
        "matches the definition within 1e-5 for lengths 1 to 64 and head widths 32, 12 and 2",
        arguments: [1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 31, 33, 40, 47, 48, 55, 57, 64],
        [(heads: 12, headSize: 32), (heads: 3, headSize: 12), (heads: 2, headSize: 2)])
    func matchesDefinition(length: Int, shape: (heads: Int, headSize: Int)) {
        let hidden = shape.heads * shape.headSize
        let qkv = Self.values(count: length * 3 * hidden, seed: UInt64(length * 100 + shape.headSize))
        let scale = 1 / Float(shape.headSize).squareRoot()
        var context = [Float](repeating: .nan, count: length * hidden)
        var scratch = [Float](repeating: .nan, count: ShortSequenceAttention.scratchCount(headSize: shape.headSize))
        qkv.withUnsafeBufferPointer { qkv in
            context.withUnsafeMutableBufferPointer { context in
                scratch.withUnsafeMutableBufferPointer { scratch in
                    ShortSequenceAttention.attend(
                        qkv.baseAddress!, length: length, heads: shape.heads, headSize: shape.headSize, scale: scale,
                        into: context.baseAddress!, scratch: scratch.baseAddress!)
                }
            }
        }
        let expected = Self.reference(qkv, length: length, heads: shape.heads, headSize: shape.headSize, scale: Double(scale))
        let error = zip(context, expected).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(error < 1e-5, "length \(length), \(shape.heads) heads of \(shape.headSize): largest error \(error)")
    }

    @Test("reads only its own text's rows: what follows in the buffer does not change the result")
    func ignoresFollowingRows() {
        let (heads, headSize, length) = (2, 8, 5)
        let hidden = heads * headSize
        var qkv = Self.values(count: 8 * 3 * hidden, seed: 7)
        func attend() -> [Float] {
            var context = [Float](repeating: 0, count: length * hidden)
            var scratch = [Float](repeating: 0, count: ShortSequenceAttention.scratchCount(headSize: headSize))
            ShortSequenceAttention.attend(
                qkv, length: length, heads: heads, headSize: headSize, scale: 0.5, into: &context, scratch: &scratch)
            return context
        }
        let before = attend()
        for index in (length * 3 * hidden)..<qkv.count { qkv[index] = .infinity }
        #expect(attend() == before)
    }

    @Test("hands texts of 1 to 64 tokens to the kernel and longer or empty ones to the matrix products")
    func lengthsHandled() {
        #expect(ShortSequenceAttention.handles(length: 1))
        #expect(ShortSequenceAttention.handles(length: ShortSequenceAttention.longestSequence))
        #expect(!ShortSequenceAttention.handles(length: ShortSequenceAttention.longestSequence + 1))
        #expect(!ShortSequenceAttention.handles(length: 0))
    }
}
