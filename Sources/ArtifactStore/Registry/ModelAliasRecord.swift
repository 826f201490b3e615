import GRDB

/// An alias as it stands: which version of the model it points at now.
public struct ModelAliasRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "model_aliases"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var model: String
    public var alias: String
    public var version: Int
    public var updatedAt: Double
}
