import Foundation

/// Title, author, publication date and advertised links of a page, from its `<meta>` and `<link>` tags,
/// JSON-LD, microdata and conventional markup, in that order of trust.
struct PageMetadata {
    var title: String?
    var author: String?
    var published: String?
    var feedLinks: [URL] = []
    var canonicalURL: URL?

    init(document: MarkupElement, content: MarkupElement, url: URL?) {
        let metas = Self.metaValues(in: document)
        func meta(_ keys: String...) -> String? {
            keys.lazy.compactMap { metas[$0] }.first
        }
        let linkedData = LinkedData(document: document)
        let base = Self.baseURL(document: document, url: url)

        title =
            meta("og:title", "twitter:title")
            ?? Self.documentTitle(document, siteName: meta("og:site_name"))
            ?? Self.firstHeading(in: content) ?? Self.firstHeading(in: document)
        author =
            meta("author")
            ?? meta("article:author").flatMap { $0.contains("://") ? nil : $0 }
            ?? linkedData.author
            ?? Self.markedAuthor(in: content) ?? Self.markedAuthor(in: document)
        published =
            meta("article:published_time")
            ?? Self.microdataDate(in: document)
            ?? Self.timeElementDate(in: content)
            ?? document.firstDescendant { $0.name == "article" }.flatMap(Self.timeElementDate)
            ?? meta(
                "date", "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "dcterms.created",
                "pubdate", "publishdate", "publish-date", "publication_date")
            ?? linkedData.datePublished

        let links = document.descendants { $0.name == "link" }
        var feeds: [URL] = []
        for link in links where Self.relations(link).contains("alternate") {
            let type = link.attribute("type")?.lowercased().trimmingCharacters(in: .whitespaces)
            guard type == "application/rss+xml" || type == "application/atom+xml",
                let feed = LinkResolver.resolve(link.attribute("href"), against: base), !feeds.contains(feed)
            else { continue }
            feeds.append(feed)
        }
        feedLinks = feeds
        canonicalURL =
            links.first { Self.relations($0).contains("canonical") }
            .flatMap { LinkResolver.resolve($0.attribute("href"), against: base) }
            ?? LinkResolver.resolve(meta("og:url"), against: base)
    }

    /// `<meta>` contents keyed by lower-cased `property`, `name` or `itemprop`; the first non-empty wins.
    private static func metaValues(in document: MarkupElement) -> [String: String] {
        var values: [String: String] = [:]
        for meta in document.descendants(where: { $0.name == "meta" }) {
            guard let content = meta.attribute("content").map(TextMeasure.collapse), !content.isEmpty else { continue }
            for key in ["property", "name", "itemprop"] {
                guard let name = meta.attribute(key)?.lowercased().trimmingCharacters(in: .whitespaces) else { continue }
                if values[name] == nil { values[name] = content }
            }
        }
        return values
    }

    /// `<title>`, without a trailing " | Site" or " - Site" when Site is the page's `og:site_name`.
    private static func documentTitle(_ document: MarkupElement, siteName: String?) -> String? {
        guard let element = document.firstDescendant(where: { $0.name == "title" }) else { return nil }
        let title = TextMeasure.collapse(element.textContent)
        guard !title.isEmpty else { return nil }
        guard let siteName, !siteName.isEmpty else { return title }
        for separator in [" | ", " - ", " – ", " — ", " · ", " :: "] {
            let suffix = separator + siteName
            if title.count > suffix.count, title.lowercased().hasSuffix(suffix.lowercased()) {
                return String(title.dropLast(suffix.count)).trimmingCharacters(in: .whitespaces)
            }
        }
        return title
    }

    private static func firstHeading(in element: MarkupElement) -> String? {
        element.firstDescendant { $0.name == "h1" }.map { TextMeasure.collapse($0.textContent) }.flatMap(nonEmpty)
    }

    /// A byline marked up as `rel="author"`, `itemprop="author"` (or its `name`), or `class="author"`.
    private static func markedAuthor(in element: MarkupElement) -> String? {
        let candidates = element.descendants { candidate in
            relations(candidate).contains("author")
                || candidate.attribute("itemprop")?.split(separator: " ").contains("author") == true
                || candidate.classNames.contains { authorClasses.contains($0) }
        }
        for candidate in candidates {
            let named = candidate.firstDescendant { $0.attribute("itemprop") == "name" } ?? candidate
            let text = named.attribute("content") ?? named.textContent
            if let name = cleanAuthor(text) { return name }
        }
        return nil
    }

    private static func cleanAuthor(_ text: String) -> String? {
        var name = TextMeasure.collapse(text)
        if name.lowercased().hasPrefix("by ") { name = String(name.dropFirst(3)).trimmingCharacters(in: .whitespaces) }
        return name.isEmpty || name.count > 100 || name.contains("://") ? nil : name
    }

    private static func microdataDate(in document: MarkupElement) -> String? {
        document.firstDescendant { $0.attribute("itemprop")?.split(separator: " ").contains("datePublished") == true }
            .flatMap { element in
                element.attribute("content") ?? element.attribute("datetime") ?? TextMeasure.collapse(element.textContent)
            }
            .map(TextMeasure.collapse).flatMap(nonEmpty)
    }

    private static func timeElementDate(in element: MarkupElement) -> String? {
        element.firstDescendant { $0.name == "time" && $0.attribute("datetime").map(TextMeasure.collapse)?.isEmpty == false }
            .flatMap { $0.attribute("datetime") }.map(TextMeasure.collapse)
    }

    private static func baseURL(document: MarkupElement, url: URL?) -> URL? {
        guard
            let href = document.firstDescendant(where: { $0.name == "base" && $0.attribute("href") != nil })?
                .attribute("href")
        else { return url }
        return LinkResolver.resolve(href, against: url) ?? url
    }

    private static func relations(_ element: MarkupElement) -> [String] {
        element.attribute("rel")?.lowercased().split(whereSeparator: \.isWhitespace).map(String.init) ?? []
    }

    private static func nonEmpty(_ text: String) -> String? { text.isEmpty ? nil : text }

    private static let authorClasses: Set<String> = ["author", "author-name", "p-author", "byline-author"]
}
