import Foundation
import Networking

/// Fetches a page and extracts its article; a URL that answers with a feed is handed to `FeedCrawler`,
/// and a site's front page that advertises a feed is crawled through that feed.
struct WebPageCrawler {
    let fetcher: PoliteFetcher

    static let accept = "text/html,application/xhtml+xml;q=0.9,application/rss+xml;q=0.8,application/atom+xml;q=0.8,*/*;q=0.1"
    static let htmlTypes: Set<String> = ["text/html", "application/xhtml+xml"]
    static let feedTypes: Set<String> = [
        "application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
        "application/feed+xml",
    ]

    func crawl(_ url: URL, link: String) async -> CrawlBatch {
        let response: HTTPResponse
        do {
            response = try await fetcher.fetch(url, accept: Self.accept)
        } catch {
            return CrawlBatch(failure: LinkFailure(link: link, reason: error.reason))
        }
        switch Self.kind(of: response) {
        case .feed:
            return await FeedCrawler(fetcher: fetcher).documents(fromFeed: response, link: link)
        case .html:
            let article = Self.article(from: response)
            if url.path.isEmpty || url.path == "/", let feed = article.feedLinks.first {
                return await FeedCrawler(fetcher: fetcher).crawl(feed, link: link)
            }
            do {
                return CrawlBatch(documents: [try Self.document(article, link: link, url: url)])
            } catch {
                return CrawlBatch(failure: LinkFailure(link: link, reason: error.reason))
            }
        case .other(let type):
            return CrawlBatch(
                failure: LinkFailure(
                    link: link, reason: "unsupported content type \(type) (expected an HTML page or an RSS/Atom feed)"))
        }
    }

    /// The article behind an HTML page, for feed items whose feed holds only a summary.
    func article(at url: URL) async throws(CrawlFailure) -> ExtractedArticle {
        let response = try await fetcher.fetch(url, accept: Self.accept)
        guard case .html = Self.kind(of: response) else {
            throw CrawlFailure("unsupported content type \(response.mediaType ?? "(none)") (expected an HTML page)")
        }
        return Self.article(from: response)
    }

    static func article(from response: HTTPResponse) -> ExtractedArticle {
        let decoded = TextDecoding.decode(response.body, declaredCharset: response.charset, isHTML: true)
        return ArticleExtractor.extract(html: decoded.text, url: response.url)
    }

    static func document(_ article: ExtractedArticle, link: String, url: URL) throws(CrawlFailure) -> CrawledDocument {
        guard !article.text.allSatisfy(\.isWhitespace) else { throw CrawlFailure("no article text found on the page") }
        return CrawledDocument(
            kind: "article", platform: Platform.of(url), link: link, title: article.title, published: article.published,
            content: article.text)
    }

    enum ContentKind: Equatable {
        case html, feed
        case other(String)
    }

    /// By the declared media type; a missing or generic one is sniffed from the first bytes.
    static func kind(of response: HTTPResponse) -> ContentKind {
        let type = response.mediaType
        if let type, htmlTypes.contains(type) { return .html }
        if let type, feedTypes.contains(type) { return .feed }
        guard type == nil || type == "text/plain" || type == "application/octet-stream" else { return .other(type!) }
        let head = String(decoding: response.body.prefix(1024), as: UTF8.self).lowercased()
        if head.contains("<rss") || head.contains("<feed") || head.contains("<rdf:rdf") { return .feed }
        if head.contains("<html") || head.contains("<!doctype html") { return .html }
        return .other(type ?? "(none)")
    }
}
