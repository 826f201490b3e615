import ArtifactStore
import Foundation

extension CacheExplanation {
    /// Explains the latest attempt of `step` in `run` from what the store recorded: cache keys with
    /// their manifests, and the step runs of other runs of the same pipeline that came before it.
    public static func load(_ store: Store, run: RunRecord, step: String) throws -> CacheExplanation {
        let attempts = try store.stepRuns(runID: run.id).filter { $0.step == step }
        guard let stepRun = attempts.last, let first = attempts.compactMap(\.id).min() else {
            let steps = Set(try store.stepRuns(runID: run.id).map(\.step)).sorted()
            throw RunStateError(
                description: "run \(Identifier.short(run.id)) has no step '\(step)'"
                    + (Suggestion.hint(for: step, in: steps).map { " (\($0))" }
                        ?? " (its steps: \(steps.joined(separator: ", ")))"))
        }
        var explanation = CacheExplanation(
            run: run, stepRun: stepRun, verdict: .noKey, reason: "", comparedWith: nil, differences: [])
        if stepRun.status == .cached {
            try explanation.describeReuse(store)
            return explanation
        }
        guard let key = stepRun.cacheKey else {
            explanation.reason = Self.keyless(stepRun)
            return explanation
        }
        try explanation.compare(key, store: store, before: first, miss: try Self.recordedMiss(attempts, run: run))
        if let off = try Self.cacheOff(run, step: step) {
            explanation.verdict = .cacheOff
            explanation.reason =
                "ran because " + off
                + (explanation.comparedWith.map { " (compared with run \(Identifier.short($0.run)))" } ?? "")
        }
        return explanation
    }

    private mutating func describeReuse(_ store: Store) throws {
        verdict = .reused
        guard let id = stepRun.cachedFrom, let origin = try store.stepRun(id: id) else {
            reason = "reused the outputs of an earlier step run that is no longer recorded"
            return
        }
        comparedWith = Reference(run: origin.runId, stepRun: id, cacheKey: origin.cacheKey)
        reason =
            run.trigger == "reproduce" && origin.runId != run.id
            ? "reused the outputs run \(Identifier.short(origin.runId)) fetched: a reproduction reuses source steps' outputs unless --refetch"
            : "reused the outputs of run \(Identifier.short(origin.runId)) (same cache key)"
    }

    private static func keyless(_ stepRun: StepRunRecord) -> String {
        switch stepRun.status {
        case .pending, .running: return "has not reached its cache lookup yet"
        case .skipped: return "skipped before its cache key was computed" + (stepRun.error.map { ": \($0)" } ?? "")
        default:
            return "\(stepRun.status.rawValue) before its cache key was computed" + (stepRun.error.map { ": \($0)" } ?? "")
        }
    }

    /// Why the cache was not consulted at all, if it was not.
    private static func cacheOff(_ run: RunRecord, step: String) throws -> String? {
        if !(try RecordedRun(run).options.useCache) {
            return run.trigger == "reproduce"
                ? "a reproduction runs every step with the cache off" : "the run was started with the cache off (--no-cache)"
        }
        let spec = try SpecParser.parse(run.specText, file: run.specPath ?? "run \(Identifier.short(run.id))")
        if spec.step(named: step)?.cache == false { return "the step sets 'cache: false', so it always runs" }
        return nil
    }

    /// What the cache lookup recorded when it found a step run with the same key it could not reuse.
    private static func recordedMiss(_ attempts: [StepRunRecord], run: RunRecord) throws -> CacheMiss? {
        guard let text = attempts.compactMap(\.cacheMiss).last else { return nil }
        do {
            return CacheMiss(json: try JSONText.parse(text))
        } catch {
            throw RunStateError(
                description:
                    "run \(Identifier.short(run.id)): the recorded cache miss of step '\(attempts[0].step)' is not JSON (\(error))"
            )
        }
    }

    /// Compares `key` with the earlier keys of the same pipeline step, in other runs, before step run `first`.
    private mutating func compare(_ key: String, store: Store, before first: Int64, miss: CacheMiss?) throws {
        let pipeline = stepRun.pipeline, step = stepRun.step
        if let miss, let earlier = try store.stepRun(id: miss.stepRun) {
            verdict = .sameKey
            comparedWith = Reference(run: earlier.runId, stepRun: miss.stepRun, cacheKey: key)
            let why =
                switch miss.reason {
                case .outputsMissing: "its output \(miss.missing ?? "?") was no longer stored"
                case .expired: "its results had expired (the step reuses results only for a while, like crawl's max_age)"
                }
            reason = "ran although run \(Identifier.short(earlier.runId)) had the same cache key: \(why)"
            return
        }
        let same = try store.earlierKeyedStepRuns(
            pipeline: pipeline, step: step, before: first, excludingRun: run.id, sameKey: key)
        if let earlier = same.first(where: { $0.status == .succeeded }) {
            verdict = .sameKey
            comparedWith = Reference(run: earlier.runId, stepRun: earlier.id!, cacheKey: key)
            reason =
                "ran although run \(Identifier.short(earlier.runId)) had the same cache key: "
                + whyNotReused(earlier)
            return
        }
        if let previous = try store.earlierKeyedStepRuns(
            pipeline: pipeline, step: step, before: first, excludingRun: run.id, otherKey: key, limit: 1
        ).first, let previousKey = previous.cacheKey {
            verdict = .changed
            comparedWith = Reference(run: previous.runId, stepRun: previous.id!, cacheKey: previousKey)
            let label = "run \(Identifier.short(previous.runId))'s (\(previousKey.prefix(12)))"
            guard let before = try store.cacheKeyManifest(previousKey).flatMap(CacheKeyManifest.init(json:)),
                let after = try store.cacheKeyManifest(key).flatMap(CacheKeyManifest.init(json:))
            else {
                reason = "ran: its cache key differs from \(label), which was computed before keys kept what they were made of"
                return
            }
            differences = after.differences(from: before)
            reason =
                differences.isEmpty
                ? "ran: its cache key differs from \(label) although both were made of the same things (the key's definition changed)"
                : "ran: its cache key differs from \(label), the nearest earlier key:"
            return
        }
        if let failed = same.first {
            verdict = .sameKey
            comparedWith = Reference(run: failed.runId, stepRun: failed.id!, cacheKey: key)
            reason =
                "ran: run \(Identifier.short(failed.runId)) had the same cache key but \(failed.status.rawValue), so there was nothing to reuse"
            return
        }
        verdict = .firstRun
        reason = "ran for the first time: no earlier run of pipeline '\(pipeline)' computed a cache key for this step"
    }

    /// For a step run that recorded no miss: from a store that did not record them yet, or an earlier
    /// run that finished while this one was already looking.
    private func whyNotReused(_ earlier: StepRunRecord) -> String {
        if let finished = earlier.finishedAt, let started = stepRun.startedAt, finished > started {
            return "it finished only after this step had started"
        }
        return "its outputs were gone or its results had expired when this step looked"
    }
}
