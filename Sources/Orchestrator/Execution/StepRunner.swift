import ArtifactStore
import Foundation

/// Executes one step within a run: evaluates its guard, looks up the cache, and runs attempts
/// with retries and a timeout, recording each state in the store before acting on it.
struct StepRunner: Sendable {
    let store: Store
    let executor: any Executor
    let plan: ExecutionPlan
    let runID: String
    let options: RunOptions
    let projectDirectory: URL
    let observer: RunObserver?
    /// The registry the steps of this run resolve model references through.
    let models: any ModelRegistryAccess

    /// Runs the step to an outcome, recorded in the store. A failure of the step is an outcome; a state
    /// the store refuses to record is thrown, because the outcome would then be one nobody can see. It
    /// throws only `StateRecordingError`; the signature is untyped because typed throws from an async
    /// function returned through a task group crash release builds of Swift 6.3.
    func execute(_ step: PlannedStep, row initial: StepRunRecord, upstream: [String: [String: ArtifactRecord]])
        async throws -> StepCompletion
    {
        var row = initial
        do {
            return try await lookUpOrRun(step, row: &row, upstream: upstream)
        } catch let error as StateRecordingError {
            throw error
        } catch {
            if Task.isCancelled { return try finish(&row, .cancelled, detail: "stopped while running") }
            return try finish(&row, .failed, detail: describe(error))
        }
    }

    /// Evaluates the guard, computes the cache key, and reuses a cached result or runs attempts.
    private func lookUpOrRun(_ step: PlannedStep, row: inout StepRunRecord, upstream: [String: [String: ArtifactRecord]])
        async throws -> StepCompletion
    {
        var inputs: [String: ArtifactRecord] = [:]
        for (name, binding) in step.spec.inputs {
            guard let artifact = upstream[binding.step]?[binding.output] else {
                throw StepFailure("input '\(name)' reads '\(binding)', which step '\(binding.step)' did not produce")
            }
            inputs[name] = artifact
        }
        if let when = step.when, !when.evaluate({ resolve($0, upstream: upstream) }) {
            return try finish(&row, .skipped, detail: "when '\(when.text)' is false")
        }
        let manifest = try manifest(step, inputs: inputs)
        row.cacheKey = manifest.key.digest
        try store.recordCacheKey(row.cacheKey!, manifest: manifest.json)
        if !inputs.isEmpty { try store.recordInputs(stepRunID: row.id!, inputs.mapValues(\.id)) }

        if options.useCache, step.spec.cache {
            // A lifetime of 0 asks for a result that finished now, which no earlier run did.
            let lifetime = try step.implementation.cacheLifetime(StepParameters(step.parameters))
            switch try store.cacheLookup(
                pipeline: plan.pipeline, step: step.name, cacheKey: row.cacheKey!,
                finishedSince: lifetime.map { Store.now() - $0 })
            {
            case .hit(let original, let outputs):
                row.status = .cached
                row.cachedFrom = original.id
                row.startedAt = Store.now()
                row.finishedAt = row.startedAt
                try store.completeCached(stepRun: row, outputs: outputs, registerAs: step.spec.register)
                observer?(.stepFinished(step: step.name, status: .cached, duration: 0, detail: nil))
                return .succeeded(outputs)
            case .miss(let miss):
                row.cacheMiss = miss.map { JSONText.compact($0.json) }
            }
        }
        return try await attempts(step, row: &row, inputs: inputs)
    }

    /// What the step's cache key is computed from.
    private func manifest(_ step: PlannedStep, inputs: [String: ArtifactRecord]) throws -> CacheKeyManifest {
        // Files outside the store are hashed once per change, not once per run (a model is 90 MB).
        try FileDigestMemo.$current.withValue(store.fileDigests) {
            try ModelRegistryScope.$current.withValue(models) {
                try manifestInScope(step, inputs: inputs)
            }
        }
    }

    private func manifestInScope(_ step: PlannedStep, inputs: [String: ArtifactRecord]) throws -> CacheKeyManifest {
        CacheKeyManifest(
            type: step.descriptor.type, version: step.descriptor.version, parameters: keyedParameters(step),
            inputs: inputs.mapValues(\.sha256),
            files: try step.script.map { try ScriptFiles.fingerprints(in: $0, projectDirectory: projectDirectory) } ?? [],
            external: try step.implementation.externalFingerprints(
                StepParameters(step.parameters), projectDirectory: projectDirectory))
    }

    /// The parameters that identify the work: for `command` also the script and declared outputs.
    private func keyedParameters(_ step: PlannedStep) -> [String: JSONValue] {
        var parameters = step.parameters.filter { name, value in
            step.descriptor.parameter(name)?.isKeyed(value) ?? true
        }
        if let script = step.script { parameters["run"] = .string(script) }
        if step.descriptor.declaresOutputs {
            parameters["outputs"] = .array(step.outputs.map { .array([.string($0.name), .string($0.type)]) })
        }
        return parameters
    }

    private func attempts(_ step: PlannedStep, row: inout StepRunRecord, inputs: [String: ArtifactRecord]) async throws
        -> StepCompletion
    {
        var retriesLeft = step.spec.retries
        var delay = step.spec.retryDelay
        while true {
            row.status = .running
            row.startedAt = Store.now()
            row.finishedAt = nil
            row.error = nil
            try store.update(stepRun: row)
            observer?(.stepStarted(step: step.name, attempt: row.attempt))
            let attempt = StepAttempt(
                store: store, executor: executor, plan: plan, step: step, runID: runID,
                projectDirectory: projectDirectory, observer: observer, models: models)
            switch await attempt.run(row: row, inputs: inputs) {
            case .success(let outputs, let metadata):
                row.status = .succeeded
                row.finishedAt = Store.now()
                row.metadata = JSONText.compact(.object(metadata))
                let published = try store.complete(stepRun: row, outputs: outputs, registerAs: step.spec.register)
                // The work is stored; its checkpoints would only take space.
                try? FileSystem.removeTree(StepAttempt.checkpointDirectory(store: store, row: row, runID: runID))
                observer?(.stepFinished(step: step.name, status: .succeeded, duration: row.duration, detail: nil))
                return .succeeded(published)
            case .cancelled:
                return try finish(&row, .cancelled, detail: "stopped while running")
            case .failure(let message):
                let outcome = try finish(&row, .failed, detail: message)
                guard retriesLeft > 0, !Task.isCancelled else { return outcome }
                retriesLeft -= 1
                observer?(.stepRetrying(step: step.name, attempt: row.attempt + 1, delay: delay, error: message))
                do {
                    try await Task.sleep(nanoseconds: DurationParser.nanoseconds(delay))
                } catch {
                    return outcome
                }
                delay = min(delay * 2, 300)
                row = try store.insert(
                    stepRun: StepRunRecord(
                        runId: runID, pipeline: plan.pipeline, step: step.name, stepType: step.spec.uses,
                        attempt: row.attempt + 1, status: .pending, cacheKey: row.cacheKey))
                if !inputs.isEmpty { try store.recordInputs(stepRunID: row.id!, inputs.mapValues(\.id)) }
            }
        }
    }

    private func finish(_ row: inout StepRunRecord, _ status: StepStatus, detail: String?) throws(StateRecordingError)
        -> StepCompletion
    {
        row.status = status
        row.error = detail
        row.finishedAt = Store.now()
        if row.startedAt == nil { row.startedAt = row.finishedAt }
        do {
            try store.update(stepRun: row)
        } catch {
            throw StateRecordingError(subject: "step '\(row.step)'", state: status.rawValue, detail: detail, underlying: error)
        }
        observer?(
            .stepFinished(step: row.step, status: status, duration: status == .skipped ? nil : row.duration, detail: detail))
        switch status {
        case .skipped: return .skipped
        case .cancelled: return .cancelled
        default: return .failed
        }
    }

    /// Reads `params.NAME...` or `STEP.OUTPUT.KEY...` for a `when` guard.
    private func resolve(_ path: [String], upstream: [String: [String: ArtifactRecord]]) -> JSONValue? {
        if path[0] == "params" {
            return path.dropFirst(2).reduce(plan.parameters[path[1]]) { value, key in value?[key] }
        }
        guard path.count >= 2, let artifact = upstream[path[0]]?[path[1]] else { return nil }
        return path.dropFirst(2).reduce(artifact.guardValue) { value, key in value?[key] }
    }
}

func describe(_ error: Error) -> String {
    switch error {
    case let failure as StepFailure: return failure.message
    case let timeout as StepTimeout: return "timed out after \(DurationParser.format(timeout.seconds))"
    case let store as StoreError: return store.description
    case is CancellationError: return "cancelled"
    default:
        // Foundation's errors describe themselves as a dump of their user info.
        return FoundationErrorText.describe(error) ?? String(describing: error)
    }
}
