import Foundation
import Networking

/// How gently a crawl treats the sites it visits, and how hard it tries.
public struct CrawlPolicy: Sendable, Equatable {
    public var limits: HTTPLimits
    /// Requests in flight across all hosts.
    public var concurrency: Int
    /// Requests in flight to one host.
    public var perHostConcurrency: Int
    /// Seconds between the starts of two requests to one host.
    public var perHostDelay: Double
    /// Further attempts after a 429, a 5xx or a timeout.
    public var retries: Int
    /// The first back-off in seconds; it doubles with each attempt.
    public var retryBaseDelay: Double
    /// The longest wait the crawl accepts between attempts, `Retry-After` included; a server asking
    /// for more fails the link instead of stalling the batch.
    public var maxRetryWait: Double
    public var respectRobots: Bool

    /// The product token robots.txt groups are matched against.
    public static let robotsAgent = "orchestrate-crawler"

    public init(
        limits: HTTPLimits = HTTPLimits(), concurrency: Int = 8, perHostConcurrency: Int = 2, perHostDelay: Double = 1,
        retries: Int = 3, retryBaseDelay: Double = 1, maxRetryWait: Double = 60, respectRobots: Bool = true
    ) {
        self.limits = limits
        self.concurrency = concurrency
        self.perHostConcurrency = perHostConcurrency
        self.perHostDelay = perHostDelay
        self.retries = retries
        self.retryBaseDelay = retryBaseDelay
        self.maxRetryWait = maxRetryWait
        self.respectRobots = respectRobots
    }
}
