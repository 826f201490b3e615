import GRDB

/// One firing of a schedule or trigger, recorded before its run starts so that a restarted
/// scheduler neither skips nor repeats it. `key` is unique: `schedule:PIPELINE:TIME` or
/// `artifact:PIPELINE:ARTIFACT_ID`.
public struct FiringRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "firings"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public enum Kind: String, Codable, Sendable, DatabaseValueConvertible {
        case schedule, artifact
    }

    public enum Status: String, Codable, Sendable, DatabaseValueConvertible {
        /// Recorded, run not started yet.
        case pending
        /// Its run was recorded (see `runId`).
        case started
        /// Deliberately not run (missed under catch_up, or a false `when`); `reason` says why.
        case skipped
    }

    public var id: Int64?
    public var key: String
    public var pipeline: String
    public var kind: Kind
    /// For schedules: the fire time.
    public var dueAt: Double?
    /// For artifact triggers: the new version that fired.
    public var artifactId: String?
    public var status: Status
    public var reason: String?
    public var runId: String?
    public var createdAt: Double

    public init(
        id: Int64? = nil, key: String, pipeline: String, kind: Kind, dueAt: Double? = nil, artifactId: String? = nil,
        status: Status, reason: String? = nil, runId: String? = nil, createdAt: Double
    ) {
        self.id = id
        self.key = key
        self.pipeline = pipeline
        self.kind = kind
        self.dueAt = dueAt
        self.artifactId = artifactId
        self.status = status
        self.reason = reason
        self.runId = runId
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
