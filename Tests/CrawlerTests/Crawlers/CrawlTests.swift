import Crawler
import Foundation
import OrchestrateTesting
import Testing

/// A list of links crawled together: which of them failed, and why, as the crawl step reports them.
@Suite(.serialized) struct CrawlTests {
    func crawl() -> Crawl {
        Crawl(policy: CrawlPolicy(perHostDelay: 0, retries: 1, retryBaseDelay: 0.05), base: ExampleSite.packageRoot)
    }

    @Test func aLinkIsFailedWhenItGaveNothingButFailures() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let links = [
            site.url("/feed.xml").absoluteString, site.url("/missing.html").absoluteString,
            "examples/feature/notes", "examples/feature/nowhere",
        ]
        let (batch, _) = await crawl().run(links)
        #expect(batch.failedLinks == [links[1], links[3]])
        #expect(batch.documents.count > 3)
    }

    @Test func everyLinkOfASiteWhoseRobotsFileNeverAnswersSaysSo() async throws {
        let site = try ExampleSite(environment: ["SITE_ROBOTS_STATUS": "500"])
        defer { site.stop() }
        let links = [site.url("/posts/lora-in-practice.html").absoluteString, site.url("/feed.xml").absoluteString]
        let (batch, requests) = await crawl().run(links)
        let reason =
            "robots.txt of \(site.baseURL.absoluteString) did not answer after 2 tries: HTTP 500 Internal Server Error; the site is skipped until it answers"
        #expect(batch.failures == links.map { LinkFailure(link: $0, reason: reason) })
        #expect(batch.failedLinks == links)
        #expect(requests == 2, "robots.txt twice, no page")
    }
}
