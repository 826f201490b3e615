import Foundation
import Testing

@testable import Compute

/// DPO's sigmoid loss and IPO's squared loss with their derivatives, by TRL's definitions.
struct PreferenceLossTests {
    static let pair = PreferenceLoss.Pair(
        policyChosen: -10, policyRejected: -12, referenceChosen: -11, referenceRejected: -11.5)

    @Test func sigmoidLossIsMinusLogSigmoidOfTheScaledMargin() {
        let (loss, dChosen, dRejected) = PreferenceLoss.sigmoid.evaluate(Self.pair, beta: 0.5)
        let z = 0.5 * ((-10.0 + 11) - (-12.0 + 11.5))
        #expect(abs(loss - -log(1 / (1 + exp(-z)))) < 1e-12)
        // Finite differences of the loss in the policy's log-probabilities.
        let h = 1e-6
        var plus = Self.pair
        plus.policyChosen += h
        #expect(abs((PreferenceLoss.sigmoid.evaluate(plus, beta: 0.5).loss - loss) / h - dChosen) < 1e-5)
        plus = Self.pair
        plus.policyRejected += h
        #expect(abs((PreferenceLoss.sigmoid.evaluate(plus, beta: 0.5).loss - loss) / h - dRejected) < 1e-5)
    }

    @Test func sigmoidLossStaysFiniteForHugeMargins() {
        let far = PreferenceLoss.Pair(policyChosen: 0, policyRejected: -5000, referenceChosen: 0, referenceRejected: 0)
        let (loss, dChosen, _) = PreferenceLoss.sigmoid.evaluate(far, beta: 1)
        #expect(loss.isFinite && loss >= 0)
        #expect(dChosen.isFinite)
        let backwards = PreferenceLoss.Pair(policyChosen: -5000, policyRejected: 0, referenceChosen: 0, referenceRejected: 0)
        #expect(abs(PreferenceLoss.sigmoid.evaluate(backwards, beta: 1).loss - 5000) < 1e-9)
    }

    @Test func ipoLossIsTheSquaredDistanceOfTheMarginFromOneOverTwoBeta() {
        let (loss, dChosen, dRejected) = PreferenceLoss.ipo.evaluate(Self.pair, beta: 0.5)
        let margin = (-10.0 + 11) - (-12.0 + 11.5)
        #expect(abs(loss - (margin - 1) * (margin - 1)) < 1e-12)
        #expect(abs(dChosen - 2 * (margin - 1)) < 1e-12)
        #expect(dRejected == -dChosen)
    }

    @Test func rewardsAreBetaTimesTheLogRatios() {
        let rewards = PreferenceLoss.rewards(Self.pair, beta: 0.5)
        #expect(abs(rewards.chosen - 0.5) < 1e-12)
        #expect(abs(rewards.rejected - -0.25) < 1e-12)
    }
}
