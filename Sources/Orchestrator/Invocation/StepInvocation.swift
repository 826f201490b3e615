import ArtifactStore
import Foundation

/// One attempt at one step as plain data: everything a machine needs to do the work, and nothing that
/// lives only in the process that planned it (no closures, no store handle).
///
/// The local executor runs it in process; `orchestrate step-exec INVOCATION.json` runs it anywhere the
/// binary, the paths it names and the blob storage are reachable. Its JSON form is versioned by `format`:
/// a binary refuses a format it does not know instead of guessing at fields.
public struct StepInvocation: Codable, Sendable, Equatable {
    /// The format this binary writes and reads.
    public static let currentFormat = 1

    public var format: Int = Self.currentFormat
    public var runID: String
    public var pipeline: String
    public var step: String
    public var attempt: Int
    /// The step type (`embed`, `command`) and the version of it that planned the work.
    public var type: String
    public var version: Int
    /// Parameters interpolated, with the type's defaults filled in.
    public var parameters: [String: JSONValue]
    /// The `run:` script with parameters interpolated, for step types that take one.
    public var script: String?
    public var inputs: [String: Input]
    public var outputs: [Output]
    /// The attempt's own working folder: outputs are written under `outputs/`, the outcome beside it.
    public var scratch: String
    /// The project folder relative paths of the pipeline are read from.
    public var projectDirectory: String
    /// A folder that outlives the attempt, for checkpoints; nil where there is none.
    public var checkpoints: String?
    /// The step's log, appended to.
    public var log: String
    /// Where inputs are read and outputs published (`BlobStorage.address`).
    public var blobs: String
    public var executor: ExecutorSpec
    public var resources: ResourceSpec?
    /// Seconds the engine gives the attempt before cancelling it.
    public var timeoutSeconds: Double?

    public init(
        runID: String, pipeline: String, step: String, attempt: Int, type: String, version: Int,
        parameters: [String: JSONValue], script: String?, inputs: [String: Input], outputs: [Output], scratch: String,
        projectDirectory: String, checkpoints: String?, log: String, blobs: String, executor: ExecutorSpec,
        resources: ResourceSpec?, timeoutSeconds: Double?
    ) {
        self.runID = runID
        self.pipeline = pipeline
        self.step = step
        self.attempt = attempt
        self.type = type
        self.version = version
        self.parameters = parameters
        self.script = script
        self.inputs = inputs
        self.outputs = outputs
        self.scratch = scratch
        self.projectDirectory = projectDirectory
        self.checkpoints = checkpoints
        self.log = log
        self.blobs = blobs
        self.executor = executor
        self.resources = resources
        self.timeoutSeconds = timeoutSeconds
    }

    /// An input artifact: its identity, its content's digest and where another machine finds that content.
    public struct Input: Codable, Sendable, Equatable {
        public var artifactID: String
        public var name: String
        public var version: Int
        public var type: String
        public var sha256: String
        public var uri: String
        public var metadata: JSONValue

        public init(
            artifactID: String, name: String, version: Int, type: String, sha256: String, uri: String, metadata: JSONValue
        ) {
            self.artifactID = artifactID
            self.name = name
            self.version = version
            self.type = type
            self.sha256 = sha256
            self.uri = uri
            self.metadata = metadata
        }

        enum CodingKeys: String, CodingKey {
            case artifactID = "artifact_id"
            case name, version, type, sha256, uri, metadata
        }
    }

    /// A declared output: a name the step must write and the artifact type it is stored as.
    public struct Output: Codable, Sendable, Equatable {
        public var name: String
        public var type: String

        public init(name: String, type: String) {
            self.name = name
            self.type = type
        }
    }

    enum CodingKeys: String, CodingKey {
        case format
        case runID = "run_id"
        case pipeline, step, attempt, type, version, parameters, script, inputs, outputs, scratch
        case projectDirectory = "project_directory"
        case checkpoints, log, blobs, executor, resources
        case timeoutSeconds = "timeout_seconds"
    }

    public var scratchURL: URL { URL(fileURLWithPath: scratch) }
    /// Where the step writes output `name`.
    public func outputURL(_ name: String) -> URL { scratchURL.appendingPathComponent("outputs").appendingPathComponent(name) }
    /// Where `step-exec` leaves the outcome for whoever submitted the invocation.
    public var outcomeURL: URL { scratchURL.appendingPathComponent("outcome.json") }
    /// Where a submitting executor writes the invocation for `step-exec` to read.
    public var invocationURL: URL { scratchURL.appendingPathComponent("invocation.json") }

    /// The stable JSON form: keys sorted, so equal invocations are equal bytes.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Reads an invocation, refusing one written in a format this binary does not know.
    public static func decode(_ data: Data, from file: String) throws -> StepInvocation {
        let format: Int
        do {
            format = try JSONDecoder().decode(FormatProbe.self, from: data).format
        } catch {
            throw StepFailure("\(file): not a step invocation (\(InvocationCoding.describe(error)))")
        }
        guard format == currentFormat else {
            throw StepFailure(
                "\(file): invocation format \(format), but this orchestrate reads format \(currentFormat); run the same version of orchestrate on both machines"
            )
        }
        do {
            return try JSONDecoder().decode(StepInvocation.self, from: data)
        } catch {
            throw StepFailure("\(file): \(InvocationCoding.describe(error))")
        }
    }
}

/// The one field every format has.
private struct FormatProbe: Decodable {
    var format: Int
}
