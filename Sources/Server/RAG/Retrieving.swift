import Foundation

/// What `/rag` searches: the store's newest vector index, as the serving command provides it. The server
/// knows only these protocols, so retrieval can come from any index without the server reading the store.
public protocol Retrieving: Sendable {
    /// The index to answer one request from, looked up once per request so that every stage of it reads
    /// the same index.
    func index() throws -> any RetrievalIndex
}

/// One index, loaded.
public protocol RetrievalIndex: Sendable {
    /// The authors it holds chunks of, for self-query: a question that names one searches only theirs.
    var authors: [String] { get }
    /// The `k` chunks most similar to `query`, only `authors`' when given.
    func search(_ query: String, authors: Set<String>?, k: Int) throws -> [RetrievedChunk]
    /// How similar each text is to `query` (cosine of their embeddings), for reranking merged results.
    func similarities(of texts: [String], to query: String) throws -> [Float]
}

/// One chunk found for a question: what the answer may quote, and where it came from.
public struct RetrievedChunk: Sendable, Equatable {
    public var id: String
    public var text: String
    public var author: String?
    public var link: String?
    public var title: String?
    public var score: Float

    public init(id: String, text: String, author: String?, link: String?, title: String?, score: Float) {
        self.id = id
        self.text = text
        self.author = author
        self.link = link
        self.title = title
        self.score = score
    }

    var json: [String: Any] {
        [
            "chunk_id": id, "author": author.map { $0 as Any } ?? NSNull(), "link": link.map { $0 as Any } ?? NSNull(),
            "title": title.map { $0 as Any } ?? NSNull(), "score": Double(score), "text": text,
        ]
    }
}
