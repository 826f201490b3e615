import Foundation
import Orchestrator
import Testing

/// Months of fire times from a fixed start, written out, so each expectation is the calendar a person would check.
@Suite("CronExpression fire times")
struct CronExpressionFireDatesTests {
    @Test("*/15 fires every quarter hour, 96 times a day, through a whole month")
    func everyQuarterHour() throws {
        let utc = try FireTimes.zone("UTC")
        let january = try CronExpression("*/15 * * * *").fireDates(
            from: FireTimes.instant("2025-12-31T23:59:59Z"), through: FireTimes.instant("2026-01-31T23:59:59Z"), in: utc,
            limit: 10_000)
        #expect(january.count == 31 * 96)
        #expect(FireTimes.text([january.first!, january.last!], in: utc) == ["2026-01-01T00:00:00Z", "2026-01-31T23:45:00Z"])
        #expect(zip(january, january.dropFirst()).allSatisfy { $1.timeIntervalSince($0) == 900 })
    }

    @Test("0 9 * * mon-fri fires at nine on the 22 weekdays of January 2026 and never on a weekend")
    func weekdays() throws {
        let january = try FireTimes.between("2026-01-01T00:00:00Z", "2026-01-31T23:59:59Z", "0 9 * * mon-fri")
        #expect(january.count == 22)
        #expect(
            Array(january.prefix(8)) == [
                "2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z", "2026-01-06T09:00:00Z",
                "2026-01-07T09:00:00Z", "2026-01-08T09:00:00Z", "2026-01-09T09:00:00Z", "2026-01-12T09:00:00Z",
            ])
        #expect(january.last == "2026-01-30T09:00:00Z")
        // In a zone with a half-hour offset and no daylight saving time, the wall time is what counts.
        #expect(
            try FireTimes.after("2026-01-02T12:00:00+05:30", "0 9 * * mon-fri", in: "Asia/Kolkata", count: 2)
                == ["2026-01-05T09:00:00+05:30", "2026-01-06T09:00:00+05:30"])
    }

    @Test("0 0 1,15 * * fires twice a month, 24 times in a year")
    func twiceAMonth() throws {
        let year = try FireTimes.between("2025-12-31T00:00:00Z", "2026-12-31T23:59:59Z", "0 0 1,15 * *")
        #expect(year.count == 24)
        #expect(
            Array(year.prefix(6)) == [
                "2026-01-01T00:00:00Z", "2026-01-15T00:00:00Z", "2026-02-01T00:00:00Z", "2026-02-15T00:00:00Z",
                "2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z",
            ])
        #expect(year.last == "2026-12-15T00:00:00Z")
    }

    @Test("30 4 1 * 0 fires on the 1st of every month AND on every Sunday (both day fields restricted)")
    func dayOfMonthOrDayOfWeek() throws {
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "30 4 1 * 0", count: 16) == [
                "2026-01-01T04:30:00Z",  // a Thursday, the 1st
                "2026-01-04T04:30:00Z", "2026-01-11T04:30:00Z", "2026-01-18T04:30:00Z", "2026-01-25T04:30:00Z",
                "2026-02-01T04:30:00Z",  // a Sunday and the 1st: once
                "2026-02-08T04:30:00Z", "2026-02-15T04:30:00Z", "2026-02-22T04:30:00Z",
                "2026-03-01T04:30:00Z",  // a Sunday and the 1st: once
                "2026-03-08T04:30:00Z", "2026-03-15T04:30:00Z", "2026-03-22T04:30:00Z", "2026-03-29T04:30:00Z",
                "2026-04-01T04:30:00Z",  // a Wednesday, the 1st
                "2026-04-05T04:30:00Z",
            ])
    }

    @Test("a day field written with * (even */2) makes the two day fields combine with AND, as in Vixie cron")
    func starDayFieldMeansAnd() throws {
        // Odd-numbered days that are Mondays.
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "0 0 */2 * mon", count: 6) == [
                "2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z", "2026-02-09T00:00:00Z", "2026-02-23T00:00:00Z",
                "2026-03-09T00:00:00Z", "2026-03-23T00:00:00Z",
            ])
        // The same days written as a range: odd-numbered days OR Mondays.
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "0 0 1-31/2 * mon", count: 7) == [
                "2026-01-03T00:00:00Z", "2026-01-05T00:00:00Z", "2026-01-07T00:00:00Z", "2026-01-09T00:00:00Z",
                "2026-01-11T00:00:00Z", "2026-01-12T00:00:00Z", "2026-01-13T00:00:00Z",
            ])
        // With day of week *, only day of month restricts, and the other way round.
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "0 0 13 * *", count: 2) == [
                "2026-01-13T00:00:00Z", "2026-02-13T00:00:00Z",
            ])
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "0 0 * * 2", count: 2) == [
                "2026-01-06T00:00:00Z", "2026-01-13T00:00:00Z",
            ])
    }

    @Test("@weekly fires at midnight every Sunday, across months, in the zone's own midnight")
    func weekly() throws {
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "@weekly", count: 10) == [
                "2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z", "2026-01-18T00:00:00Z", "2026-01-25T00:00:00Z",
                "2026-02-01T00:00:00Z", "2026-02-08T00:00:00Z", "2026-02-15T00:00:00Z", "2026-02-22T00:00:00Z",
                "2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z",
            ])
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "@weekly", in: "Europe/Berlin", count: 2)
                == ["2026-01-04T00:00:00+01:00", "2026-01-11T00:00:00+01:00"])
    }

    @Test("0 0 29 2 * fires only on leap days, skipping 2100, which is not a leap year")
    func leapDays() throws {
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "0 0 29 2 *", count: 3)
                == ["2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z", "2036-02-29T00:00:00Z"])
        #expect(try FireTimes.after("2096-03-01T00:00:00Z", "0 0 29 2 *", count: 1) == ["2104-02-29T00:00:00Z"])
    }

    @Test("0 0 31 * * fires only in the seven months that have a 31st")
    func thirtyFirst() throws {
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "0 0 31 * *", count: 8) == [
                "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z", "2026-07-31T00:00:00Z",
                "2026-08-31T00:00:00Z", "2026-10-31T00:00:00Z", "2026-12-31T00:00:00Z", "2027-01-31T00:00:00Z",
            ])
    }

    @Test("local days start at the zone's midnight, also 14 hours ahead of UTC or 11 behind")
    func farFromUTC() throws {
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "@daily", in: "Pacific/Kiritimati", count: 2)
                == ["2026-01-02T00:00:00+14:00", "2026-01-03T00:00:00+14:00"])
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "@daily", in: "Pacific/Pago_Pago", count: 2)
                == ["2026-01-01T00:00:00-11:00", "2026-01-02T00:00:00-11:00"])
        #expect(
            try FireTimes.after("2026-01-01T00:00:00Z", "0 0 1 * *", in: "Pacific/Kiritimati", count: 1)
                == ["2026-02-01T00:00:00+14:00"])
    }

    @Test("fire times are strictly after the start, even by a fraction of a second")
    func strictlyAfter() throws {
        let hourly = try CronExpression("0 * * * *")
        let utc = try FireTimes.zone("UTC")
        for (start, next) in [
            ("2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"), ("2026-01-01T01:00:00.500Z", "2026-01-01T02:00:00Z"),
            ("2026-01-01T00:59:59.900Z", "2026-01-01T01:00:00Z"), ("1969-12-31T23:30:00Z", "1970-01-01T00:00:00Z"),
        ] {
            let fire = try #require(hourly.nextFireDate(after: FireTimes.instant(start), in: utc))
            #expect(FireTimes.text([fire], in: utc) == [next], "after \(start)")
        }
    }

    @Test("catch-up: every fire time in (start, end], the first `limit` of them")
    func range() throws {
        let all = try FireTimes.between("2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z", "0 * * * *")
        #expect(
            all == [
                "2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z", "2026-01-01T03:00:00Z", "2026-01-01T04:00:00Z",
                "2026-01-01T05:00:00Z",
            ])
        #expect(
            try FireTimes.between("2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z", "0 * * * *", limit: 2)
                == ["2026-01-01T01:00:00Z", "2026-01-01T02:00:00Z"])
        #expect(try FireTimes.between("2026-01-01T05:00:00Z", "2026-01-01T05:00:00Z", "0 * * * *").isEmpty)
        #expect(try FireTimes.between("2026-01-01T05:00:00Z", "2026-01-01T01:00:00Z", "0 * * * *").isEmpty)
        #expect(try FireTimes.between("2026-01-01T00:00:00Z", "2026-01-01T05:00:00Z", "0 * * * *", limit: 0).isEmpty)
        // A range that no fire time falls in.
        #expect(try FireTimes.between("2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "0 0 29 2 *").isEmpty)
    }

    @Test("asking for no fire times gives none; nextFireDate is the first of fireDates")
    func counts() throws {
        let expression = try CronExpression("*/5 * * * *")
        let start = try FireTimes.instant("2026-01-01T00:00:00Z")
        let utc = try FireTimes.zone("UTC")
        #expect(expression.fireDates(after: start, in: utc, count: 0).isEmpty)
        #expect(expression.fireDates(after: start, in: utc, count: -1).isEmpty)
        #expect(expression.nextFireDate(after: start, in: utc) == expression.fireDates(after: start, in: utc, count: 3).first)
    }

    @Test("10,000 fire times of */5 take well under a second")
    func speed() throws {
        let expression = try CronExpression("*/5 * * * *")
        let start = try FireTimes.instant("2026-01-01T00:00:00Z")
        let zone = try FireTimes.zone("Europe/Berlin")
        let clock = ContinuousClock()
        var dates: [Date] = []
        let elapsed = clock.measure { dates = expression.fireDates(after: start, in: zone, count: 10_000) }
        #expect(dates.count == 10_000)
        // Berlin's clocks do not change in January or February, so this is 10,000 times 5 minutes of real time.
        #expect(FireTimes.text([dates[9_999]], in: TimeZone(identifier: "UTC")!) == ["2026-02-04T17:20:00Z"])
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }
}
