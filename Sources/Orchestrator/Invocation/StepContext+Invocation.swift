import ArtifactStore
import Foundation

extension StepContext {
    /// The context a step sees for `invocation`: the same whether it runs here or on another machine. Inputs
    /// are read by digest from `blobs` (which downloads what another machine stored).
    public init(
        _ invocation: StepInvocation, log: StepLog, progress: @escaping @Sendable (StepProgress) -> Void,
        warehouse: (any DocumentWarehouse)?, blobs: any BlobStorage
    ) {
        self.init(
            runID: invocation.runID, pipeline: invocation.pipeline, step: invocation.step, attempt: invocation.attempt,
            parameters: StepParameters(invocation.parameters),
            inputs: invocation.inputs.mapValues { input in
                StepInput(
                    artifactID: input.artifactID, name: input.name, version: input.version, type: input.type,
                    sha256: input.sha256, url: blobs.location(ofSHA256: input.sha256), metadata: input.metadata)
            },
            declaredOutputs: invocation.outputs.map { OutputDeclaration(name: $0.name, type: $0.type) },
            script: invocation.script, workDirectory: invocation.scratchURL,
            projectDirectory: URL(fileURLWithPath: invocation.projectDirectory), log: log, progress: progress,
            warehouse: warehouse, checkpointDirectory: invocation.checkpoints.map { URL(fileURLWithPath: $0) })
    }
}
