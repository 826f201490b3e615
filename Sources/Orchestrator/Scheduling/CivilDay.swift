/// Calendar arithmetic on days numbered from 1970-01-01, in the proleptic Gregorian calendar and
/// without a time zone. Walking a schedule through years of days this way costs a few integer
/// operations per day, where `Calendar` would cost a component lookup each time.
public enum CivilDay {
    /// The day number of a date (1970-01-01 is 0).
    public static func number(year: Int, month: Int, day: Int) -> Int {
        // Howard Hinnant's days_from_civil: years start in March so the leap day comes last.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The year, month (1-12) and day of month (1-31) of a day number.
    public static func date(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 for Sunday through 6 for Saturday, as cron numbers them.
    static func weekday(_ number: Int) -> Int {
        floorModulo(number + 4, 7)  // 1970-01-01 was a Thursday.
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        if month == 2 { return isLeapYear(year) ? 29 : 28 }
        return [4, 6, 9, 11].contains(month) ? 30 : 31
    }

    /// The most days a month ever has (29 for February).
    static func longestMonth(_ month: Int) -> Int {
        month == 2 ? 29 : daysInMonth(year: 2001, month: month)
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    static func floorModulo(_ a: Int, _ b: Int) -> Int {
        a - floorDivide(a, b) * b
    }
}
