/// One result of a search: where the vector sits in the index, its id and metadata, and its cosine
/// similarity to the query (the inner product of the two unit vectors, so 1 is the same direction).
public struct VectorSearchHit: Sendable, Hashable {
    /// The vector's position in the index, in the order it was added.
    public var position: Int
    public var id: String
    public var score: Float
    public var metadata: VectorMetadata

    public init(position: Int, id: String, score: Float, metadata: VectorMetadata) {
        self.position = position
        self.id = id
        self.score = score
        self.metadata = metadata
    }
}
