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
        let invocation = self.invocation(row: row, inputs: inputs, work: work, log: log)
        let local = InProcessStep(
            implementation: step.implementation, log: log, progress: { observer?(.stepProgress(step: name, $0)) },
            warehouse: warehouse, blobs: store.blobs)

        let executor = self.executor
        let models = self.models
        do {
            let outcome = try await withTimeout(step.spec.timeout) {
                try await ModelRegistryScope.$current.withValue(models) {
                    try await executor.execute(invocation, local: local)
                }
            }
            if let failure = outcome.failure { throw StepFailure(failure) }
            let published = try publish(outcome, invocation: invocation, log: log, warehouse: warehouse)
            try? FileSystem.removeTree(work)
            return .success(published, metadata: outcome.metadata)
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

    /// The attempt as plain data, for whichever executor runs it.
    private func invocation(row: StepRunRecord, inputs: [String: ArtifactRecord], work: URL, log: StepLog)
        -> StepInvocation
    {
        StepInvocation(
            runID: runID, pipeline: plan.pipeline, step: step.name, attempt: row.attempt, type: step.descriptor.type,
            version: step.descriptor.version, parameters: step.parameters, script: step.script,
            inputs: inputs.mapValues { artifact in
                StepInvocation.Input(
                    artifactID: artifact.id, name: artifact.name, version: artifact.version, type: artifact.type,
                    sha256: artifact.sha256, uri: store.blobs.uri(ofSHA256: artifact.sha256), metadata: artifact.metadataValue
                )
            },
            outputs: step.outputs.map { StepInvocation.Output(name: $0.name, type: $0.type) }, scratch: work.path,
            projectDirectory: projectDirectory.path,
            checkpoints: Self.checkpointDirectory(store: store, row: row, runID: runID).path, log: log.path.path,
            blobs: store.blobs.address, executor: step.executor, resources: step.resources,
            timeoutSeconds: step.spec.timeout)
    }

    /// Where a step keeps checkpoints: by cache key, so a resumed run or a later run of the same work finds
    /// them; by run and step when the step has no key.
    static func checkpointDirectory(store: Store, row: StepRunRecord, runID: String) -> URL {
        store.checkpointsDirectory.appendingPathComponent(row.cacheKey ?? "\(runID)-\(row.step)")
    }

    /// Checks that every declared output was written, and stores each in blob storage: a path is ingested,
    /// content another machine published is checked to be there.
    private func publish(_ outcome: StepOutcome, invocation: StepInvocation, log: StepLog, warehouse: WarehouseQueue)
        throws -> [PublishedOutput]
    {
        if let extra = outcome.outputs.keys.sorted().first(where: { name in !step.outputs.contains { $0.name == name } }) {
            throw StepFailure("step produced an output '\(extra)' that it does not declare")
        }
        var documents = warehouse.documents
        if let file = outcome.documents {
            documents.merge(try PublishedDocumentsFile.read(URL(fileURLWithPath: file))) { queued, read in queued + read }
        }
        if let extra = documents.keys.sorted().first(where: { name in !step.outputs.contains { $0.name == name } }) {
            throw StepFailure("step published documents from an output '\(extra)' that it does not declare")
        }
        return try step.outputs.map { declaration in
            let hash = try stored(declaration.name, outcome.outputs[declaration.name], invocation: invocation)
            log.write("=== output \(declaration.name): sha256:\(hash.sha256.prefix(12)) \(hash.size) bytes")
            let published = documents[declaration.name] ?? []
            if !published.isEmpty {
                log.write("=== output \(declaration.name): \(published.count) documents for the warehouse")
            }
            return PublishedOutput(
                name: declaration.name, hash: hash, type: declaration.type,
                metadata: .object(outcome.outputs[declaration.name]?.metadata ?? [:]), documents: published)
        }
    }

    private func stored(_ name: String, _ output: StepOutcome.Output?, invocation: StepInvocation) throws -> ContentHash {
        if let content = output?.content {
            guard store.blobs.contains(sha256: content.sha256) else {
                throw StepFailure(
                    "output '\(name)' was published as sha256:\(content.sha256.prefix(12)), but \(store.blobs.address) does not hold it"
                )
            }
            return content.hash
        }
        guard let path = output?.path, FileManager.default.fileExists(atPath: path) else {
            throw StepFailure(
                "declared output '\(name)' was not written (expected a file or folder at \(invocation.outputURL(name).path))")
        }
        return try store.blobs.ingest(URL(fileURLWithPath: path), consuming: true)
    }
}
