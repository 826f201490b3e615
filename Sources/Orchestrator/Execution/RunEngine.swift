import ArtifactStore
import Foundation

/// Executes pipelines: plans are turned into runs, steps are scheduled in dependency order with
/// up to `maxParallel` at once, and every state change is written to the store before it is
/// acted on, so a killed process leaves a run that `resume` can finish.
public struct RunEngine: Sendable {
    public let store: Store
    public let executor: any Executor

    /// By default steps run here, and those whose `executor` says `slurm` run as Slurm jobs of this binary.
    public init(store: Store, executor: (any Executor)? = nil) {
        self.store = store
        self.executor = executor ?? PlacementExecutor(slurm: SlurmExecutor.ofThisBinary(store: store))
    }

    public struct Start: Sendable {
        public var trigger: String = "manual"
        public var triggerDetail: String?
        public var projectDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        /// Steps already finished before the run starts (reproduce reuses source steps' outputs).
        var reused: [String: (StepRunRecord, [String: ArtifactRecord])] = [:]
        /// The firing (schedule or trigger) that starts this run; marked started with the run.
        public var firingID: Int64?
        /// What `trigger.artifact` reads; by default the latest version of the first trigger's artifact.
        public var triggerArtifact: ArtifactRecord?
        /// What references to other pipelines' artifacts read, by `ArtifactInput.key`, when an earlier run pinned them.
        var artifactInputs: [String: ArtifactRecord] = [:]

        public init(
            trigger: String = "manual", triggerDetail: String? = nil, projectDirectory: URL? = nil, firingID: Int64? = nil,
            triggerArtifact: ArtifactRecord? = nil
        ) {
            self.trigger = trigger
            self.triggerDetail = triggerDetail
            self.firingID = firingID
            self.triggerArtifact = triggerArtifact
            if let projectDirectory { self.projectDirectory = projectDirectory }
        }
    }

    /// Records a new run of `plan` and executes it to the end.
    @discardableResult
    public func run(_ plan: ExecutionPlan, options: RunOptions, start: Start = Start(), observer: RunObserver? = nil)
        async throws -> RunRecord
    {
        let triggerArtifact = try resolveTriggerArtifact(plan, start.triggerArtifact)
        let artifactInputs = try resolveArtifactInputs(plan, pinned: start.artifactInputs)
        let runID = Identifier.make()
        let lock = try store.acquireLock(for: runID)
        defer { lock.release() }
        let now = Store.now()
        var run = RunRecord(
            id: runID, pipeline: plan.pipeline, status: .running, trigger: start.trigger, triggerDetail: start.triggerDetail,
            specText: plan.spec.text, specPath: plan.spec.file, projectDir: start.projectDirectory.path,
            parameters: JSONText.compact(.object(plan.parameters)),
            options: JSONText.compact(
                options.json(triggerArtifact: triggerArtifact?.id, artifactInputs: PinnedArtifacts.ids(artifactInputs))),
            createdAt: now, startedAt: now, pid: getpid())
        if let firingID = start.firingID {
            try store.insert(run: run, startingFiring: firingID)
        } else {
            try store.insert(run: run)
        }
        var rows = try store.insert(
            stepRuns: plan.steps.map { step in
                StepRunRecord(
                    runId: runID, pipeline: plan.pipeline, step: step.name, stepType: step.spec.uses, attempt: 1, status: .pending
                )
            })
        var finished: [String: StepCompletion] = [:]
        if let triggerArtifact { finished[TriggerInput.step] = .succeeded([TriggerInput.output: triggerArtifact]) }
        finished.merge(PinnedArtifacts.outcomes(artifactInputs)) { _, pinned in pinned }
        for (index, row) in rows.enumerated() {
            guard let (original, outputs) = start.reused[row.step] else { continue }
            var cached = row
            cached.status = .cached
            cached.cachedFrom = original.id
            cached.cacheKey = original.cacheKey
            cached.startedAt = Store.now()
            cached.finishedAt = cached.startedAt
            try store.recordInputs(stepRunID: cached.id!, try store.inputs(ofStepRun: original.id!).mapValues(\.id))
            try store.completeCached(stepRun: cached, outputs: outputs, registerAs: plan.step(row.step)?.spec.register)
            rows[index] = cached
            finished[row.step] = .succeeded(outputs)
        }
        observer?(.runStarted(runID: runID, pipeline: plan.pipeline, steps: plan.steps.count))
        for step in plan.steps where start.reused[step.name] != nil {
            observer?(.stepFinished(step: step.name, status: .cached, duration: 0, detail: "recorded outputs reused"))
        }
        try await executeToEnd(
            plan, run: &run, rows: rows, finished: finished, options: options,
            projectDirectory: start.projectDirectory, observer: observer)
        observer?(.runFinished(runID: runID, status: run.status, duration: run.finishedAt! - now))
        return run
    }

    /// Executes the unfinished steps and records how the run ended. When the store refuses a state
    /// change the run stops, is recorded failed with the reason if the store still takes that, and the
    /// error is thrown: a run never goes on as if a state had been recorded that was not.
    func executeToEnd(
        _ plan: ExecutionPlan, run: inout RunRecord, rows: [StepRunRecord], finished: [String: StepCompletion],
        options: RunOptions, projectDirectory: URL, observer: RunObserver?
    ) async throws {
        do {
            run.status = try await execute(
                plan, run: run, rows: rows, finished: finished, options: options, projectDirectory: projectDirectory,
                observer: observer)
        } catch let failure {
            run.status = .failed
            run.error = describe(failure)
            run.finishedAt = Store.now()
            do {
                try store.update(run: run)
            } catch {
                throw StateRecordingError(
                    subject: "run \(Identifier.short(run.id))", state: "failed", detail: describe(failure), underlying: error)
            }
            throw failure
        }
        run.finishedAt = Store.now()
        do {
            try store.update(run: run)
        } catch {
            throw StateRecordingError(
                subject: "run \(Identifier.short(run.id))", state: run.status.rawValue, detail: nil, underlying: error)
        }
    }

    /// The artifact version `trigger.artifact` stands for in this run, when a step reads it.
    func resolveTriggerArtifact(_ plan: ExecutionPlan, _ given: ArtifactRecord?) throws -> ArtifactRecord? {
        guard plan.readsTrigger else { return nil }
        if let given { return given }
        guard let trigger = plan.spec.triggers.first else { return nil }
        guard let latest = try store.latestArtifact(pipeline: trigger.pipeline, name: trigger.artifact) else {
            throw RunStateError(
                description:
                    "pipeline '\(plan.pipeline)' reads trigger.artifact, but pipeline '\(trigger.pipeline)' has published no '\(trigger.artifact)' yet; run it first",
                hint:
                    "orchestrate run pipelines/\(trigger.pipeline).yaml (wherever that pipeline's file is), then this one again"
            )
        }
        return latest
    }

    /// Schedules every unfinished step and returns the run's final status; throws the first state the
    /// store refused to record, after cancelling what was running.
    func execute(
        _ plan: ExecutionPlan, run: RunRecord, rows: [StepRunRecord], finished initial: [String: StepCompletion],
        options: RunOptions, projectDirectory: URL, observer: RunObserver?
    ) async throws -> RunStatus {
        var finished = initial
        let steps = Dictionary(uniqueKeysWithValues: plan.steps.map { ($0.name, $0) })
        let dependents = plan.graph.dependents
        var rowsByStep = Dictionary(rows.map { ($0.step, $0) }, uniquingKeysWith: { _, last in last })
        // Steps not yet finished, with how many of their dependencies are still unfinished;
        // a step becomes ready when that count reaches zero. O(steps + edges) per run.
        var waiting: [String: Int] = [:]
        for step in plan.steps where finished[step.name] == nil {
            waiting[step.name] = step.dependencies.filter { finished[$0] == nil }.count
        }
        var ready = plan.steps.map(\.name).filter { waiting[$0] == 0 }
        var running = 0
        var stopping = false
        var unrecorded: StateRecordingError?
        let runner = StepRunner(
            store: store, executor: executor, plan: plan, runID: run.id, options: options,
            projectDirectory: projectDirectory, observer: observer, models: StoreModelRegistry(store: store))

        await withTaskGroup(of: (String, Result<StepCompletion, StateRecordingError>).self) { group in
            func record(_ name: String, _ outcome: StepCompletion) {
                finished[name] = outcome
                waiting[name] = nil
                for dependent in dependents[name] ?? [] {
                    guard let count = waiting[dependent] else { continue }
                    waiting[dependent] = count - 1
                    if count == 1 { ready.append(dependent) }
                }
            }

            func stop(_ error: StateRecordingError) {
                if unrecorded == nil { unrecorded = error }
                stopping = true
                group.cancelAll()
            }

            func settle(_ name: String, _ status: StepStatus, _ reason: String) {
                if var row = rowsByStep[name] {
                    row.status = status
                    row.error = reason
                    row.finishedAt = Store.now()
                    do {
                        try store.update(stepRun: row)
                    } catch {
                        stop(
                            StateRecordingError(
                                subject: "step '\(name)'", state: status.rawValue, detail: reason, underlying: error))
                    }
                    rowsByStep[name] = row
                }
                observer?(.stepFinished(step: name, status: status, duration: nil, detail: reason))
                record(name, status == .skipped ? .skipped : .cancelled)
            }

            func launchReady() {
                var deferred: [String] = []
                while !ready.isEmpty {
                    let name = ready.removeFirst()
                    guard let step = steps[name] else { continue }
                    let upstream = step.dependencies.sorted()
                    if stopping || Task.isCancelled {
                        settle(name, .cancelled, "cancelled before it started")
                    } else if let blocked = upstream.first(where: { finished[$0]?.outputs == nil }) {
                        let why: String
                        switch finished[blocked]! {
                        case .failed: why = "failed"
                        case .cancelled: why = "was cancelled"
                        default: why = "was skipped"
                        }
                        settle(name, .skipped, "upstream step '\(blocked)' \(why)")
                    } else if running < options.maxParallel {
                        let inputs = Dictionary(uniqueKeysWithValues: upstream.map { ($0, finished[$0]!.outputs!) })
                        let row = rowsByStep[name]!
                        running += 1
                        waiting[name] = nil
                        group.addTask {
                            do {
                                return (name, .success(try await runner.execute(step, row: row, upstream: inputs)))
                            } catch let error as StateRecordingError {
                                return (name, .failure(error))
                            } catch {
                                return (
                                    name,
                                    .failure(
                                        StateRecordingError(
                                            subject: "step '\(name)'", state: "an outcome", detail: nil, underlying: error))
                                )
                            }
                        }
                    } else {
                        deferred.append(name)
                    }
                }
                ready = deferred
            }

            launchReady()
            while let (name, result) = await group.next() {
                running -= 1
                let outcome: StepCompletion
                switch result {
                case .success(let value):
                    outcome = value
                case .failure(let error):
                    stop(error)
                    outcome = .failed
                }
                record(name, outcome)
                if case .failed = outcome, options.failFast, !stopping {
                    stopping = true
                    group.cancelAll()
                }
                if Task.isCancelled { stopping = true }
                launchReady()
            }
            // Whatever could never become ready (a cancelled run) is recorded as cancelled.
            for step in plan.steps where finished[step.name] == nil {
                settle(step.name, .cancelled, "cancelled before it started")
            }
        }

        if let unrecorded { throw unrecorded }
        let outcomes = plan.steps.compactMap { finished[$0.name] }
        if outcomes.contains(where: { if case .failed = $0 { true } else { false } }) { return .failed }
        if outcomes.contains(where: { if case .cancelled = $0 { true } else { false } }) {
            return Task.isCancelled ? .cancelled : .failed
        }
        return .succeeded
    }
}
