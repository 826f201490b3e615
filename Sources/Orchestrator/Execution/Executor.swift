/// Runs one step attempt. The scheduler knows only this protocol, so that steps can later run
/// on other machines (Slurm, Kubernetes) without touching it. Cancelling the calling task cancels
/// the step.
public protocol Executor: Sendable {
    func execute(_ step: any Step, context: StepContext) async throws -> StepResult
}

/// Runs built-in steps in this process; `command` steps start their own child processes.
public struct LocalExecutor: Executor {
    public init() {}

    public func execute(_ step: any Step, context: StepContext) async throws -> StepResult {
        try await step.run(context)
    }
}
