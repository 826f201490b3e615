import Foundation
import Networking

/// One document per feed item: the item's own content when the feed carries the full text, else
/// the article page it links to. A failing item is recorded; the other items still arrive.
struct FeedCrawler {
    let fetcher: PoliteFetcher

    func crawl(_ url: URL, link: String) async -> CrawlBatch {
        do {
            let response = try await fetcher.fetch(
                url, accept: "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.1")
            return await documents(fromFeed: response, link: link)
        } catch {
            return CrawlBatch(failure: LinkFailure(link: link, reason: error.reason))
        }
    }

    func documents(fromFeed response: HTTPResponse, link: String) async -> CrawlBatch {
        let feed: Feed
        do {
            feed = try FeedParser.parse(response.body, url: response.url)
        } catch {
            return CrawlBatch(failure: LinkFailure(link: link, reason: "\(error)"))
        }
        guard !feed.items.isEmpty else { return CrawlBatch(failure: LinkFailure(link: link, reason: "the feed has no items")) }
        var batch = CrawlBatch()
        // Items are fetched one after another here; the fetcher's per-host limits would serialize them anyway.
        for (index, item) in feed.items.enumerated() {
            let itemLink = item.link?.absoluteString ?? "\(link)#item-\(index + 1)"
            do {
                batch.documents.append(try await document(for: item, link: itemLink))
            } catch {
                batch.failures.append(LinkFailure(link: itemLink, reason: error.reason))
            }
        }
        return batch
    }

    private func document(for item: FeedItem, link: String) async throws(CrawlFailure) -> CrawledDocument {
        let platform = item.link.map(Platform.of) ?? "feed"
        if FeedParser.isFullText(item), let html = item.contentHTML ?? item.summaryHTML {
            let text = ArticleExtractor.text(fromHTMLFragment: html)
            if !text.allSatisfy(\.isWhitespace) {
                return CrawledDocument(
                    kind: "article", platform: platform, link: link, title: item.title, published: item.published,
                    content: Self.withTitle(item.title, text))
            }
        }
        guard let url = item.link else { throw CrawlFailure("the item holds only a summary and links to no page") }
        let article = try await WebPageCrawler(fetcher: fetcher).article(at: url)
        var document = try WebPageCrawler.document(article, link: link, url: url)
        // The feed names the item without the page's " | Site" suffix.
        document.title = item.title ?? document.title
        document.published = document.published ?? item.published
        return document
    }

    /// Feed content usually starts below the title; the document should read like the page does.
    static func withTitle(_ title: String?, _ text: String) -> String {
        guard let title, !title.isEmpty, !text.hasPrefix("# ") else { return text }
        return "# \(title)\n\n\(text)"
    }
}
