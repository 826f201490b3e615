import Foundation
import Orchestrator
import Testing

/// Fire times written as ISO 8601 text in the schedule's own zone (`2026-03-08T03:00:00-04:00`, `Z` for UTC),
/// so that each expectation reads as the instant and the wall-clock time people expect.
enum FireTimes {
    static func zone(_ identifier: String) throws -> TimeZone {
        try #require(TimeZone(identifier: identifier), "no time zone \(identifier)")
    }

    /// An instant written with `Z` or an offset, fractional seconds allowed.
    static func instant(_ text: String) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return try #require(formatter.date(from: text), "not an ISO 8601 instant: \(text)")
    }

    static func text(_ dates: [Date], in zone: TimeZone) -> [String] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        return dates.map(formatter.string(from:))
    }

    /// The first `count` fire times strictly after `start`.
    static func after(_ start: String, _ expression: String, in zone: String = "UTC", count: Int) throws -> [String] {
        let timeZone = try self.zone(zone)
        return text(try CronExpression(expression).fireDates(after: try instant(start), in: timeZone, count: count), in: timeZone)
    }

    /// Every fire time in `(start, end]`, at most `limit`.
    static func between(
        _ start: String, _ end: String, _ expression: String, in zone: String = "UTC", limit: Int = 100_000
    ) throws -> [String] {
        let timeZone = try self.zone(zone)
        let dates = try CronExpression(expression).fireDates(
            from: try instant(start), through: try instant(end), in: timeZone, limit: limit)
        return text(dates, in: timeZone)
    }
}
