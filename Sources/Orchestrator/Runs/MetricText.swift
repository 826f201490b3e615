import Foundation

/// Numbers as listings print them: whole numbers as they are, others with six significant digits, so a
/// loss of 1.234567 and one of 1.234571 still read as different.
public enum MetricText {
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return String(format: "%.6g", value)
    }
}
