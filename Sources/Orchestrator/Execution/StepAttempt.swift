import ArtifactStore
import Foundation

/// One attempt at a step: a fresh working folder, the executor call under the step's timeout,
/// and the outputs checked and moved into blob storage.
struct StepAttempt: Sendable {
    enum Result {
        case success([PublishedOutput], metadata: [String: JSONValue])
        case failure(String)
        case cancelled
    }

    let store: Store
    let executor: any Executor
    let plan: ExecutionPlan
    let step: PlannedStep
    let runID: String
    let projectDirectory: URL
    let observer: RunObserver?
    let models: any ModelRegistryAccess

    func run(row: StepRunRecord, inputs: [String: ArtifactRecord]) async -> Result {
        let work = store.workDirectory.appendingPathComponent(runID).appendingPathComponent("\(step.name)-\(row.attempt)")
        let log: StepLog
        do {
            // A leftover of an earlier process must not pass for this attempt's outputs.
            try FileSystem.removeTree(work)
            try FileManager.default.createDirectory(at: work.appendingPathComponent("outputs"), withIntermediateDirectories: true)
            log = try StepLog(path: store.logsDirectory.appendingPathComponent(runID).appendingPathComponent("\(step.name).log"))
        } catch {
            return .failure("cannot prepare the working folder \(work.path): \(error.localizedDescription)")
        }
        log.write("=== \(step.name) (\(step.spec.uses)) attempt \(row.attempt) at \(Timestamp.iso(Store.now()))")

        let name = step.name
        let observer = self.observer
        let warehouse = WarehouseQueue()
        let context = StepContext(
            runID: runID, pipeline: plan.pipeline, step: step.name, attempt: row.attempt,
            parameters: StepParameters(step.parameters),
            inputs: inputs.mapValues { artifact in
                StepInput(
                    artifactID: artifact.id, name: artifact.name, version: artifact.version, type: artifact.type,
                    sha256: artifact.sha256, url: store.blobs.location(ofSHA256: artifact.sha256),
                    metadata: artifact.metadataValue)
            },
            declaredOutputs: step.outputs, script: step.script, workDirectory: work, projectDirectory: projectDirectory,
            log: log, progress: { observer?(.stepProgress(step: name, $0)) }, warehouse: warehouse,
            checkpointDirectory: Self.checkpointDirectory(store: store, row: row, runID: runID))

        let implementation = step.implementation
        let executor = self.executor
        let models = self.models
        do {
            let result = try await withTimeout(step.spec.timeout) {
                try await ModelRegistryScope.$current.withValue(models) {
                    try await executor.execute(implementation, context: context)
                }
            }
            let published = try publish(result, context: context, warehouse: warehouse)
            try? FileSystem.removeTree(work)
            return .success(published, metadata: result.metadata)
        } catch {
            if Task.isCancelled {
                log.write("=== cancelled")
                try? FileSystem.removeTree(work)
                return .cancelled
            }
            let message = describe(error)
            log.write("=== failed: \(message)")
            return .failure(message)
        }
    }

    /// Where a step keeps checkpoints: by cache key, so a resumed run or a later run of the same work finds
    /// them; by run and step when the step has no key.
    static func checkpointDirectory(store: Store, row: StepRunRecord, runID: String) -> URL {
        store.checkpointsDirectory.appendingPathComponent(row.cacheKey ?? "\(runID)-\(row.step)")
    }

    /// Checks that every declared output was written, and stores each in blob storage.
    private func publish(_ result: StepResult, context: StepContext, warehouse: WarehouseQueue) throws -> [PublishedOutput] {
        if let extra = result.outputs.keys.sorted().first(where: { name in !step.outputs.contains { $0.name == name } }) {
            throw StepFailure("step produced an output '\(extra)' that it does not declare")
        }
        let documents = warehouse.documents
        if let extra = documents.keys.sorted().first(where: { name in !step.outputs.contains { $0.name == name } }) {
            throw StepFailure("step published documents from an output '\(extra)' that it does not declare")
        }
        return try step.outputs.map { declaration in
            guard let output = result.outputs[declaration.name],
                FileManager.default.fileExists(atPath: output.url.path)
            else {
                throw StepFailure(
                    "declared output '\(declaration.name)' was not written (expected a file or folder at \(context.outputURL(declaration.name).path))"
                )
            }
            let hash = try store.blobs.ingest(output.url, consuming: true)
            context.log.write("=== output \(declaration.name): sha256:\(hash.sha256.prefix(12)) \(hash.size) bytes")
            let published = documents[declaration.name] ?? []
            if !published.isEmpty {
                context.log.write("=== output \(declaration.name): \(published.count) documents for the warehouse")
            }
            return PublishedOutput(
                name: declaration.name, hash: hash, type: declaration.type, metadata: .object(output.metadata),
                documents: published)
        }
    }
}
