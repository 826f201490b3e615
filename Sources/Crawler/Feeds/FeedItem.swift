import Foundation

/// One post of a feed. Links are absolute; `published` is ISO 8601 when the feed's date could be read
/// (RSS's RFC 822 dates are converted to UTC), otherwise the feed's own text.
public struct FeedItem: Sendable, Equatable {
    public var title: String?
    public var link: URL?
    public var author: String?
    public var published: String?
    /// The full content as HTML (`content:encoded`, Atom `content`), when the feed carries it.
    public var contentHTML: String?
    /// The summary as HTML (RSS `description`, Atom `summary`).
    public var summaryHTML: String?

    public init(
        title: String? = nil, link: URL? = nil, author: String? = nil, published: String? = nil,
        contentHTML: String? = nil, summaryHTML: String? = nil
    ) {
        self.title = title
        self.link = link
        self.author = author
        self.published = published
        self.contentHTML = contentHTML
        self.summaryHTML = summaryHTML
    }
}
