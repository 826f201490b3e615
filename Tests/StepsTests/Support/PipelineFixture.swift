import ArtifactStore
import Foundation
import OrchestrateTesting
import Orchestrator
import Steps

/// A store and a project folder for running pipelines of built-in steps in-process.
struct PipelineFixture {
    let folder: TemporaryFolder
    let store: Store

    var project: URL { folder.url.appendingPathComponent("project") }
    var engine: RunEngine { RunEngine(store: store) }

    init() throws {
        folder = try TemporaryFolder()
        store = try Store(root: folder.url.appendingPathComponent("runs"))
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("project"), withIntermediateDirectories: true)
    }

    func remove() {
        folder.remove()
    }

    func plan(_ yaml: String) throws -> ExecutionPlan {
        try PipelineValidator(catalog: BuiltInSteps.catalog).plan(SpecParser.parse(yaml, file: "test.yaml"))
    }

    @discardableResult
    func run(_ yaml: String, options: RunOptions = RunOptions(maxParallel: 2)) async throws -> RunRecord {
        try await engine.run(try plan(yaml), options: options, start: RunEngine.Start(projectDirectory: project))
    }

    /// The latest attempt of one step of a run.
    func step(_ name: String, of run: RunRecord) throws -> StepRunRecord? {
        try store.latestStepRuns(runID: run.id)[name]
    }

    /// The artifact a step's latest attempt produced under `output`.
    func artifact(_ step: String, _ output: String, in run: RunRecord) throws -> ArtifactRecord? {
        guard let id = try self.step(step, of: run)?.id else { return nil }
        return try store.outputs(ofStepRun: id)[output]
    }

    /// The text content of a step's output file.
    func text(_ step: String, _ output: String, in run: RunRecord) throws -> String? {
        guard let artifact = try artifact(step, output, in: run) else { return nil }
        return try String(contentsOf: store.blobs.location(ofSHA256: artifact.sha256), encoding: .utf8)
    }
}
