/// The switches of one `/rag` request: which stages of the retrieval pipeline run, and how much each
/// fetches. Every stage can be turned off, so a user can see what each adds (`debug: true`).
struct RAGSettings: Sendable, Equatable {
    /// Narrow the search to the authors the question names.
    var selfQuery = true
    /// Extra phrasings of the question the model writes, each searched too.
    var expansions = 2
    /// Chunks fetched per query.
    var perQuery = 3
    /// Rerank the merged chunks by their similarity to the question itself.
    var rerank = true
    /// Chunks given to the model.
    var k = 3
    var debug = false

    init(_ body: [String: Any]) throws(APIError) {
        let fields = RequestFields(body)
        selfQuery = try fields.bool("self_query") ?? selfQuery
        expansions = try fields.integer("expand") ?? expansions
        perQuery = try fields.integer("per_query") ?? perQuery
        rerank = try fields.bool("rerank") ?? rerank
        k = try fields.integer("k") ?? k
        debug = try fields.bool("debug") ?? debug
        guard (0...5).contains(expansions) else {
            throw APIError.invalid("expand", "'expand' must be from 0 to 5, got \(expansions)")
        }
        guard (1...20).contains(perQuery) else {
            throw APIError.invalid("per_query", "'per_query' must be from 1 to 20, got \(perQuery)")
        }
        guard (1...20).contains(k) else { throw APIError.invalid("k", "'k' must be from 1 to 20, got \(k)") }
    }
}
