import GRDB

/// One entry of the append-only alias log: an alias of a model moved from one version (none when it was
/// first set) to another, why, by whom and when.
public struct ModelAliasMove: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "model_alias_moves"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Action: String, Codable, Sendable, DatabaseValueConvertible {
        /// The alias was set to a version it did not hold.
        case promote
        /// The alias went back to the version it held before the promotion being undone.
        case rollback
    }

    public var id: Int64?
    public var model: String
    public var alias: String
    public var action: Action
    public var fromVersion: Int?
    public var toVersion: Int
    public var reason: String?
    /// Whether a failed or missing evaluation gate was overridden.
    public var forced: Bool
    public var movedBy: String
    public var movedAt: Double

    public init(
        id: Int64? = nil, model: String, alias: String, action: Action, fromVersion: Int?, toVersion: Int, reason: String?,
        forced: Bool, movedBy: String, movedAt: Double
    ) {
        self.id = id
        self.model = model
        self.alias = alias
        self.action = action
        self.fromVersion = fromVersion
        self.toVersion = toVersion
        self.reason = reason
        self.forced = forced
        self.movedBy = movedBy
        self.movedAt = movedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
