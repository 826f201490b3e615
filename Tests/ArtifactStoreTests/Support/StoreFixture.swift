import ArtifactStore
import Foundation
import OrchestrateTesting

/// A store in a temporary folder, with helpers that record runs and step runs the way the
/// engine does: a step run is inserted, its inputs recorded, its outputs ingested and published.
struct StoreFixture {
    let folder: TemporaryFolder
    let store: Store

    init() throws {
        folder = try TemporaryFolder()
        store = try Store(root: folder.url.appendingPathComponent("runs"))
    }

    func remove() {
        folder.remove()
    }

    /// Records a finished run of `pipeline`.
    @discardableResult
    func makeRun(pipeline: String = "demo", status: RunStatus = .succeeded, id: String = Identifier.make()) throws -> RunRecord {
        let run = RunRecord(
            id: id, pipeline: pipeline, status: status, trigger: "manual", specText: "name: \(pipeline)\n",
            specPath: nil, projectDir: folder.url.path, parameters: "{}", options: "{}", createdAt: Store.now())
        try store.insert(run: run)
        return run
    }

    /// Stores `text` as a file blob and returns its content hash.
    func ingest(_ text: String) throws -> ContentHash {
        let file = try folder.write(text, to: "staging/\(UUID().uuidString)")
        return try store.blobs.ingest(file, consuming: true)
    }

    /// One step run of `step` in `run` that read `inputs` and produced one text file per output.
    @discardableResult
    func produce(
        step: String, in run: RunRecord, inputs: [String: ArtifactRecord] = [:], outputs: [String: String],
        status: StepStatus = .succeeded, cacheKey: String? = nil, type: String = "text"
    ) throws -> (stepRun: StepRunRecord, artifacts: [String: ArtifactRecord]) {
        var row = try store.insert(
            stepRun: StepRunRecord(
                runId: run.id, pipeline: run.pipeline, step: step, stepType: "test", attempt: 1, status: .running,
                cacheKey: cacheKey, startedAt: Store.now()))
        try store.recordInputs(stepRunID: row.id!, inputs.mapValues(\.id))
        let published = try outputs.keys.sorted().map { name in
            PublishedOutput(
                name: name, hash: try ingest(outputs[name]!), type: type, metadata: ["length": .int(outputs[name]!.count)])
        }
        row.status = status
        row.finishedAt = Store.now()
        let artifacts = try store.complete(stepRun: row, outputs: published)
        return (row, artifacts)
    }
}
