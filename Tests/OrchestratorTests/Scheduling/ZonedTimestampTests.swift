import Foundation
import Orchestrator
import Testing

/// Start times as people type them, and fire times as they will read them.
@Suite("ZonedTimestamp")
struct ZonedTimestampTests {
    @Test("formats with the zone's offset at that instant, Z where the offset is zero")
    func format() throws {
        let instant = try FireTimes.instant("2026-03-08T07:00:00Z")
        #expect(ZonedTimestamp.format(instant, in: try FireTimes.zone("America/New_York")) == "2026-03-08T03:00:00-04:00")
        #expect(ZonedTimestamp.format(instant, in: try FireTimes.zone("UTC")) == "2026-03-08T07:00:00Z")
        #expect(ZonedTimestamp.format(instant, in: try FireTimes.zone("Asia/Kolkata")) == "2026-03-08T12:30:00+05:30")
    }

    @Test(
        "a time with Z or an offset is that instant, whatever the zone",
        arguments: [
            ("2026-03-08T07:00:00Z", "2026-03-08T07:00:00Z"), ("2026-03-08T02:00:00-05:00", "2026-03-08T07:00:00Z"),
            ("2026-03-08T12:30:00+0530", "2026-03-08T07:00:00Z"), ("2026-03-08T09:00:00+02", "2026-03-08T07:00:00Z"),
            ("2026-03-08 07:00:00z", "2026-03-08T07:00:00Z"), ("2026-03-08T07:00Z", "2026-03-08T07:00:00Z"),
            ("2026-03-08T07:00:00.250Z", "2026-03-08T07:00:00.250Z"),
        ])
    func withOffset(text: String, instant: String) throws {
        for zone in ["UTC", "Asia/Tokyo"] {
            #expect(ZonedTimestamp.parse(text, in: try FireTimes.zone(zone)) == (try FireTimes.instant(instant)))
        }
    }

    @Test(
        "a time without an offset is a wall-clock time in the zone",
        arguments: [
            ("2026-01-15T09:30:00", "2026-01-15T09:30:00-05:00"), ("2026-07-15T09:30", "2026-07-15T09:30:00-04:00"),
            ("2026-07-15", "2026-07-15T00:00:00-04:00"),
            // Skipped by the spring-forward change: the moment the clocks jump.
            ("2026-03-08T02:30", "2026-03-08T03:00:00-04:00"),
            // Repeated when the clocks fall back: the first occurrence.
            ("2026-11-01T01:30", "2026-11-01T01:30:00-04:00"),
        ])
    func wallClock(text: String, instant: String) throws {
        #expect(ZonedTimestamp.parse(text, in: try FireTimes.zone("America/New_York")) == (try FireTimes.instant(instant)))
    }

    @Test(
        "text that is not a timestamp, or names a date or time that does not exist, is nil",
        arguments: [
            "", "now", "yesterday", "2026", "2026-1-5", "2026-13-01", "2026-02-29", "2026-02-30T00:00", "2026-01-01T24:00",
            "2026-01-01T10", "2026-01-01T10:60", "2026-01-01T10:00:61", "2026-01-01T10:00+5", "2026-01-01T10:00 UTC",
            "2026-01-01T10:00:00.Z", "2026-01-01T",
        ])
    func rejects(text: String) throws {
        #expect(ZonedTimestamp.parse(text, in: try FireTimes.zone("UTC")) == nil)
    }
}
