import Foundation

/// The learning rate of each update, as transformers' `get_linear_schedule_with_warmup` and
/// `get_cosine_schedule_with_warmup` give it: a linear warm-up from 0 over `warmupSteps`, then a linear or
/// half-cosine decay to 0 at `totalSteps`. Update `k` (from 0) uses the rate at `k`, so the first update of
/// a warmed-up schedule has rate 0, as there.
public struct LearningRateSchedule: Sendable, Equatable, Codable {
    public enum Shape: String, Sendable, Codable, CaseIterable {
        case linear, cosine, constant
    }

    public var peak: Double
    public var shape: Shape
    public var warmupSteps: Int
    public var totalSteps: Int

    public init(peak: Double, shape: Shape, warmupSteps: Int, totalSteps: Int) {
        self.peak = peak
        self.shape = shape
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
    }

    public func rate(at step: Int) -> Double {
        if step < warmupSteps { return peak * Double(step) / Double(max(1, warmupSteps)) }
        let progress = Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps))
        switch shape {
        case .constant: return peak
        case .linear: return peak * max(0, 1 - progress)
        case .cosine: return peak * max(0, 0.5 * (1 + cos(Double.pi * progress)))
        }
    }
}
