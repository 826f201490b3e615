import ArtifactStore
import Foundation

/// Why a step of a run ran or was reused (`runs show RUN --explain STEP`): the run it reused, or what
/// differs between its cache key and the nearest earlier key of the same pipeline and step.
public struct CacheExplanation: Sendable {
    public enum Verdict: String, Sendable {
        /// Cached: the outputs of an earlier run with the same key were reused.
        case reused
        /// Ran: no earlier run of this pipeline step had computed a cache key.
        case firstRun = "first_run"
        /// Ran: the key differs from the nearest earlier one; `differences` says how.
        case changed
        /// Ran although an earlier run had the same key: its outputs were gone, or its results expired.
        case sameKey = "same_key"
        /// Ran because the cache was off for the run (`--no-cache`, reproduce) or the step (`cache: false`).
        case cacheOff = "cache_off"
        /// Never got as far as computing its key (skipped by its guard, say).
        case noKey = "no_key"
    }

    /// The earlier step run an explanation refers to.
    public struct Reference: Sendable, Equatable {
        public var run: String
        public var stepRun: Int64
        public var cacheKey: String?
    }

    public var run: RunRecord
    public var stepRun: StepRunRecord
    public var verdict: Verdict
    /// One sentence: why the step ran, or what it reused.
    public var reason: String
    public var comparedWith: Reference?
    /// What differs from `comparedWith`'s key, for `changed` (and for `cache_off` when the key also changed).
    public var differences: [CacheKeyDifference]

    /// The text `runs show RUN --explain STEP` prints.
    public var text: String {
        let key = stepRun.cacheKey.map { String($0.prefix(12)) } ?? "none"
        var lines = [
            "step '\(stepRun.step)' of run \(Identifier.short(run.id)): \(stepRun.status.rawValue), cache key \(key)", reason,
        ]
        lines += differences.map { "  \($0.text)" }
        return lines.joined(separator: "\n")
    }

    /// The stable JSON form, documented in docs/cli-json.md.
    public var json: JSONValue {
        .object([
            "run": .string(run.id), "step": .string(stepRun.step), "status": .string(stepRun.status.rawValue),
            "attempt": .int(stepRun.attempt), "cache_key": stepRun.cacheKey.map { .string($0) } ?? .null,
            "verdict": .string(verdict.rawValue), "reason": .string(reason),
            "compared_with": comparedWith.map { reference in
                .object([
                    "run": .string(reference.run), "step_run": .int(Int(reference.stepRun)),
                    "cache_key": reference.cacheKey.map { .string($0) } ?? .null,
                ])
            } ?? .null,
            "differences": .array(differences.map(\.json)),
        ])
    }
}
