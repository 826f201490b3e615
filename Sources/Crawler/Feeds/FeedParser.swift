import Foundation

/// Reads RSS 2.0 (and 0.9x), RSS 1.0 (RDF) and Atom feeds.
public enum FeedParser {
    /// Parses `data` as a feed; relative links are resolved against `url` (the feed's own address).
    /// Throws `FeedError` when the document is not XML or not a feed.
    public static func parse(_ data: Data, url: URL?) throws -> Feed {
        let root = try XMLTreeReader.read(data)
        if root.isNamed("rss") {
            guard let channel = root.firstChild(named: "channel") else { throw FeedError("RSS feed without <channel>") }
            return RSSFeedReader(namespace: nil, url: url).feed(channel: channel, items: channel.childElements(named: "item"))
        }
        if root.name == "RDF", root.namespace == FeedNamespace.rdf {
            for namespace in [FeedNamespace.rss1, FeedNamespace.rss090] {
                guard let channel = root.firstChild(named: "channel", namespace: namespace) else { continue }
                return RSSFeedReader(namespace: namespace, url: url)
                    .feed(channel: channel, items: root.childElements(named: "item", namespace: namespace))
            }
            throw FeedError("RDF document without an RSS 1.0 <channel>")
        }
        if root.name == "feed", root.namespace == FeedNamespace.atom || root.namespace == FeedNamespace.atom03 {
            return AtomFeedReader(namespace: root.namespace ?? FeedNamespace.atom).feed(root, url: url)
        }
        throw FeedError("not an RSS or Atom feed (root element <\(root.name)>)")
    }

    /// Whether an item seems to carry the whole post rather than a teaser: it has full content
    /// (`content:encoded` or Atom `content`) that does not end like a teaser ("Read more", "Continue
    /// reading", an ellipsis), or, lacking that, a summary of at least 150 words that does not either.
    public static func isFullText(_ item: FeedItem) -> Bool {
        let hasContent = item.contentHTML.map { !$0.isEmpty } ?? false
        guard let html = hasContent ? item.contentHTML : item.summaryHTML else { return false }
        let text = ArticleExtractor.text(fromHTMLFragment: html)
        let words = text.split(whereSeparator: \.isWhitespace).filter { $0.contains { $0.isLetter || $0.isNumber } }
        guard !words.isEmpty, !endsAsTeaser(text) else { return false }
        return hasContent || words.count >= fullTextWordCount
    }

    static let fullTextWordCount = 150

    private static func endsAsTeaser(_ text: String) -> Bool {
        guard let lastParagraph = text.split(separator: "\n").last(where: { !$0.allSatisfy(\.isWhitespace) }) else {
            return false
        }
        let line = lastParagraph.lowercased().trimmingCharacters(in: .whitespaces)
        if line.hasSuffix("…") || line.hasSuffix("...") || line.hasSuffix("[…]") || line.hasSuffix("[...]") {
            return true
        }
        let wordCount = line.split(whereSeparator: \.isWhitespace).count
        return wordCount <= 12 && teaserPhrases.contains { line.contains($0) }
    }

    private static let teaserPhrases = [
        "read more", "continue reading", "keep reading", "read the rest", "read the full", "read full", "full article",
        "full story", "weiterlesen", "lire la suite", "leer más", "leia mais",
    ]
}
