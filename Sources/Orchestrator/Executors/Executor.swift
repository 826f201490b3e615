import ArtifactStore
import Foundation

/// Runs one step attempt, given as plain data. The scheduler knows only this protocol: it hands over an
/// invocation and stores the outcome, whether the work ran in this process, a child of it or a cluster
/// node. Cancelling the calling task cancels the attempt (a remote executor cancels its job).
public protocol Executor: Sendable {
    /// Runs `invocation`. `local` carries what only this process has (the step's implementation, its log,
    /// progress and warehouse hooks), for an executor that runs the step here; one that runs it elsewhere
    /// ignores it. A step's failure is thrown as a `StepFailure` or returned in `StepOutcome.failure`.
    func execute(_ invocation: StepInvocation, local: InProcessStep) async throws -> StepOutcome
}
