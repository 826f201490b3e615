/// Why a cache lookup reused nothing although a step run with the same key had succeeded: recorded
/// with the step run that ran instead, so `runs show --explain` can say it after the fact (by then the
/// step may have stored the missing output again).
public struct CacheMiss: Sendable, Equatable {
    public enum Reason: String, Sendable {
        /// One of its outputs was no longer in blob storage.
        case outputsMissing = "outputs_missing"
        /// It finished longer ago than the step's results may be reused (`Step.cacheLifetime`).
        case expired
    }

    public var reason: Reason
    /// The succeeded step run with the same key.
    public var stepRun: Int64
    /// For `outputsMissing`: the output, as `pipeline/name@version`.
    public var missing: String?

    public init(reason: Reason, stepRun: Int64, missing: String? = nil) {
        self.reason = reason
        self.stepRun = stepRun
        self.missing = missing
    }

    /// The stored form.
    public var json: JSONValue {
        .object([
            "reason": .string(reason.rawValue), "step_run": .int(Int(stepRun)), "missing": missing.map { .string($0) } ?? .null,
        ])
    }

    /// Reads the stored form; nil when it is not one.
    public init?(json: JSONValue) {
        guard let text = json["reason"]?.stringValue, let reason = Reason(rawValue: text),
            let stepRun = json["step_run"]?.intValue
        else { return nil }
        self.init(reason: reason, stepRun: Int64(stepRun), missing: json["missing"]?.stringValue)
    }
}
