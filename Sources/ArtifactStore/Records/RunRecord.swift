import GRDB

/// One execution of a pipeline, with everything needed to resume or reproduce it.
public struct RunRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "runs"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: String
    public var pipeline: String
    public var status: RunStatus
    /// `manual`, `reproduce` (detail: the original run id), ...
    public var trigger: String
    public var triggerDetail: String?
    /// The exact pipeline text the run was planned from, so it survives edits to the file.
    public var specText: String
    public var specPath: String?
    public var projectDir: String
    /// Canonical JSON of the resolved parameters.
    public var parameters: String
    /// Canonical JSON of the run options (cache, fail-fast, parallelism).
    public var options: String
    public var createdAt: Double
    public var startedAt: Double?
    public var finishedAt: Double?
    public var pid: Int32?
    public var error: String?

    public init(
        id: String, pipeline: String, status: RunStatus, trigger: String, triggerDetail: String? = nil,
        specText: String, specPath: String?, projectDir: String, parameters: String, options: String,
        createdAt: Double, startedAt: Double? = nil, finishedAt: Double? = nil, pid: Int32? = nil, error: String? = nil
    ) {
        self.id = id
        self.pipeline = pipeline
        self.status = status
        self.trigger = trigger
        self.triggerDetail = triggerDetail
        self.specText = specText
        self.specPath = specPath
        self.projectDir = projectDir
        self.parameters = parameters
        self.options = options
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.pid = pid
        self.error = error
    }

    public enum Columns {
        public static let id = Column("id")
        public static let pipeline = Column("pipeline")
        public static let status = Column("status")
        public static let createdAt = Column("created_at")
    }
}

/// A run's recorded state. `interrupted` is never written: it is how a `running` run whose
/// process died is reported (see `Store.effectiveStatus`).
public enum RunStatus: String, Codable, Sendable, DatabaseValueConvertible {
    case pending, running, succeeded, failed, cancelled, interrupted

    public var isFinished: Bool { self == .succeeded || self == .failed || self == .cancelled }
}
