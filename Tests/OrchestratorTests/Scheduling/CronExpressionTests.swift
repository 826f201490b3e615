import Foundation
import Orchestrator
import Testing

/// Every form of the cron syntax, read the way Vixie cron reads it, and every kind of mistake reported with
/// the field at fault and the text that is wrong.
@Suite("CronExpression parsing")
struct CronExpressionTests {
    /// A Thursday, at midnight UTC.
    private let newYear = "2026-01-01T00:00:00Z"

    private func fires(_ expression: String, count: Int) throws -> [String] {
        try FireTimes.after(newYear, expression, count: count)
    }

    @Test("* matches every value")
    func star() throws {
        #expect(try fires("* * * * *", count: 3) == ["2026-01-01T00:01:00Z", "2026-01-01T00:02:00Z", "2026-01-01T00:03:00Z"])
    }

    @Test("a list fires at each of its values")
    func list() throws {
        #expect(
            try fires("1,5,10 * * * *", count: 4)
                == ["2026-01-01T00:01:00Z", "2026-01-01T00:05:00Z", "2026-01-01T00:10:00Z", "2026-01-01T01:01:00Z"])
    }

    @Test("a range includes both ends")
    func range() throws {
        #expect(
            try fires("10-12 * * * *", count: 4)
                == ["2026-01-01T00:10:00Z", "2026-01-01T00:11:00Z", "2026-01-01T00:12:00Z", "2026-01-01T01:10:00Z"])
    }

    @Test("*/n steps through the whole field from its first value")
    func starStep() throws {
        #expect(
            try fires("*/15 * * * *", count: 4)
                == ["2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z", "2026-01-01T01:00:00Z"])
        #expect(
            try fires("0 */6 * * *", count: 4)
                == ["2026-01-01T06:00:00Z", "2026-01-01T12:00:00Z", "2026-01-01T18:00:00Z", "2026-01-02T00:00:00Z"])
    }

    @Test("a-b/n steps through the range")
    func rangeStep() throws {
        #expect(
            try fires("1-10/4 * * * *", count: 4)
                == ["2026-01-01T00:01:00Z", "2026-01-01T00:05:00Z", "2026-01-01T00:09:00Z", "2026-01-01T01:01:00Z"])
    }

    @Test("a/n runs from a to the end of the field")
    func openStep() throws {
        #expect(
            try fires("50/5 * * * *", count: 3) == ["2026-01-01T00:50:00Z", "2026-01-01T00:55:00Z", "2026-01-01T01:50:00Z"])
        #expect(try fires("0 20/2 * * *", count: 3) == ["2026-01-01T20:00:00Z", "2026-01-01T22:00:00Z", "2026-01-02T20:00:00Z"])
    }

    @Test("lists may mix values, ranges and steps")
    func mixedList() throws {
        #expect(
            try fires("0,30 8-10/2,23 * * *", count: 6)
                == [
                    "2026-01-01T08:00:00Z", "2026-01-01T08:30:00Z", "2026-01-01T10:00:00Z", "2026-01-01T10:30:00Z",
                    "2026-01-01T23:00:00Z", "2026-01-01T23:30:00Z",
                ])
    }

    @Test("month names, in any case, also in ranges")
    func monthNames() throws {
        #expect(try fires("0 0 1 jan,JUL *", count: 2) == ["2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"])
        #expect(
            try fires("0 0 1 Mar-may *", count: 4)
                == ["2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", "2027-03-01T00:00:00Z"])
        #expect(try fires("0 0 1 mar-may *", count: 4) == fires("0 0 1 3-5 *", count: 4))
    }

    @Test("weekday names, in any case, also in ranges; 0, 7 and sun are all Sunday")
    func weekdayNames() throws {
        let sundays = ["2026-01-04T00:00:00Z", "2026-01-11T00:00:00Z"]
        for sunday in ["0", "7", "sun", "SUN", "Sun"] {
            #expect(try fires("0 0 * * \(sunday)", count: 2) == sundays, "\(sunday)")
        }
        // Friday, Saturday and Sunday, written three ways.
        let weekend = ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z", "2026-01-09T00:00:00Z"]
        #expect(try fires("0 0 * * 5-7", count: 4) == weekend)
        #expect(try fires("0 0 * * fri-sun", count: 4) == weekend)
        #expect(try fires("0 0 * * FRI,sat,0", count: 4) == weekend)
    }

    @Test("a weekday range that ends on sun runs to the end of the week")
    func rangeToSunday() throws {
        #expect(try fires("0 0 * * mon-sun", count: 7) == fires("0 0 * * *", count: 7))
    }

    @Test(
        "each macro is its five-field expansion",
        arguments: [
            ("@yearly", "0 0 1 1 *"), ("@annually", "0 0 1 1 *"), ("@monthly", "0 0 1 * *"), ("@weekly", "0 0 * * 0"),
            ("@daily", "0 0 * * *"), ("@midnight", "0 0 * * *"), ("@hourly", "0 * * * *"),
        ])
    func macros(macro: String, expansion: String) throws {
        #expect(try fires(macro, count: 5) == fires(expansion, count: 5))
        #expect(try fires(macro.uppercased(), count: 5) == fires(expansion, count: 5))
    }

    @Test("the text keeps the expression as written, with one space between fields")
    func text() throws {
        #expect(try CronExpression("  0\t9  * *   mon-fri \n").text == "0 9 * * mon-fri")
        #expect(try CronExpression("@Daily").text == "@daily")
        #expect(try CronExpression("*/5 * * * *").description == "*/5 * * * *")
        #expect(try CronExpression("0  9 * * *") == CronExpression("0 9 * * *"))
        #expect(try CronExpression("0 9 * * *") != CronExpression("0 10 * * *"))
    }

    @Test(
        "mistakes name the field and the text at fault",
        arguments: [
            ("* * * * * *", "expression", "expected 5 fields (minute hour day-of-month month day-of-week), got 6"),
            ("* * * *", "expression", "expected 5 fields (minute hour day-of-month month day-of-week), got 4"),
            (
                "  ", "expression",
                "the expression is empty: expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily"
            ),
            ("61 * * * *", "minute", "minute '61' is out of range 0-59"),
            ("* 24 * * *", "hour", "hour '24' is out of range 0-23"),
            ("* * 0 * *", "day of month", "day of month '0' is out of range 1-31"),
            ("* * 1-32 * *", "day of month", "day of month '32' is out of range 1-31"),
            ("* * * 13 *", "month", "month '13' is out of range 1-12"),
            ("* * * * 8", "day of week", "day of week '8' is out of range 0-7"),
            ("99999999999999999999 * * * *", "minute", "minute '99999999999999999999' is out of range 0-59"),
            ("*/0 * * * *", "minute", "minute step '0' in '*/0' must be at least 1"),
            ("* 1-5/0 * * *", "hour", "hour step '0' in '1-5/0' must be at least 1"),
            ("*/x * * * *", "minute", "minute step 'x' in '*/x' is not a whole number"),
            ("*/ * * * *", "minute", "minute step '' in '*/' is not a whole number"),
            ("1/2/3 * * * *", "minute", "minute '1/2/3' has more than one '/'"),
            ("/5 * * * *", "minute", "minute '/5' has a step but no value or range before the '/'"),
            ("* 5-1 * * *", "hour", "hour range '5-1' is reversed: write the smaller value first"),
            ("* * * * fri-mon", "day of week", "day of week range 'fri-mon' is reversed: write the smaller value first"),
            ("-1 * * * *", "minute", "minute '-1' is not a value or a range such as 1-5"),
            ("1-2-3 * * * *", "minute", "minute '1-2-3' is not a value or a range such as 1-5"),
            ("1,,2 * * * *", "minute", "minute '1,,2' has an empty item in its list"),
            ("a * * * *", "minute", "minute 'a' is not a number (0-59)"),
            ("* * * jam *", "month", "month 'jam' is not a month number (1-12) or name (JAN-DEC); did you mean 'jan'?"),
            ("* * * january *", "month", "month 'january' is not a month number (1-12) or name (JAN-DEC); did you mean 'jan'?"),
            (
                "* * * * monday", "day of week",
                "day of week 'monday' is not a weekday number (0-7) or name (SUN-SAT); did you mean 'mon'?"
            ),
            ("* * * * xyz", "day of week", "day of week 'xyz' is not a weekday number (0-7) or name (SUN-SAT)"),
            ("* jan * * *", "hour", "hour 'jan' is not a number (0-23)"),
            ("@reboot", "expression", "'@reboot' runs once when cron starts, which is not a schedule; use a time such as @daily"),
            (
                "@dayly", "expression",
                "unknown macro '@dayly' (did you mean '@daily'?); use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly or 5 fields"
            ),
            ("0 0 30 2 *", "day of month", "day of month '30' never occurs in month '2', so the expression would never fire"),
            (
                "0 0 31 apr,jun,sep,nov *", "day of month",
                "day of month '31' never occurs in month 'apr,jun,sep,nov', so the expression would never fire"
            ),
        ])
    func errors(text: String, field: String, message: String) {
        do {
            _ = try CronExpression(text)
            Issue.record("'\(text)' parsed")
        } catch let error as CronError {
            #expect(error.field == field)
            #expect(error.message == message)
            #expect(error.description == message)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("a day of month that only some chosen months have is accepted")
    func possibleDays() throws {
        _ = try CronExpression("0 0 31 apr,may *")
        _ = try CronExpression("0 0 29 feb *")
        // With both day fields restricted, the weekday alone can fire.
        _ = try CronExpression("0 0 30 2 mon")
    }
}
