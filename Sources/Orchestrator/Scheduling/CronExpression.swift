import Foundation

/// A cron schedule: five fields (minute, hour, day of month, month, day of week) or a macro, with the
/// semantics of Vixie cron and cronie, which is what people who write crontabs expect.
///
/// - Fields take `*`, numbers, lists `1,5,10`, ranges `1-5`, steps `*/15`, `1-5/2` and `10/5` (10 to the end
///   of the field by 5), month names `JAN`–`DEC` and weekday names `SUN`–`SAT` in any case, also in ranges
///   (`mon-fri`). Sunday is 0 or 7; a range that ends on the name `sun` ends at 7, so `mon-sun` is the whole week.
/// - Macros: `@yearly`/`@annually` (`0 0 1 1 *`), `@monthly` (`0 0 1 * *`), `@weekly` (`0 0 * * 0`),
///   `@daily`/`@midnight` (`0 0 * * *`), `@hourly` (`0 * * * *`). `@reboot` is refused: it is not a time.
/// - The day rule: when day of month and day of week are both restricted, a day matching EITHER fires
///   (`30 4 1 * 0` is the 1st of every month and every Sunday). When either field starts with `*`, the two
///   must both match, which makes a plain `*` mean "only the other field restricts". As in Vixie cron,
///   `*/2` also starts with `*`, so `0 0 */2 * mon` fires on odd-numbered days that are Mondays.
/// - An expression that can never fire (`0 0 30 2 *`) is refused when parsed, so `nextFireDate` is nil only
///   when nothing fires within a century of the start date.
///
/// Fire times are wall-clock times in the time zone given to each query. Daylight saving time changes are
/// resolved so that every schedule behaves predictably:
/// - When the hour field matches every hour (`*/15 * * * *`, `0 * * * *`), the schedule fires at every real
///   instant whose local wall time matches. In the hour that repeats when clocks fall back it therefore fires
///   in both copies (the repeated hour is real time passing), and in the hour skipped when clocks spring
///   forward it fires nothing, because no wall time there exists.
/// - When the hour field is restricted (`30 2 * * *`), each matching wall time fires once: a time that does
///   not exist that day fires at the first moment after the gap (02:30 on the spring-forward night in
///   New York fires at 03:00 EDT; several skipped times fire once together), and a time that occurs twice
///   fires at its first occurrence only. A daily job thus runs exactly once every day.
public struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression as written, with one space between fields and macros in lowercase (`@daily`), so that two
    /// expressions written alike compare equal.
    public let text: String
    let minutes: CronField
    let hours: CronField
    let daysOfMonth: CronField
    let months: CronField
    let daysOfWeek: CronField

    /// Parses a standard 5-field cron expression or a macro; throws `CronError`.
    public init(_ text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw CronError(
                field: "expression",
                message:
                    "the expression is empty: expected 5 fields (minute hour day-of-month month day-of-week) or a macro such as @daily"
            )
        }
        let isMacro = trimmed.hasPrefix("@")
        let fields = isMacro ? try Self.expand(macro: trimmed) : trimmed.split(whereSeparator: \.isWhitespace)
        self.text = isMacro ? trimmed.lowercased() : fields.joined(separator: " ")
        guard fields.count == 5 else {
            throw CronError(
                field: "expression",
                message: "expected 5 fields (minute hour day-of-month month day-of-week), got \(fields.count)")
        }
        minutes = try CronField(parsing: fields[0], as: .minute)
        hours = try CronField(parsing: fields[1], as: .hour)
        daysOfMonth = try CronField(parsing: fields[2], as: .dayOfMonth)
        months = try CronField(parsing: fields[3], as: .month)
        daysOfWeek = try CronField(parsing: fields[4], as: .dayOfWeek)
        try checkCanFire()
    }

    public var description: String { text }

    /// Whether a calendar day matches the month, day-of-month and day-of-week fields.
    func matches(month: Int, day: Int, weekday: Int) -> Bool {
        guard months.contains(month) else { return false }
        let dayOfMonth = daysOfMonth.contains(day), dayOfWeek = daysOfWeek.contains(weekday)
        if daysOfMonth.startsWithStar || daysOfWeek.startsWithStar {
            return dayOfMonth && dayOfWeek
        }
        return dayOfMonth || dayOfWeek
    }

    /// Refuses `0 0 30 2 *` and the like: with day of week unrestricted, some chosen day of month must exist in
    /// some chosen month. Any weekday eventually falls on any date, so nothing else can make a schedule empty.
    private func checkCanFire() throws {
        guard daysOfWeek.startsWithStar, !daysOfMonth.startsWithStar else { return }
        let firstDay = daysOfMonth.values.first ?? 1
        guard months.values.allSatisfy({ CivilDay.longestMonth($0) < firstDay }) else { return }
        throw CronError(
            field: "day of month",
            message:
                "day of month '\(daysOfMonth.text)' never occurs in month '\(months.text)', so the expression would never fire")
    }

    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
        "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    private static func expand(macro: String) throws -> [Substring] {
        let name = macro.lowercased()
        if let fields = macros[name] {
            return fields.split(separator: " ")
        }
        if name == "@reboot" {
            throw CronError(
                field: "expression",
                message: "'@reboot' runs once when cron starts, which is not a schedule; use a time such as @daily")
        }
        let known = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]
        let hint = Suggestion.hint(for: name, in: known).map { " (\($0))" } ?? ""
        throw CronError(
            field: "expression",
            message: "unknown macro '\(macro)'\(hint); use one of \(known.joined(separator: ", ")) or 5 fields")
    }
}
