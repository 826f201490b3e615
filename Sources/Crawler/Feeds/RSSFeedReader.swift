import Foundation

/// Reads RSS 2.0 channels (elements in no namespace) and RSS 1.0 ones (elements in the RSS 1.0 namespace,
/// items beside the channel), with the Dublin Core and content modules.
struct RSSFeedReader {
    /// The namespace of the core RSS elements: nil for RSS 0.9x/2.0.
    var namespace: String?
    var url: URL?

    func feed(channel: MarkupElement, items: [MarkupElement]) -> Feed {
        Feed(
            title: FeedMarkup.text(of: channel, child: "title", namespace: namespace),
            link: LinkResolver.resolve(FeedMarkup.text(of: channel, child: "link", namespace: namespace), against: url),
            items: items.map(item))
    }

    private func item(_ item: MarkupElement) -> FeedItem {
        let published =
            FeedMarkup.text(of: item, child: "pubDate", namespace: namespace).map { date in
                RFC822Date.iso8601(from: date) ?? date
            } ?? FeedMarkup.text(of: item, child: "date", namespace: FeedNamespace.dublinCore)
        return FeedItem(
            title: FeedMarkup.text(of: item, child: "title", namespace: namespace),
            link: link(of: item),
            author: FeedMarkup.text(of: item, child: "creator", namespace: FeedNamespace.dublinCore)
                ?? FeedMarkup.text(of: item, child: "author", namespace: namespace).map(Self.authorName),
            published: published,
            contentHTML: FeedMarkup.html(of: item.firstChild(named: "encoded", namespace: FeedNamespace.content)),
            summaryHTML: FeedMarkup.html(of: item.firstChild(named: "description", namespace: namespace)))
    }

    /// `<link>`, else an Atom `<link rel="alternate">`, else a `<guid>` that is a permalink.
    private func link(of item: MarkupElement) -> URL? {
        if let link = LinkResolver.resolve(FeedMarkup.text(of: item, child: "link", namespace: namespace), against: url) {
            return link
        }
        if let atomLink = item.childElements(named: "link", namespace: FeedNamespace.atom)
            .first(where: { ($0.attribute("rel") ?? "alternate") == "alternate" }),
            let link = LinkResolver.resolve(atomLink.attribute("href"), against: url)
        {
            return link
        }
        guard let guid = item.firstChild(named: "guid", namespace: namespace),
            guid.attribute("isPermaLink")?.lowercased() != "false"
        else { return nil }
        return LinkResolver.resolve(guid.textContent, against: url)
    }

    /// RSS 2.0's `author` is an e-mail address, conventionally followed by the name in parentheses.
    static func authorName(_ author: String) -> String {
        guard let open = author.firstIndex(of: "("), let close = author.lastIndex(of: ")"), open < close else {
            return author
        }
        let name = author[author.index(after: open)..<close].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? author : name
    }
}
