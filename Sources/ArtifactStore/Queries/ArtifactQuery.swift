/// Which artifacts a paginated listing shows.
public struct ArtifactQuery: Sendable, Equatable {
    public var pipeline: String?
    /// The artifact's name (`step.output`) or just its output part.
    public var name: String?
    public var type: String?
    public var offset: Int
    public var limit: Int

    public init(pipeline: String? = nil, name: String? = nil, type: String? = nil, offset: Int = 0, limit: Int = 50) {
        self.pipeline = pipeline
        self.name = name
        self.type = type
        self.offset = max(0, offset)
        self.limit = max(1, limit)
    }
}
