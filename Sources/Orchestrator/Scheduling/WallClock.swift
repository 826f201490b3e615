import Foundation

/// Maps local wall-clock times of one time zone to real instants, including the times that a daylight saving
/// change skips or repeats. Times are whole seconds: instants since 1970-01-01T00:00Z, and local times as
/// seconds since 1970-01-01T00:00 on the zone's clocks.
struct WallClock {
    let timeZone: TimeZone

    /// What a local time corresponds to.
    enum Resolution: Equatable {
        /// The usual case: one instant.
        case unique(Int)
        /// Clocks fell back, and the time occurred twice.
        case repeated(first: Int, second: Int)
        /// Clocks sprang forward over it; `firstAfter` is the instant of the change, the first that exists after the gap.
        case skipped(firstAfter: Int)
    }

    /// The zone's offset from UTC, in seconds, at an instant.
    func offset(at instant: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant)))
    }

    /// The local time on the zone's clocks at an instant.
    func local(_ instant: Int) -> Int {
        instant + offset(at: instant)
    }

    /// The offsets in force well before and well after a local day; they differ when an offset change may
    /// fall within it. A day's wall times lie within 14 hours of their UTC counterparts, so a day of margin
    /// on either side sees every change that could touch it (zones do not change twice in three days).
    func offsets(aroundLocalDay day: Int) -> (before: Int, after: Int) {
        let start = day * 86_400
        return (offset(at: start - 86_400), offset(at: start + 2 * 86_400))
    }

    /// The instants of a local time, given the offsets before and after the change nearest to it.
    func resolve(_ local: Int, before: Int, after: Int) -> Resolution {
        guard before != after else { return .unique(local - before) }
        let early = local - max(before, after), late = local - min(before, after)
        let earlyExists = offset(at: early) == max(before, after)
        let lateExists = offset(at: late) == min(before, after)
        switch (earlyExists, lateExists) {
        case (true, true): return .repeated(first: early, second: late)
        case (true, false): return .unique(early)
        case (false, true): return .unique(late)
        case (false, false): return .skipped(firstAfter: change(after: early, upTo: late))
        }
    }

    /// The first instant in `(lower, upper]` whose offset differs from the offset at `lower`, by bisection.
    private func change(after lower: Int, upTo upper: Int) -> Int {
        let initial = offset(at: lower)
        var lower = lower, upper = upper
        while upper - lower > 1 {
            let middle = lower + (upper - lower) / 2
            if offset(at: middle) == initial { lower = middle } else { upper = middle }
        }
        return upper
    }
}
