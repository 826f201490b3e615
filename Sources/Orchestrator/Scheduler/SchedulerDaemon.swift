import ArtifactStore
import Foundation

/// The long-running scheduler: watches a pipeline folder, records due firings of schedules and
/// artifact triggers in the store, and runs them, up to `maxConcurrentRuns` at once.
///
/// Exactly once: a firing is recorded (unique key) before its run starts, and the run is inserted
/// together with the firing's `started` mark. After a crash, pending firings are started, runs of
/// started firings that were interrupted are resumed, and nothing already recorded is fired again.
public final class SchedulerDaemon: @unchecked Sendable {
    public struct Options: Sendable {
        public var folder: URL
        public var maxConcurrentRuns: Int = 2
        /// Fire what is due, wait for those runs (and what they trigger), then return.
        public var once = false
        /// How long a stop waits for running steps before cancelling them.
        public var grace: Double = 30
        /// Seconds between passes.
        public var tick: Double = 0.25
        /// A pause between recording firings and starting their runs (fault-injection for tests).
        public var pauseBeforeStart: Double = 0

        public init(folder: URL) {
            self.folder = folder
        }
    }

    let store: Store
    let catalog: StepCatalog
    let clock: any SchedulerClock
    let options: Options
    let log: @Sendable (String) -> Void
    private var pipelines: PipelineFolder
    private var reportedProblems: [String: String] = [:]
    private var active: [Int64: Task<Void, Never>] = [:]
    private let finished = LockedSet()
    private let stopRequests = LockedCounter()

    public init(
        store: Store, catalog: StepCatalog, clock: any SchedulerClock = SystemClock(), options: Options,
        log: @escaping @Sendable (String) -> Void
    ) {
        self.store = store
        self.catalog = catalog
        self.clock = clock
        self.options = options
        self.log = log
        pipelines = PipelineFolder(folder: options.folder, pipelines: [:], problems: [:], fingerprint: [:])
    }

    /// Asks the daemon to stop: the first request stops firing and lets runs finish within the
    /// grace period; a second one cancels them at once.
    public func requestStop() {
        _ = stopRequests.increment()
    }

    public func run() async throws {
        let lease = try SchedulerLease.acquire(store)
        defer { lease.release() }
        log("scheduler started on \(store.root.path), watching \(PipelineFolder.relativePath(of: options.folder))/")
        var lastHeartbeat = Date()
        reload()
        try recover()
        var quietPasses = 0
        while stopRequests.value == 0 {
            if Date().timeIntervalSince(lastHeartbeat) >= 5 {
                do {
                    try lease.heartbeat()
                } catch {
                    // The flock still decides who schedules; only the lease row others read is stale.
                    log("error: could not record the scheduler's heartbeat: \(error); retrying")
                }
                lastHeartbeat = Date()
            }
            reap()
            if PipelineFolder.fingerprint(of: options.folder) != pipelines.fingerprint { reload() }
            do {
                let recorded = try recordDueFirings()
                if !recorded.isEmpty, options.pauseBeforeStart > 0 {
                    try? await Task.sleep(nanoseconds: DurationParser.nanoseconds(options.pauseBeforeStart))
                }
                let started = try startPendingFirings()
                if options.once {
                    quietPasses = (recorded.isEmpty && started == 0 && active.isEmpty) ? quietPasses + 1 : 0
                    if quietPasses >= 2 { break }
                }
            } catch {
                // A busy or failing store must not stop the scheduler: what was not recorded is
                // still due on the next pass.
                log("error: \(error); retrying")
                try? await Task.sleep(nanoseconds: 1_000_000_000)
            }
            try? await Task.sleep(nanoseconds: DurationParser.nanoseconds(options.tick))
        }
        await shutDown()
        log("scheduler stopped")
    }

    // MARK: - Passes

    private func reload() {
        pipelines = PipelineFolder.load(options.folder, catalog: catalog)
        for (file, diagnostics) in pipelines.problems.sorted(by: { $0.key < $1.key }) {
            let text = diagnostics.map(\.description).joined(separator: "\n  ")
            if reportedProblems[file] != text {
                log("not scheduling \(file):\n  \(text)")
                reportedProblems[file] = text
            }
        }
        for file in reportedProblems.keys where pipelines.problems[file] == nil {
            reportedProblems[file] = nil
            log("\(file) is valid again")
        }
    }

    /// Runs of started firings that were interrupted are resumed; pending firings start normally.
    private func recover() throws {
        for firing in try store.firings(status: .started) {
            guard let runID = firing.runId, let id = firing.id, let run = try store.run(id: runID),
                store.effectiveStatus(of: run) == .interrupted
            else { continue }
            log("resuming run \(Identifier.short(runID)) of \(firing.pipeline), interrupted while the scheduler was down")
            let engine = RunEngine(store: store)
            let catalog = self.catalog
            let finished = self.finished
            let log = self.log
            active[id] = Task {
                do {
                    let resumed = try await engine.resume(runID, catalog: catalog)
                    log("run \(Identifier.short(runID)) of \(firing.pipeline) \(resumed.status.rawValue)")
                } catch {
                    log("could not resume run \(Identifier.short(runID)): \(error)")
                }
                finished.insert(id)
            }
        }
    }

    private func recordDueFirings() throws -> [FiringRecord] {
        let now = clock.now()
        var candidates: [FiringRecord] = []
        for entry in pipelines.pipelines.values.sorted(by: { $0.spec.name < $1.spec.name }) {
            let name = entry.spec.name
            if let schedule = entry.spec.schedule, let cron = try? CronExpression(schedule.cron),
                let timeZone = TimeZone(identifier: schedule.timezone)
            {
                let watched = try store.watchStart(pipeline: name, kind: .schedule, now: now.timeIntervalSince1970)
                let cursor = try store.lastScheduledFiring(pipeline: name) ?? watched
                candidates += FiringPlanner.scheduleFirings(
                    pipeline: name, schedule: schedule, cron: cron, timeZone: timeZone,
                    after: Date(timeIntervalSince1970: cursor), now: now, recordedAt: Store.now())
            }
            if !entry.spec.triggers.isEmpty {
                // Artifacts carry real creation times, so triggers are watched in real time.
                let watched = try store.watchStart(pipeline: name, kind: .artifact, now: Store.now())
                for trigger in entry.spec.triggers {
                    for artifact in try store.unfiredArtifacts(
                        pipeline: trigger.pipeline, name: trigger.artifact, after: watched, firingPipeline: name)
                    {
                        candidates.append(
                            FiringPlanner.artifactFiring(
                                pipeline: name, trigger: trigger, artifact: artifact,
                                recordedAt: Store.now()))
                    }
                }
            }
        }
        let recorded = try store.record(firings: candidates)
        for firing in recorded {
            switch (firing.kind, firing.status) {
            case (_, .skipped): log("\(firing.pipeline): skipped \(firing.reason ?? "")")
            case (.schedule, _):
                log("\(firing.pipeline): schedule fired for \(FiringPlanner.iso(Date(timeIntervalSince1970: firing.dueAt ?? 0)))")
            case (.artifact, _):
                let artifact = try firing.artifactId.flatMap { try store.artifact(id: $0) }
                log("\(firing.pipeline): triggered by new version \(artifact?.qualifiedName ?? firing.artifactId ?? "?")")
            }
        }
        return recorded
    }

    private func startPendingFirings() throws -> Int {
        var started = 0
        for firing in try store.firings(status: .pending) {
            guard let id = firing.id, active[id] == nil else { continue }
            guard active.count < options.maxConcurrentRuns else { break }
            guard let entry = pipelines.pipelines[firing.pipeline] else {
                // The pipeline's file was removed or broken: the firing cannot run as recorded.
                var skipped = firing
                skipped.status = .skipped
                skipped.reason =
                    "pipeline '\(firing.pipeline)' is no longer valid in \(PipelineFolder.relativePath(of: options.folder))/"
                try store.update(firing: skipped)
                log("\(firing.pipeline): \(skipped.reason!)")
                continue
            }
            let artifact = try firing.artifactId.flatMap { try store.artifact(id: $0) }
            let start = RunEngine.Start(
                trigger: firing.kind == .schedule ? "schedule" : "artifact",
                triggerDetail: firing.kind == .schedule
                    ? firing.dueAt.map { FiringPlanner.iso(Date(timeIntervalSince1970: $0)) } : firing.artifactId,
                projectDirectory: ProjectDirectory.of(pipelineFile: entry.file), firingID: id, triggerArtifact: artifact)
            let engine = RunEngine(store: store)
            let plan = entry.plan
            let finished = self.finished
            let log = self.log
            let firingStore = self.store
            active[id] = Task {
                do {
                    let run = try await engine.run(plan, options: RunOptions(), start: start)
                    log("run \(Identifier.short(run.id)) of \(plan.pipeline) \(run.status.rawValue)")
                } catch {
                    // A firing whose run could not even be recorded would be retried forever;
                    // record why it was given up instead.
                    log("could not start or finish \(plan.pipeline): \(error)")
                    do {
                        try firingStore.skipPendingFiring(id: id, reason: "could not start: \(error)")
                    } catch let recording {
                        log("error: could not record why firing \(id) of \(plan.pipeline) was given up: \(recording)")
                    }
                }
                finished.insert(id)
            }
            started += 1
        }
        return started
    }

    private func reap() {
        for id in finished.drain() { active[id] = nil }
    }

    /// Stops firing; lets runs finish within the grace period, then cancels what is left.
    private func shutDown() async {
        reap()
        guard !active.isEmpty else { return }
        log(
            "stopping: waiting up to \(DurationParser.format(options.grace)) for \(active.count) run\(active.count == 1 ? "" : "s")"
        )
        let deadline = Date().addingTimeInterval(options.grace)
        while !active.isEmpty, Date() < deadline, stopRequests.value < 2 {
            try? await Task.sleep(nanoseconds: 100_000_000)
            reap()
        }
        for task in active.values { task.cancel() }
        for task in active.values { await task.value }
        active.removeAll()
    }
}

/// Ids of firings whose runs ended, handed from run tasks to the daemon's loop.
final class LockedSet: @unchecked Sendable {
    private let lock = NSLock()
    private var values = Set<Int64>()

    func insert(_ value: Int64) {
        lock.lock()
        values.insert(value)
        lock.unlock()
    }

    func drain() -> Set<Int64> {
        lock.lock()
        defer { lock.unlock() }
        let drained = values
        values.removeAll()
        return drained
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }
}
