extension CronField {
    /// Parses one field: `*`, a number or name, a range `a-b`, any of those with a step `/n`, or a comma list of them.
    init(parsing text: Substring, as kind: Kind) throws {
        var bits: UInt64 = 0
        let items = text.split(separator: ",", omittingEmptySubsequences: false)
        for item in items {
            guard !item.isEmpty else {
                throw CronError(field: kind.name, message: "\(kind.name) '\(text)' has an empty item in its list")
            }
            for value in try Self.values(of: item, as: kind) {
                bits |= 1 << UInt64(kind == .dayOfWeek && value == 7 ? 0 : value)
            }
        }
        self.init(kind: kind, bits: bits, startsWithStar: text.hasPrefix("*"), text: String(text))
    }

    /// The values of one list item, before Sunday-as-7 becomes 0.
    private static func values(of item: Substring, as kind: Kind) throws -> [Int] {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else {
            throw CronError(field: kind.name, message: "\(kind.name) '\(item)' has more than one '/'")
        }
        let base = parts[0]
        guard !base.isEmpty else {
            throw CronError(field: kind.name, message: "\(kind.name) '\(item)' has a step but no value or range before the '/'")
        }
        let step = try parts.count == 2 ? self.step(parts[1], in: item, as: kind) : 1
        let range: ClosedRange<Int>
        if base == "*" {
            range = kind.span
        } else if let dash = base.firstIndex(of: "-") {
            let first = base[..<dash], last = base[base.index(after: dash)...]
            guard !first.isEmpty, !last.isEmpty, !last.contains("-") else {
                throw CronError(field: kind.name, message: "\(kind.name) '\(item)' is not a value or a range such as 1-5")
            }
            let lower = try value(first, as: kind)
            // `mon-sun` and `fri-sun` read as the end of the week, so a range that ends on the name `sun` ends at 7.
            let upper = kind == .dayOfWeek && last.lowercased() == "sun" ? 7 : try value(last, as: kind)
            guard lower <= upper else {
                throw CronError(
                    field: kind.name,
                    message: "\(kind.name) range '\(base)' is reversed: write the smaller value first")
            }
            range = lower...upper
        } else {
            let start = try value(base, as: kind)
            // A single value with a step runs to the end of the field: `10/5` is 10, 15, ... 55.
            range = parts.count == 2 ? start...max(start, kind.span.upperBound) : start...start
        }
        return Array(stride(from: range.lowerBound, through: range.upperBound, by: step))
    }

    private static func step(_ text: Substring, in item: Substring, as kind: Kind) throws -> Int {
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigit) else {
            throw CronError(field: kind.name, message: "\(kind.name) step '\(text)' in '\(item)' is not a whole number")
        }
        guard let step = Int(text), step >= 1 else {
            throw CronError(field: kind.name, message: "\(kind.name) step '\(text)' in '\(item)' must be at least 1")
        }
        return step
    }

    /// A number within the field's bounds, or a month or weekday name.
    private static func value(_ text: Substring, as kind: Kind) throws -> Int {
        if text.allSatisfy(\.isASCIIDigit) {
            guard let number = Int(text), kind.bounds.contains(number) else {
                throw CronError(
                    field: kind.name,
                    message: "\(kind.name) '\(text)' is out of range \(kind.bounds.lowerBound)-\(kind.bounds.upperBound)")
            }
            return number
        }
        let word = text.lowercased()
        if let index = kind.names.firstIndex(of: word) {
            return kind.bounds.lowerBound + index
        }
        throw CronError(field: kind.name, message: unknownWordMessage(String(text), as: kind))
    }

    private static func unknownWordMessage(_ word: String, as kind: Kind) -> String {
        let bounds = "\(kind.bounds.lowerBound)-\(kind.bounds.upperBound)"
        guard let first = kind.names.first, let last = kind.names.last else {
            return "\(kind.name) '\(word)' is not a number (\(bounds))"
        }
        let expected =
            "\(kind.name) '\(word)' is not a \(kind == .month ? "month" : "weekday") number (\(bounds))"
            + " or name (\(first.uppercased())-\(last.uppercased()))"
        // `monday` and `january` are too far from their abbreviations for an edit distance, so try the prefix too.
        let lowered = word.lowercased()
        let guess = Suggestion.closest(to: lowered, in: kind.names) ?? kind.names.first { lowered.hasPrefix($0) }
        return expected + (guess.map { "; did you mean '\($0)'?" } ?? "")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
