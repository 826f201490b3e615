/// Sends each invocation to the executor its `executor.kind` names: the one the CLI hands the engine when a
/// pipeline places some steps on a cluster and keeps the rest here.
public struct PlacementExecutor: Executor {
    public let local: any Executor
    public let slurm: (any Executor)?

    public init(local: any Executor = LocalExecutor(), slurm: (any Executor)?) {
        self.local = local
        self.slurm = slurm
    }

    public func execute(_ invocation: StepInvocation, local step: InProcessStep) async throws -> StepOutcome {
        switch invocation.executor.kind {
        case .local:
            return try await local.execute(invocation, local: step)
        case .slurm:
            guard let slurm else {
                throw StepFailure("step '\(invocation.step)' runs on Slurm, but this engine has no Slurm executor")
            }
            return try await slurm.execute(invocation, local: step)
        }
    }
}
