import Orchestrator

/// Character bounds per example field (`min_<field>_chars`, `max_<field>_chars`).
struct LengthLimits {
    let bounds: [(field: String, range: ClosedRange<Int>)]

    init(_ parameters: StepParameters, fields: [String]) throws {
        bounds = try fields.map { field in
            let low = try parameters.int("min_\(field)_chars")
            let high = try parameters.int("max_\(field)_chars")
            guard low >= 0, high >= low else {
                throw StepFailure(
                    "parameters 'min_\(field)_chars' (\(low)) and 'max_\(field)_chars' (\(high)) must satisfy 0 ≤ min ≤ max")
            }
            return (field, low...high)
        }
    }

    /// The bounds of one of the fields.
    func range(_ field: String) -> ClosedRange<Int> {
        bounds.first { $0.field == field }!.range
    }

    /// The first field out of bounds, as a rejection kind and reason; nil when the example fits.
    func problem(_ example: DatasetExample) -> (Rejection.Kind, String)? {
        for (field, range) in bounds {
            let length = example[field].count
            if length < range.lowerBound {
                return (.tooShort, "\(field) has \(length) characters, fewer than \(range.lowerBound)")
            }
            if length > range.upperBound { return (.tooLong, "\(field) has \(length) characters, more than \(range.upperBound)") }
        }
        return nil
    }
}
