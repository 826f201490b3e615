import ArtifactStore
import Foundation

/// Runs built-in steps in this process; `command` steps start their own child processes. Outputs are left
/// where the step wrote them, for the engine to store: no copy, no JSON round trip.
public struct LocalExecutor: Executor {
    public init() {}

    public func execute(_ invocation: StepInvocation, local: InProcessStep) async throws -> StepOutcome {
        let context = StepContext(
            invocation, log: local.log, progress: local.progress, warehouse: local.warehouse, blobs: local.blobs)
        let result = try await local.implementation.run(context)
        return StepOutcome(
            outputs: result.outputs.mapValues { StepOutcome.Output(path: $0.url.path, metadata: $0.metadata) },
            metadata: result.metadata)
    }
}
