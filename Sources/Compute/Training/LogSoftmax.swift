import Foundation

/// The log-probability of one token from a row of logits, and the gradient of its negative, with the
/// vectorized `exp`: a row is a whole vocabulary (tens of thousands of logits) and every predicted
/// position of every micro-batch takes one.
enum LogSoftmax {
    typealias Vector = SIMD8<Float>

    /// `log Σ exp(z)` over `count` logits, accumulated in double precision.
    static func logSumExp(_ z: UnsafePointer<Float>, count: Int) -> Double {
        var peak = Vector(repeating: -.infinity)
        var index = 0
        while index + 8 <= count {
            peak = pointwiseMax(peak, RowOperations.load(z + index))
            index += 8
        }
        var maximum = peak.max()
        while index < count {
            maximum = max(maximum, z[index])
            index += 1
        }
        let shift = Vector(repeating: maximum)
        var sums = SIMD8<Double>()
        index = 0
        while index + 8 <= count {
            let e = VectorMath.exp(RowOperations.load(z + index) - shift)
            sums += SIMD8<Double>(e)
            index += 8
        }
        var total = sums.sum()
        while index < count {
            total += Foundation.exp(Double(z[index] - maximum))
            index += 1
        }
        return Double(maximum) + Foundation.log(total)
    }

    /// Replaces the logits with the gradient of `weight · (−log softmax(z)[target])`:
    /// `weight · (softmax(z) − onehot(target))`, given the row's `logSumExp`.
    static func negativeLogLikelihoodGradient(
        _ z: UnsafeMutablePointer<Float>, count: Int, target: Int, logSumExp: Double, weight: Float
    ) {
        let shift = Vector(repeating: Float(logSumExp))
        let scale = Vector(repeating: weight)
        var index = 0
        while index + 8 <= count {
            RowOperations.store(VectorMath.exp(RowOperations.load(z + index) - shift) * scale, z + index)
            index += 8
        }
        while index < count {
            z[index] = Float(Foundation.exp(Double(z[index]) - logSumExp)) * weight
            index += 1
        }
        z[target] -= weight
    }
}
