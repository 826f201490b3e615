import ArtifactStore

/// An item (or a whole extract) left out of a dataset, and why. Rejections are kept in the dataset's
/// `rejected.jsonl` and counted by `kind` in its metadata, so a poor prompt or model shows in numbers.
struct Rejection: Sendable {
    enum Kind: String, Sendable {
        /// The generator failed (server error after retries, timeout).
        case generator
        /// The answer was not JSON, even after the repair request.
        case json
        /// An item lacked a field or had the wrong type.
        case invalid
        case tooShort = "too-short"
        case tooLong = "too-long"
        case language
        case duplicate
        /// A preference pair whose chosen and rejected answers are the same.
        case sameAnswers = "same-answers"
    }

    let extract: String
    let kind: Kind
    let reason: String
    /// The offending item or answer, shortened, for inspection.
    let item: JSONValue

    var record: JSONValue {
        .object(["extract": .string(extract), "kind": .string(kind.rawValue), "reason": .string(reason), "item": item])
    }

    static func counts(_ rejections: [Rejection]) -> JSONValue {
        var counts: [String: JSONValue] = [:]
        for rejection in rejections {
            counts[rejection.kind.rawValue] = .int((counts[rejection.kind.rawValue]?.intValue ?? 0) + 1)
        }
        return .object(counts)
    }

    /// At most 500 characters of a model's text, so one runaway answer does not bloat the dataset.
    static func snippet(_ text: String) -> JSONValue {
        .string(text.count > 500 ? String(text.prefix(500)) + "…" : text)
    }
}
