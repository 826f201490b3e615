import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps

/// A store, a project folder and a catalog of test steps for running pipelines in-process.
struct EngineFixture {
    let folder: TemporaryFolder
    let store: Store
    let recorder = Recorder()
    let catalog: StepCatalog

    var project: URL { folder.url.appendingPathComponent("project") }
    var engine: RunEngine { RunEngine(store: store) }

    init() throws {
        folder = try TemporaryFolder()
        store = try Store(root: folder.url.appendingPathComponent("runs"))
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("project"), withIntermediateDirectories: true)
        catalog = StepCatalog(recorder.steps + [CommandStep(), NoopStep()])
    }

    func remove() {
        folder.remove()
    }

    func plan(_ yaml: String, overrides: [(String, String)] = []) throws -> ExecutionPlan {
        let spec = try SpecParser.parse(yaml, file: "test.yaml")
        return try PipelineValidator(catalog: catalog).plan(spec, parameters: try ParameterOverrides.apply(overrides, to: spec))
    }

    @discardableResult
    func run(_ plan: ExecutionPlan, options: RunOptions = RunOptions(maxParallel: 2), observer: RunObserver? = nil)
        async throws -> RunRecord
    {
        try await engine.run(plan, options: options, start: RunEngine.Start(projectDirectory: project), observer: observer)
    }

    /// The latest attempt of each step of a run.
    func steps(of run: RunRecord) throws -> [String: StepRunRecord] {
        try store.latestStepRuns(runID: run.id)
    }

    /// Every attempt of one step of a run, oldest first.
    func attempts(of step: String, in run: RunRecord) throws -> [StepRunRecord] {
        try store.stepRuns(runID: run.id).filter { $0.step == step }
    }

    /// The status of the latest attempt of each step.
    func statuses(of run: RunRecord) throws -> [String: StepStatus] {
        try steps(of: run).mapValues(\.status)
    }

    /// The artifact a step's latest attempt produced or reused under `output`.
    func artifact(_ step: String, _ output: String = "out", in run: RunRecord) throws -> ArtifactRecord? {
        guard let id = try steps(of: run)[step]?.id else { return nil }
        return try store.outputs(ofStepRun: id)[output]
    }

    /// The text content of a step's output.
    func text(_ step: String, _ output: String = "out", in run: RunRecord) throws -> String? {
        guard let artifact = try artifact(step, output, in: run) else { return nil }
        return try String(contentsOf: store.blobs.location(ofSHA256: artifact.sha256), encoding: .utf8)
    }
}

/// Collects engine events from any thread.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [RunEvent] = []

    var observer: RunObserver {
        { event in
            self.lock.lock()
            self.stored.append(event)
            self.lock.unlock()
        }
    }

    var events: [RunEvent] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}
