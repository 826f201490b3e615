/// One document a crawler found: what the warehouse stores, before authorship is attached.
public struct CrawledDocument: Sendable, Equatable {
    /// article, post or repository.
    public var kind: String
    public var platform: String
    /// The document's address as the user wrote it (or the feed gave it): its identity.
    public var link: String
    public var title: String?
    public var published: String?
    public var content: String

    public init(kind: String, platform: String, link: String, title: String? = nil, published: String? = nil, content: String) {
        self.kind = kind
        self.platform = platform
        self.link = link
        self.title = title
        self.published = published
        self.content = content
    }
}

/// A link that produced no document, and why.
public struct LinkFailure: Sendable, Equatable {
    public var link: String
    public var reason: String

    public init(link: String, reason: String) {
        self.link = link
        self.reason = reason
    }
}
