import Foundation

extension CronExpression {
    /// How far ahead a search goes. Any expression that parses fires within it: the rarest, such as February 29
    /// on a Sunday, recur at most every 40 years.
    static let horizonDays = 100 * 366

    /// The first fire time strictly after `date`, in `timeZone`; nil only if none exists within a century
    /// (never for an expression that parsed, unless `date` is beyond the year 9999).
    public func nextFireDate(after date: Date, in timeZone: TimeZone) -> Date? {
        fireDates(after: date, in: timeZone, count: 1).first
    }

    /// Up to `count` fire times strictly after `date`, in order.
    public func fireDates(after date: Date, in timeZone: TimeZone, count: Int) -> [Date] {
        guard count > 0 else { return [] }
        var times = CronFireTimes(self, after: date, in: timeZone)
        var dates: [Date] = []
        while dates.count < count, let next = times.next() {
            dates.append(next)
        }
        return dates
    }

    /// Every fire time in `(start, end]`, in order, but no more than the first `limit` of them: a scheduler
    /// catching up after downtime uses it to see what it missed, and the limit bounds the work after a long outage.
    public func fireDates(from start: Date, through end: Date, in timeZone: TimeZone, limit: Int) -> [Date] {
        guard limit > 0, end > start else { return [] }
        // A local date is at most one day ahead of the UTC date, so the day after the end's UTC date is the last to look at.
        let endSeconds = max(-CronFireTimes.limitSeconds, min(end.timeIntervalSince1970, CronFireTimes.limitSeconds))
        let lastDay = CivilDay.floorDivide(Int(endSeconds.rounded(.down)), 86_400) + 1
        var times = CronFireTimes(self, after: start, in: timeZone, lastDay: lastDay)
        var dates: [Date] = []
        while dates.count < limit, let next = times.next(), next <= end {
            dates.append(next)
        }
        return dates
    }
}
