import ArtifactStore
import Foundation

/// Why a recorded run cannot be used as asked: resumed, reproduced, or explained.
public struct RunStateError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// What to do instead, as a command line.
    public var hint: String?

    init(description: String, hint: String? = nil) {
        self.description = description
        self.hint = hint
    }
}

extension RunEngine {
    /// Called by `resume` after it found the run and before it takes the run's lock; tests put another
    /// process's work into that window.
    @TaskLocal static var beforeResumeLock: (@Sendable () async throws -> Void)?

    /// Plans a recorded run again from the exact spec text and parameters it was started with.
    public func recordedPlan(of run: RunRecord, catalog: StepCatalog) throws -> ExecutionPlan {
        let spec = try SpecParser.parse(run.specText, file: run.specPath ?? "run \(Identifier.short(run.id))")
        return try PipelineValidator(catalog: catalog).plan(spec, parameters: try RecordedRun(run).parameters)
    }

    /// The artifact a run's `trigger.artifact` read, as recorded with its options.
    func recordedTriggerArtifact(of run: RunRecord) throws -> ArtifactRecord? {
        guard let id = try RecordedRun(run).triggerArtifactID else { return nil }
        guard let artifact = try store.artifact(id: id) else {
            throw RunStateError(
                description:
                    "run \(Identifier.short(run.id)) read trigger.artifact \(Identifier.short(id)), which is no longer in the store"
            )
        }
        return artifact
    }

    /// Finishes an interrupted, failed or cancelled run: steps that succeeded (or were cached)
    /// keep their outputs and do not run again; the others get a new attempt.
    @discardableResult
    public func resume(_ runID: String, catalog: StepCatalog, observer: RunObserver? = nil) async throws -> RunRecord {
        let found = try store.resolveRun(runID)
        try await Self.beforeResumeLock?()
        let lock: RunLock
        do {
            lock = try store.acquireLock(for: found.id)
        } catch {
            guard store.isLocked(runID: found.id) else { throw error }
            throw RunStateError(
                description:
                    "run \(Identifier.short(found.id)) is still being executed (process \(found.pid.map(String.init) ?? "?")); wait for it or stop it first",
                hint: "`orchestrate runs show \(Identifier.short(found.id))` shows how far it is")
        }
        defer { lock.release() }
        // Read again under the lock: another process may have finished the run since it was found.
        guard var run = try store.run(id: found.id) else {
            throw RunStateError(description: "run \(Identifier.short(found.id)) is no longer in the store")
        }
        if run.status == .succeeded {
            throw RunStateError(
                description: "run \(Identifier.short(run.id)) already succeeded; nothing to resume",
                hint: "`orchestrate reproduce \(Identifier.short(run.id))` runs it again with the cache off")
        }
        let plan = try recordedPlan(of: run, catalog: catalog)
        let options = try RecordedRun(run).options
        let latest = try store.latestStepRuns(runID: run.id)

        var finished: [String: StepCompletion] = [:]
        if let artifact = try resolveTriggerArtifact(plan, try recordedTriggerArtifact(of: run)) {
            finished[TriggerInput.step] = .succeeded([TriggerInput.output: artifact])
        }
        finished.merge(PinnedArtifacts.outcomes(try recordedArtifactInputs(of: run, plan: plan))) { _, pinned in pinned }
        var rows: [StepRunRecord] = []
        for step in plan.steps {
            if let record = latest[step.name], record.status.isSuccess, let id = record.id {
                let outputs = try store.outputs(ofStepRun: id)
                if outputs.values.allSatisfy({ store.blobs.contains(sha256: $0.sha256) }) {
                    finished[step.name] = .succeeded(outputs)
                    continue
                }
            }
            if let record = latest[step.name], record.status == .pending {
                rows.append(record)
                continue
            }
            if var stale = latest[step.name], stale.status == .running {
                stale.status = .cancelled
                stale.error = "interrupted: the process executing the run stopped"
                stale.finishedAt = Store.now()
                try store.update(stepRun: stale)
            }
            rows.append(
                try store.insert(
                    stepRun: StepRunRecord(
                        runId: run.id, pipeline: plan.pipeline, step: step.name, stepType: step.spec.uses,
                        attempt: (latest[step.name]?.attempt ?? 0) + 1, status: .pending)))
        }

        run.status = .running
        run.pid = getpid()
        run.finishedAt = nil
        run.error = nil
        try store.update(run: run)
        let started = Store.now()
        observer?(.runStarted(runID: run.id, pipeline: run.pipeline, steps: plan.steps.count))
        for name in plan.steps.map(\.name) where finished[name] != nil {
            observer?(
                .stepFinished(step: name, status: latest[name]!.status, duration: nil, detail: "done before the interruption"))
        }
        try await executeToEnd(
            plan, run: &run, rows: rows, finished: finished, options: options,
            projectDirectory: URL(fileURLWithPath: run.projectDir), observer: observer)
        observer?(.runFinished(runID: run.id, status: run.status, duration: run.finishedAt! - started))
        return run
    }
}
