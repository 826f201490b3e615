import ArtifactStore

/// A validated pipeline with parameters resolved: exactly what the engine will execute.
public struct ExecutionPlan: Sendable {
    public var spec: PipelineSpec
    public var parameters: [String: JSONValue]
    /// Steps in a dependency-respecting order.
    public var steps: [PlannedStep]

    public var pipeline: String { spec.name }

    /// Whether a step reads `trigger.artifact` (directly or in a `when` guard).
    public var readsTrigger: Bool { steps.contains { $0.dependencies.contains(TriggerInput.step) } }

    /// Every (step, input) that reads another pipeline's artifact, in plan order and then by input name.
    public var artifactInputs: [(step: PlannedStep, input: String, artifact: ArtifactInput)] {
        steps.flatMap { step in
            step.spec.inputs.keys.sorted().compactMap { input in
                step.spec.inputs[input]?.artifact.map { (step, input, $0) }
            }
        }
    }

    public func step(_ name: String) -> PlannedStep? {
        steps.first { $0.name == name }
    }

    public var graph: PipelineGraph {
        PipelineGraph(
            nodes: steps.map(\.name), dependencies: Dictionary(uniqueKeysWithValues: steps.map { ($0.name, $0.dependencies) }))
    }
}

/// One step ready to run: its implementation, resolved parameters and what it waits for.
public struct PlannedStep: Sendable {
    public var spec: StepSpec
    public var implementation: any Step
    /// `with:` values interpolated, with the step type's defaults filled in.
    public var parameters: [String: JSONValue]
    /// `run:` with parameters interpolated.
    public var script: String?
    public var outputs: [OutputDeclaration]
    public var dependencies: Set<String>
    public var when: WhenExpression?
    /// Where the step runs: its own `executor`, else the pipeline's, else here.
    public var executor: ExecutorSpec

    public var name: String { spec.name }
    public var resources: ResourceSpec? { spec.resources }
    public var descriptor: StepDescriptor { implementation.descriptor }
}
