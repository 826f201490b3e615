import ArtifactStore
import Foundation

/// What a running step may use: its resolved parameters and inputs, a fresh working folder,
/// its log and a way to report progress.
public struct StepContext: Sendable {
    public var runID: String
    public var pipeline: String
    public var step: String
    public var attempt: Int
    public var parameters: StepParameters
    public var inputs: [String: StepInput]
    /// Outputs declared in the pipeline file (for step types that take them).
    public var declaredOutputs: [OutputDeclaration]
    /// The `run:` script with parameters interpolated (for step types that take one).
    public var script: String?
    /// An empty folder for this attempt alone; removed when the step ends.
    public var workDirectory: URL
    /// The project folder (see `ProjectDirectory`); relative paths in a pipeline are read from it.
    public var projectDirectory: URL
    public var log: StepLog
    public var progress: @Sendable (StepProgress) -> Void
    /// Where source steps publish documents to the data warehouse; nil where there is none.
    public var warehouse: (any DocumentWarehouse)? = nil
    /// A folder that outlives the attempt, for a long step's checkpoints: the same for every attempt of
    /// the same work (its cache key), so a resumed or retried run continues where the killed one stopped.
    /// The engine removes it once the step has succeeded. Nil where there is none.
    public var checkpointDirectory: URL? = nil

    /// Where to write an output. Nothing exists there yet; write a file or create a folder.
    public func outputURL(_ name: String) -> URL {
        workDirectory.appendingPathComponent("outputs").appendingPathComponent(name)
    }

    public func input(_ name: String) throws -> StepInput {
        guard let input = inputs[name] else { throw StepFailure("step '\(step)' has no input named '\(name)'") }
        return input
    }
}

/// An input artifact as a step sees it: a read-only file or folder plus its metadata.
public struct StepInput: Sendable {
    public var artifactID: String
    public var name: String
    public var version: Int
    public var type: String
    public var sha256: String
    public var url: URL
    public var metadata: JSONValue
}

/// A step's report of how far along it is.
public struct StepProgress: Sendable {
    public var fraction: Double?
    public var message: String

    public init(fraction: Double? = nil, message: String) {
        self.fraction = fraction
        self.message = message
    }
}

/// Resolved parameters with the step type's defaults filled in, read with typed accessors.
public struct StepParameters: Sendable {
    public var values: [String: JSONValue]

    public init(_ values: [String: JSONValue]) {
        self.values = values
    }

    public subscript(name: String) -> JSONValue? { values[name] }

    public func string(_ name: String) throws -> String {
        guard let text = values[name]?.stringValue else { throw mismatch(name, "text") }
        return text
    }

    public func int(_ name: String) throws -> Int {
        guard let number = values[name]?.intValue else { throw mismatch(name, "a whole number") }
        return number
    }

    public func double(_ name: String) throws -> Double {
        guard let number = values[name]?.doubleValue else { throw mismatch(name, "a number") }
        return number
    }

    public func bool(_ name: String) throws -> Bool {
        guard let flag = values[name]?.boolValue else { throw mismatch(name, "true or false") }
        return flag
    }

    private func mismatch(_ name: String, _ expected: String) -> StepFailure {
        StepFailure("parameter '\(name)' must be \(expected), got \(values[name]?.typeName ?? "nothing")")
    }
}

extension StepContext {
    /// Writes `text` as output `name` and returns it as a one-output result, the common ending
    /// of a step with a single text output.
    public func result(writing text: String, to name: String, metadata: [String: JSONValue] = [:]) throws -> StepResult {
        try Data(text.utf8).write(to: outputURL(name))
        return StepResult(outputs: [name: StepOutput(url: outputURL(name), metadata: metadata)])
    }
}
