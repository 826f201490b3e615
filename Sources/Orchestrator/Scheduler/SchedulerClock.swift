import Foundation

/// The scheduler's notion of "now". Fire times are computed against it, so tests can drive
/// months of schedules without waiting; leases and step timeouts always use real time.
public protocol SchedulerClock: Sendable {
    func now() -> Date
}

/// The system clock.
public struct SystemClock: SchedulerClock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that starts at a chosen instant and runs `speed` times faster than real time, set with
/// `ORCHESTRATE_CLOCK=2026-01-01T00:00:30Z@60` (for testing schedules end to end in seconds).
public struct ScaledClock: SchedulerClock {
    public let start: Date
    public let speed: Double
    private let origin = Date()

    public init(start: Date, speed: Double) {
        self.start = start
        self.speed = speed
    }

    /// Parses `ISO8601[@SPEED]`; nil when the text is not of that form.
    public init?(parsing text: String) {
        let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
        let formatter = ISO8601DateFormatter()
        guard let start = formatter.date(from: parts[0]) else { return nil }
        let speed = parts.count > 1 ? Double(parts[1]) : 1
        guard let speed, speed > 0, speed.isFinite else { return nil }
        self.init(start: start, speed: speed)
    }

    public func now() -> Date {
        start.addingTimeInterval(Date().timeIntervalSince(origin) * speed)
    }
}
