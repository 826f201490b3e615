import Foundation

/// One document of the data warehouse, as source steps publish it and `documents list` reads it.
///
/// `id` is the document's own identity (the warehouse export's `_id`, or a digest of its link):
/// publishing the same id again replaces the row only when `contentSHA256` differs.
public struct WarehouseDocument: Sendable, Equatable {
    public var id: String
    public var kind: String
    public var platform: String?
    public var link: String?
    public var title: String?
    public var author: String
    public var authorID: String
    public var content: String
    public var contentSHA256: String
    /// When the row was last written (set by the store).
    public var crawledAt: Double?
    /// The artifact the row last came from (set by the store).
    public var sourceArtifactID: String?

    public init(
        id: String, kind: String, platform: String? = nil, link: String? = nil, title: String? = nil, author: String,
        authorID: String, content: String, contentSHA256: String, crawledAt: Double? = nil, sourceArtifactID: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.platform = platform
        self.link = link
        self.title = title
        self.author = author
        self.authorID = authorID
        self.content = content
        self.contentSHA256 = contentSHA256
        self.crawledAt = crawledAt
        self.sourceArtifactID = sourceArtifactID
    }
}

/// What an upsert did: new rows, rows whose content changed, and rows left as they were.
public struct WarehouseUpsertCounts: Sendable, Equatable {
    public var inserted = 0
    public var updated = 0
    public var unchanged = 0

    public init(inserted: Int = 0, updated: Int = 0, unchanged: Int = 0) {
        self.inserted = inserted
        self.updated = updated
        self.unchanged = unchanged
    }
}
