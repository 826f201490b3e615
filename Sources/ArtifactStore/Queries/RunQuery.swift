/// Which runs a paginated listing shows: every field narrows the list, nil fields do not.
public struct RunQuery: Sendable, Equatable {
    public var pipeline: String?
    public var status: RunStatus?
    public var trigger: String?
    /// Only runs created at or after this time (seconds since 1970).
    public var since: Double?
    /// Only runs created before this time.
    public var until: Double?
    public var offset: Int
    public var limit: Int

    public init(
        pipeline: String? = nil, status: RunStatus? = nil, trigger: String? = nil, since: Double? = nil,
        until: Double? = nil, offset: Int = 0, limit: Int = 50
    ) {
        self.pipeline = pipeline
        self.status = status
        self.trigger = trigger
        self.since = since
        self.until = until
        self.offset = max(0, offset)
        self.limit = max(1, limit)
    }
}

/// One page of a listing and how many rows match in all.
public struct QueryPage<Row: Sendable>: Sendable {
    public var rows: [Row]
    public var total: Int
    public var offset: Int
    public var limit: Int

    public init(rows: [Row], total: Int, offset: Int, limit: Int) {
        self.rows = rows
        self.total = total
        self.offset = offset
        self.limit = limit
    }
}
