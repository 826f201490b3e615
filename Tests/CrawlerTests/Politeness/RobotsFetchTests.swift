import Crawler
import Foundation
import OrchestrateTesting
import Testing

/// robots.txt is fetched with the same retries as a page: a flaky or throttled one is waited for and
/// then obeyed, and a site whose robots.txt never answers is skipped with a reason that says so.
@Suite(.serialized) struct RobotsFetchTests {
    func fetcher(_ adjust: (inout CrawlPolicy) -> Void = { _ in }) -> PoliteFetcher {
        var policy = CrawlPolicy(perHostDelay: 0, retryBaseDelay: 0.05)
        adjust(&policy)
        return PoliteFetcher(policy: policy)
    }

    func robotsRequests(_ site: ExampleSite) throws -> [Double] {
        try site.requests().filter { $0.path == "/robots.txt" }.map(\.time)
    }

    @Test func aRobotsFileThatFailsTwiceIsRetriedAndThenObeyed() async throws {
        let site = try ExampleSite(environment: ["SITE_ROBOTS_STATUS": "503", "SITE_ROBOTS_FAILURES": "2"])
        defer { site.stop() }
        let polite = fetcher()
        let response = try await polite.fetch(site.url("/posts/lora-in-practice.html"))
        #expect(response.status == 200)
        await #expect(throws: CrawlFailure("disallowed by robots.txt (Disallow: /drafts/)")) {
            try await polite.fetch(site.url("/drafts/unfinished.html"))
        }
        let paths = try site.requests().map(\.path)
        #expect(paths == ["/robots.txt", "/robots.txt", "/robots.txt", "/posts/lora-in-practice.html"])
    }

    @Test func aRobotsFileThatNeverAnswersSkipsTheSiteAndSaysSo() async throws {
        let site = try ExampleSite(environment: ["SITE_ROBOTS_STATUS": "503"])
        defer { site.stop() }
        let polite = fetcher { $0.retries = 2 }
        let expected = CrawlFailure(
            "robots.txt of \(site.baseURL.absoluteString) did not answer after 3 tries: HTTP 503 Service Unavailable; the site is skipped until it answers"
        )
        try await withThrowingTaskGroup(of: Void.self) { group in
            for page in ["lora-in-practice", "evaluating-a-twin"] {
                group.addTask {
                    await #expect(throws: expected) { try await polite.fetch(site.url("/posts/\(page).html")) }
                }
            }
            try await group.waitForAll()
        }
        #expect(try robotsRequests(site).count == 3, "the two pages share robots.txt's tries")
        #expect(try site.requests().allSatisfy { $0.path == "/robots.txt" }, "no page of the site is requested")
    }

    @Test func aThrottledRobotsFileWaitsAsLongAsRetryAfterSays() async throws {
        let site = try ExampleSite(environment: [
            "SITE_ROBOTS_STATUS": "429", "SITE_ROBOTS_FAILURES": "1", "SITE_ROBOTS_RETRY_AFTER": "1",
        ])
        defer { site.stop() }
        let response = try await fetcher().fetch(site.url("/posts/lora-in-practice.html"))
        #expect(response.status == 200)
        let times = try robotsRequests(site)
        try #require(times.count == 2)
        #expect(times[1] - times[0] >= 0.95)
    }

    @Test func aRetryAfterBeyondTheLimitSkipsTheSite() async throws {
        let site = try ExampleSite(environment: ["SITE_ROBOTS_STATUS": "429", "SITE_ROBOTS_RETRY_AFTER": "3600"])
        defer { site.stop() }
        await #expect(
            throws: CrawlFailure(
                "robots.txt of \(site.baseURL.absoluteString): HTTP 429 Too Many Requests: the server asks to retry after 3600 s, over the 60 s limit (max_retry_wait); the site is skipped until it answers"
            )
        ) {
            try await fetcher().fetch(site.url("/posts/lora-in-practice.html"))
        }
        #expect(try robotsRequests(site).count == 1)
    }

    @Test func aRobotsFileThatTimesOutIsRetriedAndThenReported() async throws {
        let site = try ExampleSite(environment: ["SITE_ROBOTS_DELAY": "3"])
        defer { site.stop() }
        let polite = fetcher {
            $0.retries = 1
            $0.limits.timeout = 0.5
        }
        await #expect(
            throws: CrawlFailure(
                "robots.txt of \(site.baseURL.absoluteString) did not answer after 2 tries: timed out after 0.5 s; the site is skipped until it answers"
            )
        ) {
            try await polite.fetch(site.url("/posts/lora-in-practice.html"))
        }
        #expect(try robotsRequests(site).count == 2)
    }

    @Test func aMissingRobotsFileMeansNoRules() async throws {
        let site = try ExampleSite(environment: ["SITE_ROBOTS_STATUS": "404"])
        defer { site.stop() }
        let response = try await fetcher().fetch(site.url("/drafts/unfinished.html"))
        #expect(response.status == 200)
        #expect(try robotsRequests(site).count == 1, "a 4xx is an answer, not retried")
    }
}
