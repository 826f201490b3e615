/// One of the five fields of a cron expression, reduced to the set of values it matches.
struct CronField: Sendable, Equatable {
    enum Kind: Int, Sendable, CaseIterable {
        case minute, hour, dayOfMonth, month, dayOfWeek

        /// The name errors use.
        var name: String {
            ["minute", "hour", "day of month", "month", "day of week"][rawValue]
        }

        /// The values the text may contain: day of week accepts 7 for Sunday as well as 0.
        var bounds: ClosedRange<Int> {
            [0...59, 0...23, 1...31, 1...12, 0...7][rawValue]
        }

        /// What `*` and an open step such as `10/5` cover (Sunday only once, as 0).
        var span: ClosedRange<Int> {
            self == .dayOfWeek ? 0...6 : bounds
        }

        /// Names in the order of their numbers, starting at `bounds.lowerBound`; empty when the field takes none.
        var names: [String] {
            switch self {
            case .month: ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
            case .dayOfWeek: ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]
            default: []
            }
        }
    }

    let kind: Kind
    /// Bit n is set when value n matches; day of week stores Sunday as 0 whether it was written 0 or 7.
    let bits: UInt64
    /// Whether the text starts with `*` (`*`, `*/2`). Vixie cron and cronie use exactly this test to decide
    /// whether day of month and day of week combine with OR (both restricted) or with AND.
    let startsWithStar: Bool
    /// The text as written, for messages.
    let text: String

    func contains(_ value: Int) -> Bool {
        value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0
    }

    /// The matching values, ascending.
    var values: [Int] {
        kind.span.filter(contains)
    }

    /// Whether every value of the field matches (`*`, `*/1`, `0-23`, ...).
    var matchesEverything: Bool {
        kind.span.allSatisfy(contains)
    }
}
