import Orchestrator

/// Converts RSS dates (RFC 822 as updated by RFC 1123, with the liberties feeds take: no weekday, one-digit
/// days, two-digit years, full month names, missing seconds or zone) to ISO 8601 in UTC.
enum RFC822Date {
    /// "Fri, 01 Mar 2024 10:00:00 +0100" → "2024-03-01T09:00:00Z"; "1 Mar 2024" → "2024-03-01"; nil when the
    /// text is not such a date.
    static func iso8601(from text: String) -> String? {
        var tokens = text.split { $0.isWhitespace || $0 == "," }.map(String.init)
        if let first = tokens.first, first.allSatisfy(\.isLetter), month(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 3 else { return nil }
        // Some feeds write "Mar 01 2024"; RFC 822 says "01 Mar 2024".
        if month(tokens[0]) != nil, Int(tokens[1]) != nil { tokens.swapAt(0, 1) }
        guard let day = Int(tokens[0]), let month = month(tokens[1]), var year = Int(tokens[2]),
            tokens[2].count == 2 || tokens[2].count == 4
        else { return nil }
        if tokens[2].count == 2 { year += year < 50 ? 2000 : 1900 }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        guard tokens.count > 3 else { return format(year, month, day) }

        let clock = tokens[3].split(separator: ":").map { Int($0) }
        guard clock.count == 2 || clock.count == 3, let hour = clock[0], let minute = clock[1],
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        let second = clock.count == 3 ? clock[2] : 0
        guard let second, (0...60).contains(second) else { return nil }
        let offset: Int
        if tokens.count > 4 {
            guard let zone = zoneOffset(tokens[4]) else { return nil }
            offset = zone
        } else {
            offset = 0
        }
        let seconds =
            CivilDay.number(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offset
        let (utcYear, utcMonth, utcDay) = CivilDay.date(Int((Double(seconds) / 86_400).rounded(.down)))
        let secondOfDay = seconds - CivilDay.number(year: utcYear, month: utcMonth, day: utcDay) * 86_400
        return format(utcYear, utcMonth, utcDay) + "T" + pad(secondOfDay / 3_600) + ":" + pad(secondOfDay % 3_600 / 60)
            + ":" + pad(secondOfDay % 60) + "Z"
    }

    private static func month(_ name: String) -> Int? {
        let prefix = name.prefix(3).lowercased()
        guard name.count >= 3, let index = months.firstIndex(of: prefix) else { return nil }
        return index + 1
    }

    /// Offset from UTC in seconds: "+0100", "-05:00", "GMT", "EST"… Military letters other than Z are
    /// ambiguous in practice (RFC 1123 notes their signs were specified backwards) and are read as UTC.
    private static func zoneOffset(_ zone: String) -> Int? {
        let upper = zone.uppercased()
        if let hours = namedZones[upper] { return hours * 3_600 }
        if upper.count == 1, upper.first?.isLetter == true { return 0 }
        guard let sign = upper.first, sign == "+" || sign == "-" else { return nil }
        let digits = upper.dropFirst().filter { $0 != ":" }
        guard digits.count == 4, digits.allSatisfy(\.isNumber), let hours = Int(digits.prefix(2)),
            let minutes = Int(digits.suffix(2)), hours < 24, minutes < 60
        else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 3_600 + minutes * 60)
    }

    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String {
        String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year) + "-" + pad(month) + "-" + pad(day)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static let namedZones: [String: Int] = [
        "GMT": 0, "UT": 0, "UTC": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7,
    ]
}
