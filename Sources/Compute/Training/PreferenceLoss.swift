import Foundation

/// Direct preference optimization's losses, as TRL defines them, for one pair: the policy's and the
/// reference's log-probabilities of the chosen and the rejected completion.
///
/// - `sigmoid` (DPO): `−log σ(β · ((πc − rc) − (πr − rr)))`.
/// - `ipo` (IPO): `(((πc − rc) − (πr − rr)) − 1/(2β))²`, with log-probabilities averaged over each
///   completion's tokens instead of summed, as TRL does for IPO.
public enum PreferenceLoss: String, Sendable, Codable, CaseIterable {
    case sigmoid, ipo

    /// The log-probabilities of one pair.
    public struct Pair: Sendable {
        public var policyChosen: Double
        public var policyRejected: Double
        public var referenceChosen: Double
        public var referenceRejected: Double

        public init(policyChosen: Double, policyRejected: Double, referenceChosen: Double, referenceRejected: Double) {
            self.policyChosen = policyChosen
            self.policyRejected = policyRejected
            self.referenceChosen = referenceChosen
            self.referenceRejected = referenceRejected
        }
    }

    /// Whether the log-probabilities are averages over the completion rather than sums.
    public var averagesLogProbabilities: Bool { self == .ipo }

    /// The loss and its derivatives with respect to the policy's chosen and rejected log-probabilities.
    public func evaluate(_ pair: Pair, beta: Double) -> (loss: Double, dChosen: Double, dRejected: Double) {
        let difference = (pair.policyChosen - pair.referenceChosen) - (pair.policyRejected - pair.referenceRejected)
        switch self {
        case .sigmoid:
            let z = beta * difference
            // −log σ(z) = log(1 + e^(−z)), written to stay finite for large |z|.
            let loss = z > 0 ? log1p(exp(-z)) : -z + log1p(exp(z))
            let derivative = -1 / (1 + exp(z))
            return (loss, derivative * beta, -derivative * beta)
        case .ipo:
            let gap = difference - 1 / (2 * beta)
            return (gap * gap, 2 * gap, -2 * gap)
        }
    }

    /// TRL's logged rewards of a pair: `β · (π − r)` for each completion.
    public static func rewards(_ pair: Pair, beta: Double) -> (chosen: Double, rejected: Double) {
        (beta * (pair.policyChosen - pair.referenceChosen), beta * (pair.policyRejected - pair.referenceRejected))
    }
}
