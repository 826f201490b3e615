import Orchestrator

/// Does nothing, on purpose: a join point for `after:` edges ("run this once those are done").
public struct NoopStep: Step {
    public init() {}

    public var descriptor: StepDescriptor {
        StepDescriptor(type: "noop", version: 1, summary: "Does nothing; a join point for 'after' edges.")
    }

    public func run(_ context: StepContext) async throws -> StepResult {
        StepResult()
    }
}
