import Foundation

/// ISO 8601 timestamps for schedules, read and written in a given time zone, so that a fire time prints as
/// people will read it (`2026-03-08T03:00:00-04:00`) and a start time can be typed either way.
public enum ZonedTimestamp {
    /// `2026-03-08T03:00:00-04:00`, with the zone's offset at that instant (`Z` where it is zero), as
    /// `ISO8601DateFormatter` writes it.
    public static func format(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Reads `2026-03-08T09:30:00Z`, `2026-03-08T09:30:00+01:00` (or `+0100`, `+01`), fractional seconds,
    /// a space instead of the `T`, no seconds (`2026-03-08T09:30`), or a date alone (midnight). Without an
    /// offset the time is a wall-clock time in `timeZone`: one that a daylight saving change skips means
    /// the moment the clocks jump, one that occurs twice means its first occurrence. Nil when the text is not
    /// such a timestamp or names a date or time that does not exist (`2026-02-30`, `24:00`).
    public static func parse(_ text: String, in timeZone: TimeZone) -> Date? {
        var scanner = Scanner(Array(text.trimmingCharacters(in: .whitespaces).utf8))
        guard let year = scanner.number(digits: 4), scanner.skip("-"), let month = scanner.number(digits: 2),
            scanner.skip("-"), let day = scanner.number(digits: 2),
            (1...12).contains(month), (1...CivilDay.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var seconds = 0
        var fraction = 0.0
        if scanner.skip("T") || scanner.skip("t") || scanner.skip(" ") {
            guard let hour = scanner.number(digits: 2), scanner.skip(":"), let minute = scanner.number(digits: 2),
                hour < 24, minute < 60
            else { return nil }
            seconds = hour * 3600 + minute * 60
            if scanner.skip(":") {
                guard let second = scanner.number(digits: 2), second < 60 else { return nil }
                seconds += second
                if scanner.skip(".") || scanner.skip(",") {
                    guard let digits = scanner.digits(), let value = Double("0." + digits) else { return nil }
                    fraction = value
                }
            }
        }
        let local = CivilDay.number(year: year, month: month, day: day) * 86_400 + seconds
        let instant: Int
        if scanner.isAtEnd {
            let clock = WallClock(timeZone: timeZone)
            let offsets = clock.offsets(aroundLocalDay: CivilDay.floorDivide(local, 86_400))
            switch clock.resolve(local, before: offsets.before, after: offsets.after) {
            case .unique(let only): instant = only
            case .repeated(let first, _): instant = first
            case .skipped(let firstAfter): instant = firstAfter
            }
        } else {
            guard let offset = scanner.offset(), scanner.isAtEnd else { return nil }
            instant = local - offset
        }
        return Date(timeIntervalSince1970: TimeInterval(instant) + fraction)
    }

    /// Reads ASCII digits and punctuation from the front of a timestamp.
    private struct Scanner {
        private let bytes: [UInt8]
        private var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { position == bytes.count }

        mutating func skip(_ character: Character) -> Bool {
            guard position < bytes.count, bytes[position] == character.asciiValue else { return false }
            position += 1
            return true
        }

        /// Exactly `digits` digits.
        mutating func number(digits: Int) -> Int? {
            guard position + digits <= bytes.count else { return nil }
            let slice = bytes[position..<position + digits]
            guard slice.allSatisfy({ (48...57).contains($0) }) else { return nil }
            position += digits
            return slice.reduce(0) { $0 * 10 + Int($1 - 48) }
        }

        /// One or more digits, as text.
        mutating func digits() -> String? {
            let start = position
            while position < bytes.count, (48...57).contains(bytes[position]) { position += 1 }
            return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
        }

        /// `Z`, or `+HH:MM`, `+HHMM`, `+HH` (or `-`), in seconds east of UTC.
        mutating func offset() -> Int? {
            if skip("Z") || skip("z") { return 0 }
            let sign: Int
            if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
            guard let hours = number(digits: 2), hours <= 18 else { return nil }
            var minutes = 0
            if !isAtEnd {
                _ = skip(":")
                guard let value = number(digits: 2), value < 60 else { return nil }
                minutes = value
            }
            return sign * (hours * 3600 + minutes * 60)
        }
    }
}
