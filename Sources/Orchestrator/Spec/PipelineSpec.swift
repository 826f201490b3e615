import ArtifactStore

/// A pipeline file, parsed: what to run, with where each part was written.
public struct PipelineSpec: Sendable {
    public var name: String
    public var description: String?
    /// Parameter defaults, in file order. Their types are the parameters' types.
    public var parameters: [(name: String, value: JSONValue)]
    /// Steps in file order.
    public var steps: [StepSpec]
    /// When the scheduler runs the pipeline by the clock.
    public var schedule: ScheduleSpec?
    /// Artifacts of other pipelines whose new versions make the scheduler run this one.
    public var triggers: [TriggerSpec]
    /// Where the steps run unless a step says otherwise; nil runs them here.
    public var executor: ExecutorSpec? = nil
    /// The exact text parsed, recorded with every run so it can be reproduced after edits.
    public var text: String
    /// The path errors are reported against.
    public var file: String
    var locations: [String: SourceLocation]

    public func step(named name: String) -> StepSpec? {
        steps.first { $0.name == name }
    }

    public var parameterDefaults: [String: JSONValue] {
        Dictionary(parameters.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }

    func location(_ key: String) -> SourceLocation? { locations[key] }
}

/// One step of a pipeline, as written (parameters not yet interpolated).
public struct StepSpec: Sendable {
    public var name: String
    public var uses: String
    public var description: String?
    /// `with:` values, possibly holding `${params.x}` references.
    public var with: [String: JSONValue]
    public var inputs: [String: InputBinding]
    /// Outputs declared in the file (only for step types that take them, such as `command`).
    public var outputs: [OutputDeclaration]
    public var after: [String]
    public var retries: Int
    /// Seconds before the first retry; doubled for each further one.
    public var retryDelay: Double
    /// Seconds, or nil for no limit.
    public var timeout: Double?
    public var cache: Bool
    public var when: String?
    public var run: String?
    /// The registered model the step's `model` output becomes a version of (`register: twin`); by default
    /// the artifact's own name.
    public var register: String?
    /// Where this step runs, over the pipeline's `executor`.
    public var executor: ExecutorSpec? = nil
    /// What an attempt asks of the machine it runs on.
    public var resources: ResourceSpec? = nil
    var locations: [String: SourceLocation]

    /// Where a part of the step was written: `step`, `uses`, `with.KEY`, `inputs.KEY`, `after.N`, ...
    public func location(_ key: String) -> SourceLocation? {
        locations[key] ?? locations["step"]
    }
}

/// `inputs: { documents: clean.documents }`: read output `documents` of step `clean`; or
/// `inputs: { preferences: datasets/preference.dataset }`: read an artifact another pipeline published.
public struct InputBinding: Sendable, Hashable, CustomStringConvertible {
    public var step: String
    public var output: String
    /// Set when the input reads another pipeline's artifact; `step` and `output` are then the
    /// pseudo-step (`ArtifactInput.key`) and output under which the engine files the resolved version.
    public var artifact: ArtifactInput?

    public init(step: String, output: String) {
        self.step = step
        self.output = output
    }

    public init(reading artifact: ArtifactInput) {
        self.init(step: artifact.key, output: ArtifactInput.output)
        self.artifact = artifact
    }

    public var description: String { artifact?.description ?? "\(step).\(output)" }
}

/// A declared output: its name and the artifact type it will be stored as.
public struct OutputDeclaration: Sendable, Hashable {
    public var name: String
    public var type: String

    public init(name: String, type: String) {
        self.name = name
        self.type = type
    }
}
