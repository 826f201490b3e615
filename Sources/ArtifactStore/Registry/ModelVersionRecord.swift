import GRDB

/// One version of a registered model: a `model` artifact's content under a model name, numbered 1, 2, 3
/// per name in the order the contents were first published. The same content published again is the
/// same version.
public struct ModelVersionRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model_versions"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var model: String
    public var version: Int
    /// The artifact that first published this content under the model's name.
    public var artifactId: String
    public var sha256: String
    /// `peft-lora`, `merged`, `gguf`, or `unknown` when the artifact neither says nor shows which.
    public var format: String
    /// The base model as the training step was given it (a path, or a registry reference).
    public var baseModel: String?
    /// The base's content digest when the version was made: what pins the base, whatever the reference
    /// points at later.
    public var baseSha256: String?
    /// The run and step run that made the content.
    public var runId: String?
    public var stepRunId: Int64?
    public var createdAt: Double

    public init(
        model: String, version: Int, artifactId: String, sha256: String, format: String, baseModel: String?,
        baseSha256: String?, runId: String?, stepRunId: Int64?, createdAt: Double
    ) {
        self.model = model
        self.version = version
        self.artifactId = artifactId
        self.sha256 = sha256
        self.format = format
        self.baseModel = baseModel
        self.baseSha256 = baseSha256
        self.runId = runId
        self.stepRunId = stepRunId
        self.createdAt = createdAt
    }

    /// `twin/3`, the form listings print and references accept.
    public var reference: String { "\(model)/\(version)" }
}
