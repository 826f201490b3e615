import GRDB

/// A versioned piece of content with its metadata and the step run that made it. Only `publishedAt`
/// changes after it is stored: every run that publishes the same content again moves it forward.
public struct ArtifactRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifacts"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: String
    public var pipeline: String
    /// `step.output`, scoped by the pipeline.
    public var name: String
    public var version: Int
    /// `documents`, `chunks`, `dataset`, `model`, `report`, `file`, ...
    public var type: String
    public var kind: ContentHash.Kind
    public var sha256: String
    public var size: Int64
    public var metadata: String
    public var producerStepRunId: Int64?
    public var createdAt: Double
    /// When a step run last published (or, cached, reused) this content; `@latest` is the newest by this.
    public var publishedAt: Double

    public init(
        id: String, pipeline: String, name: String, version: Int, type: String, kind: ContentHash.Kind,
        sha256: String, size: Int64, metadata: String, producerStepRunId: Int64?, createdAt: Double,
        publishedAt: Double? = nil
    ) {
        self.id = id
        self.pipeline = pipeline
        self.name = name
        self.version = version
        self.type = type
        self.kind = kind
        self.sha256 = sha256
        self.size = size
        self.metadata = metadata
        self.producerStepRunId = producerStepRunId
        self.createdAt = createdAt
        self.publishedAt = publishedAt ?? createdAt
    }

    /// `pipeline/name@version`, the form every listing prints.
    public var qualifiedName: String { "\(pipeline)/\(name)@\(version)" }

    public var metadataValue: JSONValue { (try? JSONText.parse(metadata)) ?? .object([:]) }

    /// What `when` guards see of an artifact: its metadata plus `size`, `version`, `sha256` and `type`.
    public var guardValue: JSONValue {
        var fields = metadataValue.objectValue ?? [:]
        fields["size"] = .int(Int(size))
        fields["version"] = .int(version)
        fields["sha256"] = .string(sha256)
        fields["type"] = .string(type)
        return .object(fields)
    }
}

extension ContentHash.Kind: DatabaseValueConvertible {}

/// An edge: a step run read an artifact under an input name.
public struct StepInputRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "step_inputs"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public var stepRunId: Int64
    public var input: String
    public var artifactId: String
}

/// An edge: a step run produced (or, when cached, reused) an artifact under an output name.
public struct StepOutputRecord: Codable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "step_outputs"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase
    public var stepRunId: Int64
    public var output: String
    public var artifactId: String
}
