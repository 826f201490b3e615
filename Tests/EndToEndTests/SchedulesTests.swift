import Foundation
import Testing

/// `orchestrate schedules next`: the fire times of a cron expression, one ISO 8601 time per line with the
/// zone's offset, and a readable error with exit code 2 for each kind of bad input.
@Suite("schedules")
struct SchedulesTests {
    private func next(_ arguments: String...) throws -> CLI.Result {
        try CLI.run(["schedules", "next"] + arguments, in: CLI.packageRoot)
    }

    @Test("prints the next five fire times in the zone, including the jump over a skipped time")
    func nextFive() throws {
        let result = try next("--cron", "30 2 * * *", "--timezone", "America/New_York", "--after", "2026-03-06T12:00:00-05:00")
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(
            result.stdout == """
                2026-03-07T02:30:00-05:00
                2026-03-08T03:00:00-04:00
                2026-03-09T02:30:00-04:00
                2026-03-10T02:30:00-04:00
                2026-03-11T02:30:00-04:00

                """)
    }

    @Test("UTC by default, printed with Z; --count chooses how many")
    func utcByDefault() throws {
        let result = try next("--cron", "*/15 * * * *", "--after", "2026-01-01T00:00:00Z", "--count", "3")
        #expect(result.status == 0)
        #expect(result.stdout == "2026-01-01T00:15:00Z\n2026-01-01T00:30:00Z\n2026-01-01T00:45:00Z\n")
    }

    @Test("--after without an offset is a wall-clock time in --timezone; the repeated hour fires twice for */30")
    func plainAfterInZone() throws {
        let result = try next(
            "--cron", "*/30 * * * *", "--timezone", "America/New_York", "--after", "2026-11-01T00:45", "--count", "5")
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                2026-11-01T01:00:00-04:00
                2026-11-01T01:30:00-04:00
                2026-11-01T01:00:00-05:00
                2026-11-01T01:30:00-05:00
                2026-11-01T02:00:00-05:00

                """)
    }

    @Test("macros and names work on the command line")
    func macrosAndNames() throws {
        let weekly = try next(
            "--cron", "@weekly", "--timezone", "Europe/Berlin", "--after", "2026-01-01T00:00:00Z", "--count", "2")
        #expect(weekly.stdout == "2026-01-04T00:00:00+01:00\n2026-01-11T00:00:00+01:00\n")
        let weekdays = try next("--cron", "0 9 * * MON-FRI", "--after", "2026-01-02T10:00:00Z", "--count", "2")
        #expect(weekdays.stdout == "2026-01-05T09:00:00Z\n2026-01-06T09:00:00Z\n")
    }

    @Test("without --after, the times start from now")
    func fromNow() throws {
        let before = Date()
        let result = try next("--cron", "* * * * *", "--count", "2")
        #expect(result.status == 0)
        let formatter = ISO8601DateFormatter()
        let times = result.stdout.split(separator: "\n").compactMap { formatter.date(from: String($0)) }
        #expect(times.count == 2)
        #expect(times.allSatisfy { $0 > before.addingTimeInterval(-1) && $0 < before.addingTimeInterval(180) })
    }

    static let cronHint = "hint: cron takes five fields (minute hour day-of-month month day-of-week) or a macro such as @daily"
    static let zoneHint = "hint: use an IANA name such as Europe/Paris or America/New_York"

    @Test(
        "each kind of bad input is one error line, a hint, and exit code 2",
        arguments: [
            (
                ["--cron", "61 * * * *"], "error: invalid cron expression '61 * * * *': minute '61' is out of range 0-59",
                cronHint
            ),
            (
                ["--cron", "0 0 * * * *"],
                "error: invalid cron expression '0 0 * * * *': expected 5 fields (minute hour day-of-month month day-of-week), got 6",
                cronHint
            ),
            (
                ["--cron", "0 9 * * mon-fry"],
                "error: invalid cron expression '0 9 * * mon-fry': day of week 'fry' is not a weekday number (0-7) or name (SUN-SAT); did you mean 'fri'?",
                cronHint
            ),
            (
                ["--cron", "*/0 * * * *"],
                "error: invalid cron expression '*/0 * * * *': minute step '0' in '*/0' must be at least 1", cronHint
            ),
            (
                ["--cron", "@reboot"],
                "error: invalid cron expression '@reboot': '@reboot' runs once when cron starts, which is not a schedule; use a time such as @daily",
                cronHint
            ),
            (["--cron", "@daily", "--timezone", "Mars/Olympus"], "error: unknown time zone 'Mars/Olympus'", zoneHint),
            (
                ["--cron", "@daily", "--timezone", "Europe/Pariss"],
                "error: unknown time zone 'Europe/Pariss' (did you mean 'Europe/Paris'?)", zoneHint
            ),
            (
                ["--cron", "@daily", "--after", "tomorrow"],
                "error: --after 'tomorrow' is not an ISO 8601 time",
                "hint: use 2026-03-08T09:30:00Z, 2026-03-08T09:30:00+01:00, or 2026-03-08T09:30 for a time in --timezone"
            ),
        ])
    func errors(arguments: [String], message: String, hint: String) throws {
        let result = try CLI.run(["schedules", "next"] + arguments, in: CLI.packageRoot)
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr == message + "\n" + hint + "\n")
    }

    @Test("--count must be between 1 and 1000", arguments: ["0", "1001", "-3"])
    func countOutOfRange(count: String) throws {
        let result = try next("--cron", "@daily", "--count=\(count)")
        #expect(result.status == 2)
        #expect(result.stdout == "")
        #expect(result.stderr.hasPrefix("error: --count must be between 1 and 1000, got \(count)\n"))
    }
}
