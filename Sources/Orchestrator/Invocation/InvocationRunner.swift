import ArtifactStore
import Foundation

/// Runs one invocation on whatever machine it was handed to (`orchestrate step-exec`): reads the inputs
/// from the blob storage by digest, runs the step, publishes every output to the same storage by its
/// content hash and says what it published.
///
/// Running the same invocation twice publishes the same blobs (content addresses do not change), so
/// a job run again after a lost node, or a retry that finds a first run's outputs, does no harm.
public struct InvocationRunner: Sendable {
    public let catalog: StepCatalog
    public let blobs: any BlobStorage

    public init(catalog: StepCatalog, blobs: any BlobStorage) {
        self.catalog = catalog
        self.blobs = blobs
    }

    /// Runs `invocation` to an outcome. A failure of the step is an outcome with `failure` set; what
    /// prevents writing anything (a log that cannot be opened) is thrown.
    public func run(_ invocation: StepInvocation) async throws -> StepOutcome {
        let log = try StepLog(path: URL(fileURLWithPath: invocation.log))
        log.write(
            "=== \(invocation.step) (\(invocation.type)) attempt \(invocation.attempt) on \(ProcessInfo.processInfo.hostName) at \(Timestamp.iso(Store.now()))"
        )
        do {
            let outcome = try await runStep(invocation, log: log)
            log.write("=== published \(outcome.outputs.count) outputs to \(blobs.address)")
            return outcome
        } catch {
            let message = describe(error)
            log.write("=== failed: \(message)")
            return StepOutcome(failure: message)
        }
    }

    private func runStep(_ invocation: StepInvocation, log: StepLog) async throws -> StepOutcome {
        guard let step = catalog.step(invocation.type) else {
            throw StepFailure("this orchestrate has no step type '\(invocation.type)'; run the same version on both machines")
        }
        guard step.descriptor.version == invocation.version else {
            throw StepFailure(
                "step type '\(invocation.type)' is version \(step.descriptor.version) here, but the run planned version \(invocation.version); run the same version of orchestrate on both machines"
            )
        }
        for name in invocation.inputs.keys.sorted() {
            let input = invocation.inputs[name]!
            // Reading the location fetches what another machine stored.
            let location = blobs.location(ofSHA256: input.sha256)
            guard FileManager.default.fileExists(atPath: location.path) else {
                throw StepFailure(
                    "input '\(name)' (\(input.name) v\(input.version), sha256:\(input.sha256.prefix(12))) is not in \(blobs.address): expected \(input.uri)"
                )
            }
        }
        // A run of the same invocation before this one (a lost node) must not leave its half-written outputs.
        let outputs = invocation.scratchURL.appendingPathComponent("outputs")
        try FileSystem.removeTree(outputs)
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)

        let warehouse = WarehouseQueue()
        let context = StepContext(
            invocation, log: log, progress: { progress in Self.write(progress, to: log) }, warehouse: warehouse, blobs: blobs)
        let result = try await step.run(context)

        var published: [String: StepOutcome.Output] = [:]
        for declaration in invocation.outputs {
            guard let output = result.outputs[declaration.name], FileManager.default.fileExists(atPath: output.url.path)
            else {
                throw StepFailure(
                    "declared output '\(declaration.name)' was not written (expected a file or folder at \(invocation.outputURL(declaration.name).path))"
                )
            }
            let hash = try blobs.ingest(output.url, consuming: true)
            log.write("=== output \(declaration.name): sha256:\(hash.sha256.prefix(12)) \(hash.size) bytes")
            published[declaration.name] = StepOutcome.Output(
                content: StepOutcome.PublishedContent(hash), metadata: output.metadata)
        }
        if let extra = result.outputs.keys.sorted().first(where: { published[$0] == nil }) {
            throw StepFailure("step produced an output '\(extra)' that it does not declare")
        }
        var documentsFile: String?
        let documents = warehouse.documents
        if !documents.isEmpty {
            let url = invocation.scratchURL.appendingPathComponent("documents.jsonl")
            try PublishedDocumentsFile.write(documents, to: url)
            documentsFile = url.path
        }
        return StepOutcome(outputs: published, metadata: result.metadata, documents: documentsFile)
    }

    /// Progress goes to the log: the machine that owns the run reads it there.
    private static func write(_ progress: StepProgress, to log: StepLog) {
        let fraction = progress.fraction.map { " \(Int(($0 * 100).rounded()))%" } ?? ""
        log.write("--- progress\(fraction): \(progress.message)")
    }
}
