import Foundation
import Networking

/// Fetches URLs the way a good citizen does: it asks robots.txt first (once per origin), keeps to
/// the per-host and global concurrency and spacing, retries 408, 429, 5xx and timeouts with exponential
/// back-off (honouring `Retry-After`), robots.txt included, and turns every other outcome into a
/// `CrawlFailure` reason.
public actor PoliteFetcher {
    private let client: any HTTPFetching
    public nonisolated let policy: CrawlPolicy
    private let global: AsyncSemaphore
    private let hosts: HostGate
    private var robots: [String: Task<Result<RobotsRules, CrawlFailure>, Never>] = [:]
    public private(set) var requests = 0

    public init(client: any HTTPFetching = HTTPClient(), policy: CrawlPolicy) {
        self.client = client
        self.policy = policy
        global = AsyncSemaphore(policy.concurrency)
        hosts = HostGate(concurrency: policy.perHostConcurrency, delay: policy.perHostDelay)
    }

    /// A 2xx response for `url`, or why there is none. `accept` goes out as the Accept header.
    public func fetch(_ url: URL, accept: String = "*/*") async throws(CrawlFailure) -> HTTPResponse {
        guard let origin = Self.origin(of: url) else { throw CrawlFailure("not an http or https URL") }
        if policy.respectRobots {
            let rules = try await robotsRules(for: origin).get()
            let path = Self.pathAndQuery(of: url)
            if let rule = rules.blockingRule(for: path) {
                throw CrawlFailure("disallowed by robots.txt (\(rule))")
            }
        }
        let response = try await fetchWithRetries(url, origin: origin, accept: accept)
        // libcurl follows redirects by itself; where one led to a page robots.txt forbids, drop it.
        if policy.respectRobots, response.url != url, let finalOrigin = Self.origin(of: response.url) {
            let rules = try await robotsRules(for: finalOrigin).get()
            if let rule = rules.blockingRule(for: Self.pathAndQuery(of: response.url)) {
                throw CrawlFailure("redirected to \(response.url.absoluteString), which robots.txt disallows (\(rule))")
            }
        }
        return response
    }

    private func fetchWithRetries(_ url: URL, origin: String, accept: String) async throws(CrawlFailure) -> HTTPResponse {
        switch await sendRetrying(url, origin: origin, headers: ["Accept": accept], limits: policy.limits) {
        case .answered(let response) where (200..<300).contains(response.status):
            return response
        case .answered(let response):
            throw CrawlFailure(Self.statusProblem(response.status))
        case .gaveUp(let problem, let tries):
            throw CrawlFailure("\(problem) after \(tries) attempt\(tries == 1 ? "" : "s")")
        case .asksToWait(let problem, let seconds, let limit):
            throw CrawlFailure(RetryOutcome.refusedWait(problem, seconds: seconds, limit: limit))
        case .failed(let error):
            throw CrawlFailure(error.description)
        case .cancelled:
            throw CrawlFailure("cancelled")
        }
    }

    /// Sends a request until it is answered, retrying 408, 429, 5xx and transient errors up to
    /// `policy.retries` more times, after an exponential back-off or the `Retry-After` the server gives.
    private func sendRetrying(_ url: URL, origin: String, headers: [String: String], limits: HTTPLimits) async -> RetryOutcome {
        var attempt = 0
        while true {
            attempt += 1
            let wait: Double
            let problem: String
            switch await send(url, origin: origin, headers: headers, limits: limits) {
            case .success(let response) where !Self.isRetryable(response.status):
                return .answered(response)
            case .success(let response):
                problem = Self.statusProblem(response.status)
                if let asked = RetryAfter.seconds(response.headers["retry-after"]) {
                    guard asked <= policy.maxRetryWait else {
                        return .asksToWait(problem: problem, seconds: asked, limit: policy.maxRetryWait)
                    }
                    wait = asked
                } else {
                    wait = min(policy.retryBaseDelay * pow(2, Double(attempt - 1)), policy.maxRetryWait)
                }
            case .failure(.cancelled):
                return .cancelled
            case .failure(let error):
                guard error.isTransient else { return .failed(error) }
                problem = error.description
                wait = min(policy.retryBaseDelay * pow(2, Double(attempt - 1)), policy.maxRetryWait)
            }
            guard attempt <= policy.retries else { return .gaveUp(problem: problem, tries: attempt) }
            do {
                try await Task.sleep(for: .milliseconds(Int64(wait * 1000)))
            } catch {
                return .cancelled
            }
        }
    }

    /// One request through the gates: the host's slot and spacing first, then a global slot.
    private func send(_ url: URL, origin: String, headers: [String: String], limits: HTTPLimits) async
        -> Result<HTTPResponse, HTTPFetchError>
    {
        await hosts.enter(origin)
        await global.wait()
        requests += 1
        let result: Result<HTTPResponse, HTTPFetchError>
        do {
            result = .success(try await client.get(url, headers: headers, limits: limits))
        } catch {
            result = .failure(error)
        }
        await global.signal()
        await hosts.leave(origin)
        return result
    }

    /// The origin's rules, fetched once; concurrent links of one origin share the one request (and its
    /// retries), which is cancelled when the crawl is.
    private func robotsRules(for origin: String) async -> Result<RobotsRules, CrawlFailure> {
        let task: Task<Result<RobotsRules, CrawlFailure>, Never>
        if let pending = robots[origin] {
            task = pending
        } else {
            task = Task { await self.loadRobots(origin) }
            robots[origin] = task
        }
        return await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
    }

    /// RFC 9309: a 2xx gives the rules, a 4xx (or a file over the size limit) means no rules, and a
    /// site whose robots.txt does not answer, after the same retries as a page, is not crawled.
    private func loadRobots(_ origin: String) async -> Result<RobotsRules, CrawlFailure> {
        guard let url = URL(string: origin + "/robots.txt") else { return .success(.allowAll) }
        var limits = policy.limits
        limits.maxBytes = min(limits.maxBytes, 500_000)
        let skipped = "; the site is skipped until it answers"
        switch await sendRetrying(url, origin: origin, headers: ["Accept": "text/plain"], limits: limits) {
        case .answered(let response) where (200..<300).contains(response.status):
            let rules = RobotsRules(parsing: String(decoding: response.body, as: UTF8.self), agent: CrawlPolicy.robotsAgent)
            if let delay = rules.crawlDelay { await hosts.setDelay(min(delay, policy.maxRetryWait), for: origin) }
            return .success(rules)
        case .answered(let response) where (400..<500).contains(response.status):
            return .success(.allowAll)
        case .answered(let response):
            return .failure(CrawlFailure("robots.txt of \(origin) answered \(Self.statusProblem(response.status))\(skipped)"))
        case .gaveUp(let problem, let tries):
            return .failure(
                CrawlFailure(
                    "robots.txt of \(origin) did not answer after \(tries) tr\(tries == 1 ? "y" : "ies"): \(problem)\(skipped)"))
        case .asksToWait(let problem, let seconds, let limit):
            return .failure(
                CrawlFailure(
                    "robots.txt of \(origin): \(RetryOutcome.refusedWait(problem, seconds: seconds, limit: limit))\(skipped)"))
        case .failed(.tooLarge):
            return .success(.allowAll)
        case .failed(let error):
            return .failure(CrawlFailure("robots.txt of \(origin) did not answer: \(error.description)\(skipped)"))
        case .cancelled:
            return .failure(CrawlFailure("cancelled"))
        }
    }

    static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    static func pathAndQuery(of url: URL) -> String {
        let path = url.path(percentEncoded: true)
        let query = url.query(percentEncoded: true).map { "?" + $0 } ?? ""
        return (path.isEmpty ? "/" : path) + query
    }

    static func isRetryable(_ status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status) && status != 501
    }

    /// "HTTP 503 Service Unavailable".
    static func statusProblem(_ status: Int) -> String {
        "HTTP \(status)\(reasonPhrase(status))"
    }

    static func reasonPhrase(_ status: Int) -> String {
        let phrases = [
            400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 408: "Request Timeout",
            410: "Gone", 429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented",
            502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
        ]
        return phrases[status].map { " \($0)" } ?? ""
    }
}
