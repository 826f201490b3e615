import Foundation
import Orchestrator
import Testing

/// Schedules across daylight saving changes, north and south of the equator. A restricted hour fires each wall
/// time once: a skipped time at the jump, a repeated time at its first occurrence. An hour field that matches
/// every hour fires at every real instant whose wall time matches: both copies of a repeated hour, nothing in a gap.
///
/// The 2026 changes: New York springs forward 02:00 EST → 03:00 EDT on March 8 and falls back 02:00 EDT →
/// 01:00 EST on November 1; Berlin 02:00 CET → 03:00 CEST on March 29, 03:00 CEST → 02:00 CET on October 25;
/// Sydney falls back 03:00 AEDT → 02:00 AEST on April 5 and springs forward 02:00 AEST → 03:00 AEDT on October 4.
@Suite("CronExpression and daylight saving time")
struct CronExpressionDaylightSavingTests {
    // MARK: New York

    @Test("New York, spring forward: 02:30 does not exist on March 8, so it fires once at 03:00 EDT")
    func newYorkSkippedTime() throws {
        #expect(
            try FireTimes.after("2026-03-06T12:00:00-05:00", "30 2 * * *", in: "America/New_York", count: 3)
                == ["2026-03-07T02:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-09T02:30:00-04:00"])
    }

    @Test("New York, spring forward: several skipped times, and a skipped time beside 03:00, fire once at 03:00")
    func newYorkSeveralSkippedTimes() throws {
        #expect(
            try FireTimes.after("2026-03-08T00:00:00-05:00", "*/15 2 * * *", in: "America/New_York", count: 2)
                == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00"])
        #expect(
            try FireTimes.after("2026-03-08T00:00:00-05:00", "0 2,3 * * *", in: "America/New_York", count: 3)
                == ["2026-03-08T03:00:00-04:00", "2026-03-09T02:00:00-04:00", "2026-03-09T03:00:00-04:00"])
        #expect(
            try FireTimes.after("2026-03-08T00:00:00-05:00", "30 2,3 * * *", in: "America/New_York", count: 2)
                == ["2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"])
    }

    @Test("New York, spring forward: every-hour schedules fire at the real instants, with nothing in the gap")
    func newYorkEveryHourGap() throws {
        #expect(
            try FireTimes.after("2026-03-08T01:00:00-05:00", "*/30 * * * *", in: "America/New_York", count: 3)
                == ["2026-03-08T01:30:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T03:30:00-04:00"])
        // One real hour apart, as an hourly job should be.
        #expect(
            try FireTimes.after("2026-03-08T00:00:00-05:00", "0 * * * *", in: "America/New_York", count: 3)
                == ["2026-03-08T01:00:00-05:00", "2026-03-08T03:00:00-04:00", "2026-03-08T04:00:00-04:00"])
    }

    @Test("New York, fall back: 01:30 happens twice on November 1 and fires at the first, in EDT")
    func newYorkRepeatedTime() throws {
        #expect(
            try FireTimes.after("2026-10-31T12:00:00-04:00", "30 1 * * *", in: "America/New_York", count: 2)
                == ["2026-11-01T01:30:00-04:00", "2026-11-02T01:30:00-05:00"])
        // From inside the second 01:xx hour, today's 01:30 has already fired.
        #expect(
            try FireTimes.after("2026-11-01T01:15:00-05:00", "30 1 * * *", in: "America/New_York", count: 1)
                == ["2026-11-02T01:30:00-05:00"])
        #expect(
            try FireTimes.after("2026-11-01T00:00:00-04:00", "*/20 1 * * *", in: "America/New_York", count: 4)
                == [
                    "2026-11-01T01:00:00-04:00", "2026-11-01T01:20:00-04:00", "2026-11-01T01:40:00-04:00",
                    "2026-11-02T01:00:00-05:00",
                ])
    }

    @Test("New York, fall back: every-hour schedules fire in both copies of the repeated hour")
    func newYorkEveryHourRepeat() throws {
        #expect(
            try FireTimes.after("2026-11-01T00:45:00-04:00", "*/30 * * * *", in: "America/New_York", count: 5)
                == [
                    "2026-11-01T01:00:00-04:00", "2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00",
                    "2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00",
                ])
        #expect(
            try FireTimes.between("2026-11-01T00:00:00-04:00", "2026-11-01T03:00:00-05:00", "0 * * * *", in: "America/New_York")
                == [
                    "2026-11-01T01:00:00-04:00", "2026-11-01T01:00:00-05:00", "2026-11-01T02:00:00-05:00",
                    "2026-11-01T03:00:00-05:00",
                ])
    }

    // MARK: Berlin

    @Test("Berlin, spring forward: 02:30 on March 29 fires at 03:00 CEST; every-hour skips the gap")
    func berlinSpringForward() throws {
        #expect(
            try FireTimes.after("2026-03-27T12:00:00+01:00", "30 2 * * *", in: "Europe/Berlin", count: 3)
                == ["2026-03-28T02:30:00+01:00", "2026-03-29T03:00:00+02:00", "2026-03-30T02:30:00+02:00"])
        #expect(
            try FireTimes.after("2026-03-29T01:00:00+01:00", "30 * * * *", in: "Europe/Berlin", count: 3)
                == ["2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00", "2026-03-29T04:30:00+02:00"])
    }

    @Test("Berlin, fall back: 02:30 on October 25 fires once, in CEST; every-hour fires in both copies")
    func berlinFallBack() throws {
        #expect(
            try FireTimes.after("2026-10-24T12:00:00+02:00", "30 2 * * *", in: "Europe/Berlin", count: 2)
                == ["2026-10-25T02:30:00+02:00", "2026-10-26T02:30:00+01:00"])
        #expect(
            try FireTimes.after("2026-10-25T01:45:00+02:00", "0,30 * * * *", in: "Europe/Berlin", count: 5)
                == [
                    "2026-10-25T02:00:00+02:00", "2026-10-25T02:30:00+02:00", "2026-10-25T02:00:00+01:00",
                    "2026-10-25T02:30:00+01:00", "2026-10-25T03:00:00+01:00",
                ])
    }

    // MARK: Sydney (southern hemisphere: clocks fall back in April and spring forward in October)

    @Test("Sydney, fall back in April: 02:30 fires once, in AEDT; every-hour fires in both copies")
    func sydneyFallBack() throws {
        #expect(
            try FireTimes.after("2026-04-04T12:00:00+11:00", "30 2 * * *", in: "Australia/Sydney", count: 2)
                == ["2026-04-05T02:30:00+11:00", "2026-04-06T02:30:00+10:00"])
        #expect(
            try FireTimes.after("2026-04-05T01:45:00+11:00", "*/30 * * * *", in: "Australia/Sydney", count: 5)
                == [
                    "2026-04-05T02:00:00+11:00", "2026-04-05T02:30:00+11:00", "2026-04-05T02:00:00+10:00",
                    "2026-04-05T02:30:00+10:00", "2026-04-05T03:00:00+10:00",
                ])
    }

    @Test("Sydney, spring forward in October: 02:30 fires at 03:00 AEDT; every-hour skips the gap")
    func sydneySpringForward() throws {
        #expect(
            try FireTimes.after("2026-10-02T12:00:00+10:00", "30 2 * * *", in: "Australia/Sydney", count: 3)
                == ["2026-10-03T02:30:00+10:00", "2026-10-04T03:00:00+11:00", "2026-10-05T02:30:00+11:00"])
        #expect(
            try FireTimes.after("2026-10-04T00:30:00+10:00", "0 * * * *", in: "Australia/Sydney", count: 3)
                == ["2026-10-04T01:00:00+10:00", "2026-10-04T03:00:00+11:00", "2026-10-04T04:00:00+11:00"])
    }

    // MARK: Whole years

    @Test(
        "a daily job at a time that is skipped or repeated once a year runs exactly once on every day of 2026",
        arguments: [
            ("America/New_York", "30 2 * * *"), ("America/New_York", "30 1 * * *"), ("Europe/Berlin", "30 2 * * *"),
            ("Australia/Sydney", "30 2 * * *"),
        ])
    func oncePerDay(zone: String, expression: String) throws {
        let timeZone = try FireTimes.zone(zone)
        let start = try #require(ZonedTimestamp.parse("2026-01-01T00:00", in: timeZone))
        let end = try #require(ZonedTimestamp.parse("2027-01-01T00:00", in: timeZone))
        let fires = try CronExpression(expression).fireDates(from: start, through: end, in: timeZone, limit: 1000)
        #expect(fires.count == 365)
        let days = Set(FireTimes.text(fires, in: timeZone).map { $0.prefix(10) })
        #expect(days.count == 365)
    }

    @Test("an every-hour schedule fires once per real hour all year, 8,760 times, whatever the clocks do")
    func hourlyAllYear() throws {
        for zone in ["America/New_York", "Europe/Berlin", "Australia/Sydney"] {
            let timeZone = try FireTimes.zone(zone)
            let fires = try CronExpression("0 * * * *").fireDates(
                from: FireTimes.instant("2026-01-01T00:00:00Z"), through: FireTimes.instant("2027-01-01T00:00:00Z"),
                in: timeZone, limit: 10_000)
            #expect(fires.count == 8_760, "\(zone)")
            #expect(zip(fires, fires.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 3600 }, "\(zone)")
        }
    }
}
