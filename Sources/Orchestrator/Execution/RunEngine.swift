import ArtifactStore
import Foundation

/// Executes pipelines: plans are turned into runs, steps are scheduled in dependency order with
/// up to `maxParallel` at once, and every state change is written to the store before it is
/// acted on, so a killed process leaves a run that `resume` can finish.
public struct RunEngine: Sendable {
    public let store: Store
    public let executor: any Executor

    public init(store: Store, executor: any Executor = LocalExecutor()) {
        self.store = store
        self.executor = executor
    }

    public struct Start: Sendable {
        public var trigger: String = "manual"
        public var triggerDetail: String?
        public var projectDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        /// Steps already finished before the run starts (reproduce reuses source steps' outputs).
        var reused: [String: (StepRunRecord, [String: ArtifactRecord])] = [:]

        public init(trigger: String = "manual", triggerDetail: String? = nil, projectDirectory: URL? = nil) {
            self.trigger = trigger
            self.triggerDetail = triggerDetail
            if let projectDirectory { self.projectDirectory = projectDirectory }
        }
    }

    /// Records a new run of `plan` and executes it to the end.
    @discardableResult
    public func run(_ plan: ExecutionPlan, options: RunOptions, start: Start = Start(), observer: RunObserver? = nil)
        async throws -> RunRecord
    {
        let runID = Identifier.make()
        let lock = try store.acquireLock(for: runID)
        defer { lock.release() }
        let now = Store.now()
        var run = RunRecord(
            id: runID, pipeline: plan.pipeline, status: .running, trigger: start.trigger, triggerDetail: start.triggerDetail,
            specText: plan.spec.text, specPath: plan.spec.file, projectDir: start.projectDirectory.path,
            parameters: JSONText.compact(.object(plan.parameters)), options: JSONText.compact(options.json),
            createdAt: now, startedAt: now, pid: getpid())
        try store.insert(run: run)
        var rows = try store.insert(stepRuns: plan.steps.map { step in
            StepRunRecord(runId: runID, pipeline: plan.pipeline, step: step.name, stepType: step.spec.uses, attempt: 1, status: .pending)
        })
        var finished: [String: StepOutcome] = [:]
        for (index, row) in rows.enumerated() {
            guard let (original, outputs) = start.reused[row.step] else { continue }
            var cached = row
            cached.status = .cached
            cached.cachedFrom = original.id
            cached.cacheKey = original.cacheKey
            cached.startedAt = Store.now()
            cached.finishedAt = cached.startedAt
            try store.recordInputs(stepRunID: cached.id!, try store.inputs(ofStepRun: original.id!).mapValues(\.id))
            try store.completeCached(stepRun: cached, outputs: outputs)
            rows[index] = cached
            finished[row.step] = .succeeded(outputs)
        }
        observer?(.runStarted(runID: runID, pipeline: plan.pipeline, steps: plan.steps.count))
        run.status = await execute(plan, run: run, rows: rows, finished: finished, options: options,
                                   projectDirectory: start.projectDirectory, observer: observer)
        run.finishedAt = Store.now()
        try store.update(run: run)
        observer?(.runFinished(runID: runID, status: run.status, duration: run.finishedAt! - now))
        return run
    }

    /// Schedules every unfinished step and returns the run's final status.
    func execute(
        _ plan: ExecutionPlan, run: RunRecord, rows: [StepRunRecord], finished initial: [String: StepOutcome],
        options: RunOptions, projectDirectory: URL, observer: RunObserver?
    ) async -> RunStatus {
        var finished = initial
        var pending = plan.steps.map(\.name).filter { finished[$0] == nil }
        var rowsByStep = Dictionary(rows.map { ($0.step, $0) }, uniquingKeysWith: { _, last in last })
        var running = 0
        var stopping = false
        let runner = StepRunner(store: store, executor: executor, plan: plan, runID: run.id, options: options,
                                projectDirectory: projectDirectory, observer: observer)

        await withTaskGroup(of: (String, StepOutcome).self) { group in
            func settle(_ name: String, _ status: StepStatus, _ reason: String) {
                if var row = rowsByStep[name] {
                    row.status = status
                    row.error = reason
                    row.finishedAt = Store.now()
                    try? store.update(stepRun: row)
                    rowsByStep[name] = row
                }
                finished[name] = status == .skipped ? .skipped : .cancelled
                observer?(.stepFinished(step: name, status: status, duration: nil, detail: reason))
            }

            func launchReady() {
                var progressed = true
                while progressed {
                    progressed = false
                    for name in pending {
                        guard let step = plan.step(name) else { continue }
                        let upstream = step.dependencies.sorted()
                        guard upstream.allSatisfy({ finished[$0] != nil }) else { continue }
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
                            group.addTask { (name, await runner.execute(step, row: row, upstream: inputs)) }
                        } else {
                            continue
                        }
                        pending.removeAll { $0 == name }
                        progressed = true
                        break
                    }
                }
            }

            launchReady()
            while let (name, outcome) = await group.next() {
                running -= 1
                finished[name] = outcome
                if case .failed = outcome, options.failFast, !stopping {
                    stopping = true
                    group.cancelAll()
                }
                if Task.isCancelled { stopping = true }
                launchReady()
            }
            // Whatever could never become ready (a cancelled run) is recorded as cancelled.
            for name in pending { settle(name, .cancelled, "cancelled before it started") }
        }

        let outcomes = plan.steps.compactMap { finished[$0.name] }
        if outcomes.contains(where: { if case .failed = $0 { true } else { false } }) { return .failed }
        if outcomes.contains(where: { if case .cancelled = $0 { true } else { false } }) {
            return Task.isCancelled ? .cancelled : .failed
        }
        return .succeeded
    }
}
