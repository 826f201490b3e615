/// An evaluation of a model version: an `evaluation` artifact made by a step run that read the version's
/// content. Its metadata holds `"metrics": {name: number}` and `"gate": {"expression": ..., "passed": ...}`.
public struct ModelEvaluation: Sendable, Equatable {
    /// What the evaluation decided, when its step had a gate.
    public struct Gate: Sendable, Equatable {
        public var expression: String
        public var passed: Bool

        public init(expression: String, passed: Bool) {
            self.expression = expression
            self.passed = passed
        }
    }

    public var artifact: ArtifactRecord
    /// The step run that made (or, cached, reused) the evaluation, and its run.
    public var stepRunID: Int64
    public var runID: String
    public var finishedAt: Double
    /// Every numeric entry of the metadata's `metrics`; other values are left out.
    public var metrics: [String: Double]
    public var gate: Gate?

    public init(artifact: ArtifactRecord, stepRunID: Int64, runID: String, finishedAt: Double) {
        self.artifact = artifact
        self.stepRunID = stepRunID
        self.runID = runID
        self.finishedAt = finishedAt
        let metadata = artifact.metadataValue
        var metrics: [String: Double] = [:]
        for (name, value) in metadata["metrics"]?.objectValue ?? [:] {
            if let number = value.doubleValue { metrics[name] = number }
        }
        self.metrics = metrics
        if let expression = metadata["gate"]?["expression"]?.stringValue,
            let passed = metadata["gate"]?["passed"]?.boolValue
        {
            gate = Gate(expression: expression, passed: passed)
        }
    }
}
