import Foundation

/// What `ArticleExtractor` finds in a web page.
public struct ExtractedArticle: Sendable, Equatable {
    public var title: String?
    public var author: String?
    /// The publication date as the page states it in ISO 8601, e.g. "2024-03-01" or "2024-03-01T10:00:00Z".
    public var published: String?
    /// The main text, rendered as described by `ArticleExtractor`.
    public var text: String
    /// RSS and Atom feeds the page advertises with `<link rel="alternate">`, resolved to absolute URLs.
    public var feedLinks: [URL]
    public var canonicalURL: URL?

    public init(
        title: String? = nil, author: String? = nil, published: String? = nil, text: String,
        feedLinks: [URL] = [], canonicalURL: URL? = nil
    ) {
        self.title = title
        self.author = author
        self.published = published
        self.text = text
        self.feedLinks = feedLinks
        self.canonicalURL = canonicalURL
    }
}
