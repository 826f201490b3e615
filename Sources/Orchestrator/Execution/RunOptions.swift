import ArtifactStore
import Foundation

/// How a run executes. Recorded with the run so `resume` continues the same way.
public struct RunOptions: Sendable, Equatable {
    public var useCache: Bool
    public var failFast: Bool
    public var maxParallel: Int

    public init(useCache: Bool = true, failFast: Bool = false, maxParallel: Int? = nil) {
        self.useCache = useCache
        self.failFast = failFast
        self.maxParallel = max(1, maxParallel ?? ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The recorded form (read back by `RecordedRun`); `trigger_artifact` pins what `trigger.artifact` read and `artifact_inputs`
    /// what each reference to another pipeline's artifact read, for resume and reproduce.
    func json(triggerArtifact: String? = nil, artifactInputs: [String: String] = [:]) -> JSONValue {
        var object: [String: JSONValue] = [
            "use_cache": .bool(useCache), "fail_fast": .bool(failFast), "max_parallel": .int(maxParallel),
        ]
        if let triggerArtifact { object["trigger_artifact"] = .string(triggerArtifact) }
        if !artifactInputs.isEmpty { object[PinnedArtifacts.field] = .object(artifactInputs.mapValues { .string($0) }) }
        return .object(object)
    }
}

/// What the engine reports while it works; the CLI turns these into progress lines.
public enum RunEvent: Sendable {
    case runStarted(runID: String, pipeline: String, steps: Int)
    case stepStarted(step: String, attempt: Int)
    case stepProgress(step: String, StepProgress)
    case stepRetrying(step: String, attempt: Int, delay: Double, error: String)
    case stepFinished(step: String, status: StepStatus, duration: Double?, detail: String?)
    case runFinished(runID: String, status: RunStatus, duration: Double)
}

public typealias RunObserver = @Sendable (RunEvent) -> Void
