import Foundation

/// Walks forward through a cron expression's fire times, one matching local day at a time: months and days
/// that do not match are skipped with integer arithmetic, and only the days that match are turned into
/// instants, with the daylight saving rules described on `CronExpression`.
struct CronFireTimes: IteratorProtocol {
    private let expression: CronExpression
    private let clock: WallClock
    /// The matching times of day, in seconds after local midnight, ascending.
    private let timesOfDay: [Int]
    /// Every hour matches, so wall times fire at each real instant rather than once per day.
    private let everyHour: Bool
    private var day: Int
    private let lastDay: Int
    /// Fire times must be later than this instant: the start, then the last one returned.
    private var after: Int
    private var pending: [Int] = []
    private var index = 0

    /// Fire times strictly after `start`, on local days up to `lastDay` (a day number, see `CivilDay`), or
    /// within `CronExpression.horizonDays` of the start when nil.
    init(_ expression: CronExpression, after start: Date, in timeZone: TimeZone, lastDay: Int? = nil) {
        self.expression = expression
        clock = WallClock(timeZone: timeZone)
        timesOfDay = expression.hours.values.flatMap { hour in expression.minutes.values.map { (hour * 60 + $0) * 60 } }
        everyHour = expression.hours.matchesEverything
        // Fire times are whole seconds, so "after 10.5" is the same as "after 10".
        let seconds = start.timeIntervalSince1970
        guard seconds.isFinite, abs(seconds) < Self.limitSeconds else {
            after = 0
            day = 1
            self.lastDay = 0
            return
        }
        after = Int(seconds.rounded(.down))
        // Start a day early: a time skipped late on the previous day may fire after the start.
        day = CivilDay.floorDivide(clock.local(after), 86_400) - 1
        self.lastDay = lastDay ?? day + 1 + CronExpression.horizonDays
    }

    /// About the year 9999 either way from 1970; beyond it there is nothing useful to schedule.
    static let limitSeconds = 253_000_000_000.0

    mutating func next() -> Date? {
        while index == pending.count {
            guard let matching = nextMatchingDay(from: day) else { return nil }
            pending = fireTimes(onDay: matching).filter { $0 > after }
            index = 0
            day = matching + 1
        }
        let instant = pending[index]
        index += 1
        after = instant
        return Date(timeIntervalSince1970: TimeInterval(instant))
    }

    /// The first day from `start` on whose month, day of month and weekday match, if any by `lastDay`.
    private func nextMatchingDay(from start: Int) -> Int? {
        var day = start
        while day <= lastDay {
            let date = CivilDay.date(day)
            if !expression.months.contains(date.month) {
                day += CivilDay.daysInMonth(year: date.year, month: date.month) - date.day + 1
                continue
            }
            if expression.matches(month: date.month, day: date.day, weekday: CivilDay.weekday(day)) {
                return day
            }
            day += 1
        }
        return nil
    }

    /// The instants at which a matching local day fires, ascending and without repeats.
    private func fireTimes(onDay day: Int) -> [Int] {
        let midnight = day * 86_400
        let offsets = clock.offsets(aroundLocalDay: day)
        if offsets.before == offsets.after {
            return timesOfDay.map { midnight + $0 - offsets.before }
        }
        var instants: [Int] = []
        for time in timesOfDay {
            switch clock.resolve(midnight + time, before: offsets.before, after: offsets.after) {
            case .unique(let instant):
                instants.append(instant)
            case .repeated(let first, let second):
                instants.append(first)
                if everyHour { instants.append(second) }
            case .skipped(let firstAfter):
                if !everyHour { instants.append(firstAfter) }
            }
        }
        instants.sort()
        return instants.enumerated().filter { $0.offset == 0 || instants[$0.offset - 1] != $0.element }.map(\.element)
    }
}
