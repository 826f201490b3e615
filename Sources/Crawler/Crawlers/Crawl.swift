import Foundation
import Networking

/// Crawls a list of links: each goes to its crawler, all run concurrently within the policy's
/// limits, and the result keeps the links' order. A link that fails is recorded, never thrown.
public struct Crawl: Sendable {
    public var policy: CrawlPolicy
    public var files: RepositoryFiles
    /// The most seconds one `git clone` may take.
    public var cloneTimeout: Double
    /// Where relative paths in the links are read from.
    public var base: URL
    let client: any HTTPFetching

    public init(
        policy: CrawlPolicy, files: RepositoryFiles = RepositoryFiles(), cloneTimeout: Double = 300, base: URL,
        client: any HTTPFetching = HTTPClient()
    ) {
        self.policy = policy
        self.files = files
        self.cloneTimeout = cloneTimeout
        self.base = base
        self.client = client
    }

    /// The documents of every link, each link's once (a page reached twice, say through a feed and
    /// directly, is kept where it first appears), the failures, and the links that gave nothing but failures.
    public func run(_ links: [String], progress: (@Sendable (String, CrawlBatch) -> Void)? = nil) async -> (
        batch: CrawlBatch, requests: Int
    ) {
        let fetcher = PoliteFetcher(client: client, policy: policy)
        let clones = AsyncSemaphore(2)
        let results = await withTaskGroup(of: (Int, CrawlBatch).self) { group in
            for (position, link) in links.enumerated() {
                group.addTask {
                    let batch = await crawl(link, fetcher: fetcher, clones: clones)
                    progress?(link, batch)
                    return (position, batch)
                }
            }
            var results: [(Int, CrawlBatch)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        var combined = CrawlBatch()
        var seen: Set<String> = []
        for (link, batch) in zip(links, results) {
            if batch.documents.isEmpty && !batch.failures.isEmpty { combined.failedLinks.append(link) }
            combined.failures += batch.failures
            combined.skippedFiles.merge(batch.skippedFiles, uniquingKeysWith: +)
            for document in batch.documents where seen.insert(document.link).inserted {
                combined.documents.append(document)
            }
        }
        return (combined, await fetcher.requests)
    }

    private func crawl(_ link: String, fetcher: PoliteFetcher, clones: AsyncSemaphore) async -> CrawlBatch {
        let source: LinkSource
        do {
            source = try LinkSource.classify(link, base: base)
        } catch {
            return CrawlBatch(failure: LinkFailure(link: link, reason: error.reason))
        }
        switch source {
        case .webPage(let url):
            return await WebPageCrawler(fetcher: fetcher).crawl(url, link: link)
        case .feed(let url):
            return await FeedCrawler(fetcher: fetcher).crawl(url, link: link)
        case .gitRepository(let url):
            // Clones are disk- and CPU-heavy: two at a time, whatever the HTTP concurrency.
            await clones.wait()
            let batch = await GitRepositoryCrawler(files: files, timeout: cloneTimeout).crawl(url, link: link)
            await clones.signal()
            return batch
        case .localFiles(let url):
            return LocalFilesCrawler(files: files).crawl(url, link: link)
        case .linkedInExport(let url):
            return LinkedInExport().crawl(url, link: link)
        }
    }
}
