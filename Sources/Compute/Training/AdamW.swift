import Foundation

/// AdamW as PyTorch computes it (`torch.optim.AdamW`, not amsgrad): decoupled weight decay
/// `p ← p·(1 − lr·λ)`, then `p ← p − lr · m̂ / (√v̂ + ε)` with bias-corrected moments. The moments are
/// part of a checkpoint, so a resumed run continues exactly where it stopped.
public struct AdamW: Sendable, Equatable {
    public struct Settings: Sendable, Equatable, Codable {
        public var beta1: Double
        public var beta2: Double
        public var epsilon: Double
        public var weightDecay: Double

        public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) {
            self.beta1 = beta1
            self.beta2 = beta2
            self.epsilon = epsilon
            self.weightDecay = weightDecay
        }
    }

    public let settings: Settings
    /// Updates taken so far.
    public private(set) var step: Int
    public private(set) var firstMoments: [Float]
    public private(set) var secondMoments: [Float]

    public init(settings: Settings, count: Int) {
        self.settings = settings
        step = 0
        firstMoments = [Float](repeating: 0, count: count)
        secondMoments = [Float](repeating: 0, count: count)
    }

    /// A state read back from a checkpoint.
    public init(settings: Settings, step: Int, firstMoments: [Float], secondMoments: [Float]) {
        self.settings = settings
        self.step = step
        self.firstMoments = firstMoments
        self.secondMoments = secondMoments
    }

    /// One update of `values` from `gradients` at learning rate `rate`.
    public mutating func update(_ values: UnsafeMutablePointer<Float>, gradients: UnsafePointer<Float>, rate: Double) {
        step += 1
        let beta1 = Float(settings.beta1)
        let beta2 = Float(settings.beta2)
        let correction1 = 1 - pow(settings.beta1, Double(step))
        let correction2 = 1 - pow(settings.beta2, Double(step))
        let stepSize = Float(rate / correction1)
        let root2 = Float(correction2.squareRoot())
        let epsilon = Float(settings.epsilon)
        let decay = Float(1 - rate * settings.weightDecay)
        firstMoments.withUnsafeMutableBufferPointer { m in
            secondMoments.withUnsafeMutableBufferPointer { v in
                for index in 0..<m.count {
                    let g = gradients[index]
                    values[index] *= decay
                    m[index] = beta1 * m[index] + (1 - beta1) * g
                    v[index] = beta2 * v[index] + (1 - beta2) * g * g
                    values[index] -= stepSize * m[index] / (v[index].squareRoot() / root2 + epsilon)
                }
            }
        }
    }
}
