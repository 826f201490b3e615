import Crawler
import Foundation
import OrchestrateTesting
import Testing

/// Politeness against the example site: robots.txt, retries, Retry-After and spacing per host.
@Suite(.serialized) struct PoliteFetcherTests {
    func fetcher(_ adjust: (inout CrawlPolicy) -> Void = { _ in }) -> PoliteFetcher {
        var policy = CrawlPolicy(perHostDelay: 0, retryBaseDelay: 0.05)
        adjust(&policy)
        return PoliteFetcher(policy: policy)
    }

    @Test func aDisallowedPageIsNeverRequested() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let polite = fetcher()
        await #expect(throws: CrawlFailure("disallowed by robots.txt (Disallow: /drafts/)")) {
            try await polite.fetch(site.url("/drafts/unfinished.html"))
        }
        _ = try await polite.fetch(site.url("/posts/lora-in-practice.html"))
        let paths = try site.requests().map(\.path)
        #expect(paths == ["/robots.txt", "/posts/lora-in-practice.html"], "robots.txt is read once per origin")
    }

    @Test func aRedirectIntoADisallowedPageIsDropped() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        await #expect(
            throws: CrawlFailure(
                "redirected to \(site.url("/drafts/unfinished.html").absoluteString), which robots.txt disallows (Disallow: /drafts/)"
            )
        ) {
            try await fetcher().fetch(site.url("/_/redirect?to=/drafts/unfinished.html"))
        }
    }

    @Test func robotsCanBeIgnoredWhenTheOwnerSaysSo() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let response = try await fetcher { $0.respectRobots = false }.fetch(site.url("/drafts/unfinished.html"))
        #expect(response.status == 200)
    }

    @Test func serverErrorsAreRetriedUntilTheyPass() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let response = try await fetcher().fetch(site.url("/_/flaky?key=a&failures=2"))
        #expect(response.status == 200)
        #expect(try site.requests().filter { $0.path.hasPrefix("/_/flaky") }.count == 3)
    }

    @Test func retriesRunOut() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        await #expect(throws: CrawlFailure("HTTP 503 Service Unavailable after 2 attempts")) {
            try await fetcher { $0.retries = 1 }.fetch(site.url("/_/flaky?key=b&failures=5&status=503"))
        }
    }

    @Test func tooManyRequestsWaitsAsLongAsRetryAfterSays() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let response = try await fetcher().fetch(site.url("/_/throttled?key=c&after=1"))
        #expect(response.status == 200)
        let times = try site.requests().filter { $0.path.hasPrefix("/_/throttled") }.map(\.time)
        #expect(times.count == 2)
        #expect(times[1] - times[0] >= 0.95)
    }

    @Test func aRetryAfterBeyondTheLimitFailsTheLinkAtOnce() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        await #expect(
            throws: CrawlFailure(
                "HTTP 429 Too Many Requests: the server asks to retry after 3600 s, over the 60 s limit (max_retry_wait)")
        ) {
            try await fetcher().fetch(site.url("/_/throttled?key=d&after=3600"))
        }
    }

    @Test func notFoundIsNotRetried() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        await #expect(throws: CrawlFailure("HTTP 404 Not Found")) {
            try await fetcher().fetch(site.url("/gone.html"))
        }
        #expect(try site.requests().filter { $0.path == "/gone.html" }.count == 1)
    }

    @Test func requestsToOneHostAreSpacedByTheDelay() async throws {
        let site = try ExampleSite()
        defer { site.stop() }
        let polite = fetcher { $0.perHostDelay = 0.3 }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for page in ["chunking-for-retrieval", "lora-in-practice", "evaluating-a-twin"] {
                group.addTask { _ = try await polite.fetch(site.url("/posts/\(page).html")) }
            }
            try await group.waitForAll()
        }
        let times = try site.requests().map(\.time).sorted()
        #expect(times.count == 4)
        // Starts are spaced 0.3 s apart, so four requests span at least 0.9 s; arrival times jitter on a
        // loaded machine, so the check leaves room, while unspaced requests would arrive within milliseconds.
        #expect((times.last ?? 0) - (times.first ?? 0) >= 0.6)
    }

    @Test func anUnreachableHostFailsWithTheConnectionError() async throws {
        await #expect {
            try await fetcher().fetch(URL(string: "http://127.0.0.1:9/post.html")!)
        } throws: { error in
            (error as? CrawlFailure)?.reason.hasPrefix("robots.txt of http://127.0.0.1:9 did not answer: could not connect")
                == true
        }
        await #expect {
            try await fetcher { $0.respectRobots = false }.fetch(URL(string: "http://127.0.0.1:9/post.html")!)
        } throws: { error in
            (error as? CrawlFailure)?.reason.hasPrefix("could not connect") == true
        }
    }
}
