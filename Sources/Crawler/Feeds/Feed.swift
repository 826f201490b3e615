import Foundation

/// An RSS or Atom feed: its title, the site it belongs to, and its items in feed order.
public struct Feed: Sendable, Equatable {
    public var title: String?
    public var link: URL?
    public var items: [FeedItem]

    public init(title: String? = nil, link: URL? = nil, items: [FeedItem] = []) {
        self.title = title
        self.link = link
        self.items = items
    }
}
