import ArtifactStore
import Foundation

/// A built-in step type: a struct that turns resolved inputs and parameters into outputs.
///
/// Steps never open the store or guess paths. They read `context.inputs` and
/// `context.parameters`, write each output under `context.outputURL(name)` (a file or a folder),
/// and return what they wrote. The engine hashes and stores it, versions it, and records lineage.
/// A long step checks `Task.isCancelled` (or uses cancellable awaits): timeouts and fail-fast cancel it.
public protocol Step: Sendable {
    /// The step's type name, version, parameters and ports, as `steps show` prints them.
    var descriptor: StepDescriptor { get }

    func run(_ context: StepContext) async throws -> StepResult

    /// Content the step reads from outside its inputs (the files a source step imports), as
    /// `[name, sha256]` pairs that join its cache key, so a changed source re-runs the step.
    /// Most steps read only their inputs and need not implement it.
    func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue]

    /// Checks the resolved parameters beyond their types (allowed words, ranges, a map's keys, a prompt's
    /// placeholders), throwing a `StepFailure` that names the parameter, so that `validate` and `run`
    /// report a mistake before any step runs. It must not read files or the network.
    func checkParameters(_ parameters: StepParameters) throws

    /// How long, in seconds, a succeeded run of this step may be reused by a later run with the same cache
    /// key: a source step's data goes stale (a crawl's `max_age`). 0 reuses nothing; nil (the default)
    /// reuses it as long as its outputs are stored.
    func cacheLifetime(_ parameters: StepParameters) throws -> Double?
}

extension Step {
    public func externalFingerprints(_ parameters: StepParameters, projectDirectory: URL) throws -> [JSONValue] { [] }

    public func checkParameters(_ parameters: StepParameters) throws {}

    public func cacheLifetime(_ parameters: StepParameters) throws -> Double? { nil }
}

/// What a step run returns: its outputs and anything it wants to say about itself.
public struct StepResult: Sendable {
    public var outputs: [String: StepOutput]
    /// Step-level metadata (for instance links that failed but did not fail the batch).
    public var metadata: [String: JSONValue]

    public init(outputs: [String: StepOutput] = [:], metadata: [String: JSONValue] = [:]) {
        self.outputs = outputs
        self.metadata = metadata
    }
}

/// One output: where the step wrote it and the metadata to store with the artifact.
public struct StepOutput: Sendable {
    public var url: URL
    public var metadata: [String: JSONValue]

    public init(url: URL, metadata: [String: JSONValue] = [:]) {
        self.url = url
        self.metadata = metadata
    }
}

/// A step failure with a message meant for the user.
public struct StepFailure: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
