import Foundation

/// Reads Atom 1.0 feeds (and Atom 0.3, whose element names match), honouring `xml:base` on the feed and
/// its entries and the feed-level author that entries inherit.
struct AtomFeedReader {
    var namespace: String

    func feed(_ feed: MarkupElement, url: URL?) -> Feed {
        let base = Self.base(of: feed, inherited: url)
        let feedAuthor = author(of: feed)
        let entries = feed.childElements(named: "entry", namespace: namespace).map { entry in
            let entryBase = Self.base(of: entry, inherited: base)
            return FeedItem(
                title: text(of: entry.firstChild(named: "title", namespace: namespace)),
                link: alternateLink(of: entry, base: entryBase),
                author: author(of: entry) ?? feedAuthor,
                published: FeedMarkup.text(of: entry, child: "published", namespace: namespace)
                    ?? FeedMarkup.text(of: entry, child: "issued", namespace: namespace)
                    ?? FeedMarkup.text(of: entry, child: "updated", namespace: namespace)
                    ?? FeedMarkup.text(of: entry, child: "modified", namespace: namespace),
                contentHTML: html(of: entry.firstChild(named: "content", namespace: namespace)),
                summaryHTML: html(of: entry.firstChild(named: "summary", namespace: namespace)))
        }
        return Feed(
            title: text(of: feed.firstChild(named: "title", namespace: namespace)),
            link: alternateLink(of: feed, base: base), items: entries)
    }

    private static func base(of element: MarkupElement, inherited: URL?) -> URL? {
        LinkResolver.resolve(element.attribute("base", namespace: FeedNamespace.xml), against: inherited) ?? inherited
    }

    private func author(of element: MarkupElement) -> String? {
        element.childElements(named: "author", namespace: namespace).lazy
            .compactMap { FeedMarkup.text(of: $0, child: "name", namespace: self.namespace) }.first
    }

    /// The `rel="alternate"` link (a link without `rel` is one), preferring an HTML one.
    private func alternateLink(of element: MarkupElement, base: URL?) -> URL? {
        let alternates = element.childElements(named: "link", namespace: namespace)
            .filter { ($0.attribute("rel") ?? "alternate") == "alternate" }
        let preferred = alternates.first { $0.attribute("type")?.lowercased().contains("html") == true } ?? alternates.first
        return preferred.flatMap { LinkResolver.resolve($0.attribute("href"), against: base) }
    }

    /// An Atom text construct as plain text.
    private func text(of element: MarkupElement?) -> String? {
        guard let element else { return nil }
        switch Self.kind(of: element) {
        case .html, .xhtml:
            return html(of: element).map(ArticleExtractor.text(fromHTMLFragment:)).map(TextMeasure.collapse)
                .flatMap(FeedMarkup.nonEmpty)
        case .text:
            return FeedMarkup.nonEmpty(TextMeasure.collapse(element.textContent))
        case .other:
            return nil
        }
    }

    /// An Atom text or content construct as HTML. Out-of-line content (`src`) and non-text media are nil.
    private func html(of element: MarkupElement?) -> String? {
        guard let element, element.attribute("src") == nil else { return nil }
        switch Self.kind(of: element) {
        case .html:
            return FeedMarkup.html(of: element)
        case .xhtml:
            let container = element.firstChild(named: "div", namespace: FeedNamespace.xhtml) ?? element
            return FeedMarkup.nonEmpty(HTMLSerializer.innerHTML(of: container).trimmingCharacters(in: .whitespacesAndNewlines))
        case .text:
            return FeedMarkup.nonEmpty(HTMLSerializer.escape(element.textContent.trimmingCharacters(in: .whitespacesAndNewlines)))
        case .other:
            return nil
        }
    }

    private enum Kind { case text, html, xhtml, other }

    private static func kind(of element: MarkupElement) -> Kind {
        switch element.attribute("type")?.lowercased().trimmingCharacters(in: .whitespaces) {
        case nil, "text", "text/plain": .text
        case "html", "text/html", "escaped": .html
        case "xhtml", "application/xhtml+xml": .xhtml
        case let type? where type.hasPrefix("text/"): .text
        default: .other
        }
    }
}
