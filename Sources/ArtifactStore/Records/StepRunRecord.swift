import GRDB

/// One attempt at one step in one run. Its input and output edges are the lineage.
public struct StepRunRecord: Codable, Sendable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "step_runs"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var runId: String
    public var pipeline: String
    public var step: String
    public var stepType: String
    public var attempt: Int
    public var status: StepStatus
    public var cacheKey: String?
    /// For a `cached` step run: the step run whose outputs it reused.
    public var cachedFrom: Int64?
    public var startedAt: Double?
    public var finishedAt: Double?
    public var error: String?
    /// Canonical JSON the step reported about itself (counts, failures it tolerated).
    public var metadata: String
    /// Why an earlier step run with the same cache key was not reused (`CacheMiss` as JSON), if one existed.
    public var cacheMiss: String?

    public init(
        id: Int64? = nil, runId: String, pipeline: String, step: String, stepType: String, attempt: Int,
        status: StepStatus, cacheKey: String? = nil, cachedFrom: Int64? = nil, startedAt: Double? = nil,
        finishedAt: Double? = nil, error: String? = nil, metadata: String = "{}", cacheMiss: String? = nil
    ) {
        self.id = id
        self.runId = runId
        self.pipeline = pipeline
        self.step = step
        self.stepType = stepType
        self.attempt = attempt
        self.status = status
        self.cacheKey = cacheKey
        self.cachedFrom = cachedFrom
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.metadata = metadata
        self.cacheMiss = cacheMiss
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    public var duration: Double? {
        guard let startedAt, let finishedAt else { return nil }
        return finishedAt - startedAt
    }
}

public enum StepStatus: String, Codable, Sendable, DatabaseValueConvertible, CaseIterable {
    case pending, running, succeeded, failed, cached, skipped, cancelled

    /// Finished with its outputs available to dependents.
    public var isSuccess: Bool { self == .succeeded || self == .cached }
    public var isFinished: Bool { self != .pending && self != .running }
}
