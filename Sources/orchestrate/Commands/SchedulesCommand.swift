import ArgumentParser
import ArtifactStore
import Foundation
import Orchestrator

struct SchedulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schedules", abstract: "Work with cron schedules.",
        subcommands: [Next.self, List.self])

    struct Next: ParsableCommand, UsesGlobalOptions {
        static let configuration = CommandConfiguration(
            abstract: "Print the next fire times of a cron expression.",
            discussion: """
                EXPR is 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily. \
                Times print as ISO 8601 with the zone's offset, one per line.

                When clocks spring forward, a time in the skipped hour fires at the jump; when they fall back, \
                a repeated time fires once. An hour field of * instead fires at every real instant that matches: \
                nothing in the skipped hour, both copies of the repeated one.
                """)

        @Option(name: .long, help: ArgumentHelp("The cron expression, such as '*/15 * * * *' or @daily.", valueName: "expr"))
        var cron: String

        @Option(name: .long, help: ArgumentHelp("The IANA time zone the expression is read in.", valueName: "tz"))
        var timezone = "UTC"

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Start after this time: ISO 8601 with Z or an offset, or a plain date-time in --timezone (default: now).",
                valueName: "time"))
        var after: String?

        @Option(name: .long, help: "How many fire times to print (1-1000).")
        var count = 5

        @OptionGroup var global: GlobalOptions

        func validate() throws {
            guard (1...1000).contains(count) else { throw ValidationError("--count must be between 1 and 1000, got \(count)") }
        }

        func run() throws {
            let expression: CronExpression
            do {
                expression = try CronExpression(cron)
            } catch let error as CronError {
                throw CLIFailure(
                    message: "invalid cron expression '\(cron)': \(error.message)",
                    hint: "cron takes five fields (minute hour day-of-month month day-of-week) or a macro such as @daily")
            }
            let zone = try SchedulesCommand.timeZone(timezone)
            let start = try after.map { try SchedulesCommand.instant($0, in: zone) } ?? Date()
            let dates = expression.fireDates(after: start, in: zone, count: count)
            if global.json {
                Terminal.print(
                    JSONText.pretty([
                        "cron": .string(cron), "timezone": .string(timezone),
                        "after": .string(ZonedTimestamp.format(start, in: zone)),
                        "fire_times": .array(dates.map { .string(ZonedTimestamp.format($0, in: zone)) }),
                    ]))
                return
            }
            guard !dates.isEmpty else { return }
            Terminal.print(dates.map { ZonedTimestamp.format($0, in: zone) }.joined(separator: "\n"))
        }
    }

    /// The IANA zone with this name, or an error that suggests the closest known name.
    static func timeZone(_ name: String) throws -> TimeZone {
        if let zone = TimeZone(identifier: name) { return zone }
        let suggestion = Suggestion.hint(for: name, in: TimeZone.knownTimeZoneIdentifiers)
        throw CLIFailure(
            message: "unknown time zone '\(name)'" + (suggestion.map { " (\($0))" } ?? ""),
            hint: "use an IANA name such as Europe/Paris or America/New_York")
    }

    static func instant(_ text: String, in zone: TimeZone) throws -> Date {
        guard let date = ZonedTimestamp.parse(text, in: zone) else {
            throw CLIFailure(
                message: "--after '\(text)' is not an ISO 8601 time",
                hint: "use 2026-03-08T09:30:00Z, 2026-03-08T09:30:00+01:00, or 2026-03-08T09:30 for a time in --timezone")
        }
        return date
    }
}
