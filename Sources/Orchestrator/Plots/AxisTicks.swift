import Foundation

/// "Nice" axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, covering the data, about `target` of
/// them, with labels that show just the digits the step needs.
public struct AxisTicks: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var step: Double
    public var values: [Double]

    public init(covering low: Double, _ high: Double, target: Int = 6, integers: Bool = false) {
        var (low, high) = (min(low, high), max(low, high))
        if high - low < max(abs(high), 1) * 1e-9 {
            // One value: a range around it, so the line sits mid-axis.
            let pad = low == 0 ? 1 : abs(low) * 0.1
            (low, high) = (low - pad, high + pad)
        }
        var step = Self.niceStep((high - low) / Double(max(target - 1, 1)))
        if integers { step = max(1, step.rounded(.up)) }
        let first = (low / step).rounded(.down) * step
        let last = (high / step).rounded(.up) * step
        let count = Int(((last - first) / step).rounded())
        lower = first
        upper = last
        self.step = step
        values = (0...count).map { first + Double($0) * step }
    }

    /// The smallest of 1, 2, 2.5, 5, 10 times a power of ten that is at least `raw`.
    static func niceStep(_ raw: Double) -> Double {
        guard raw > 0, raw.isFinite else { return 1 }
        let power = pow(10, (log10(raw)).rounded(.down))
        for factor in [1, 2, 2.5, 5, 10] where factor * power >= raw * (1 - 1e-12) { return factor * power }
        return 10 * power
    }

    /// A tick's label: as many decimals as the step has, no more.
    public func label(_ value: Double) -> String {
        var decimals = 0
        while decimals < 10, abs((step * pow(10, Double(decimals))).rounded() - step * pow(10, Double(decimals))) > 1e-9 {
            decimals += 1
        }
        let text = String(format: "%.\(decimals)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
