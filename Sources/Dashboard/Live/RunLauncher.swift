import ArtifactStore
import Foundation
import Orchestrator

/// Starts runs, resumes and reproductions in the background of the server process and answers as soon
/// as the engine has recorded the run, with its id; the run goes on after the request has returned.
public final class RunLauncher: Sendable {
    let engine: RunEngine
    let catalog: StepCatalog

    public init(store: Store, catalog: StepCatalog) {
        engine = RunEngine(store: store)
        self.catalog = catalog
    }

    /// A new run of `plan`.
    public func start(_ plan: ExecutionPlan, projectDirectory: URL) async throws -> String {
        let engine = engine
        return try await launch { observer in
            try await engine.run(
                plan, options: RunOptions(), start: RunEngine.Start(projectDirectory: projectDirectory), observer: observer
            ).id
        }
    }

    /// Finishes an interrupted or failed run in place; its id stays the same.
    public func resume(_ runID: String) async throws -> String {
        let engine = engine
        let catalog = catalog
        return try await launch { observer in try await engine.resume(runID, catalog: catalog, observer: observer).id }
    }

    /// Re-runs a recorded run with the cache off; the new run's page shows the match report.
    public func reproduce(_ runID: String) async throws -> String {
        let engine = engine
        let catalog = catalog
        return try await launch { observer in
            try await engine.reproduce(runID, catalog: catalog, observer: observer).reproduction.id
        }
    }

    /// Runs `body` in a task of its own and returns the run id from its first event; an error before the run
    /// is recorded (a bad plan, a run already being resumed) is thrown to the caller instead.
    private func launch(_ body: @escaping @Sendable (@escaping RunObserver) async throws -> String) async throws -> String {
        let (ids, continuation) = AsyncStream<String>.makeStream()
        let observer: RunObserver = { event in
            if case .runStarted(let runID, _, _) = event {
                continuation.yield(runID)
                continuation.finish()
            }
        }
        let task = Task.detached {
            defer { continuation.finish() }
            return try await body(observer)
        }
        for await id in ids { return id }
        return try await task.value
    }
}
