/// The knobs of an HNSW graph, stored in the index file so that a loaded index searches as it was built.
/// The defaults are the paper's and hnswlib's usual ones, which reach a recall@10 above 0.95 on a
/// hundred thousand 384-dimensional embeddings.
public struct HNSWParameters: Sendable, Hashable {
    /// Neighbours kept per node on the upper layers; layer 0 keeps twice as many (M0 = 2M).
    public var m: Int
    /// Candidates kept while looking for a new node's neighbours: higher builds slower and better.
    public var efConstruction: Int
    /// Candidates kept while searching, at least k: higher searches slower with a better recall.
    public var efSearch: Int
    /// Seeds the draw of each node's top layer, so that a build on one thread is reproducible.
    public var seed: UInt64

    public init(m: Int = 16, efConstruction: Int = 200, efSearch: Int = 50, seed: UInt64 = 0x5EED) {
        self.m = m
        self.efConstruction = efConstruction
        self.efSearch = efSearch
        self.seed = seed
    }

    /// Neighbours kept per node on layer 0.
    var m0: Int { 2 * m }

    /// Throws `invalidParameter`, naming `file`, for values the graph cannot be built or searched with.
    func validate(file: String) throws {
        guard (2...1024).contains(m) else {
            throw VectorIndexError(.invalidParameter, file: file, message: "M must be between 2 and 1024, not \(m)")
        }
        guard efConstruction >= 1, efSearch >= 1 else {
            throw VectorIndexError(
                .invalidParameter, file: file,
                message: "efConstruction and efSearch must be at least 1, not \(efConstruction) and \(efSearch)")
        }
    }
}
