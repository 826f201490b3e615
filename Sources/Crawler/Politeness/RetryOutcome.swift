import Networking

/// How a request ended once `PoliteFetcher` stopped trying it: each caller (a page, robots.txt) words
/// the outcome its own way, while the retry rules stay the same for both.
enum RetryOutcome: Sendable {
    /// A response another try would not change: a 2xx, or a status such as 404.
    case answered(HTTPResponse)
    /// Every try met 408, 429, a 5xx or a transient error; `problem` describes the last one.
    case gaveUp(problem: String, tries: Int)
    /// The server asked to be retried later than `maxRetryWait` allows.
    case asksToWait(problem: String, seconds: Double, limit: Double)
    /// An error another try would not cure: no connection, a body over the limit, a redirect loop.
    case failed(HTTPFetchError)
    case cancelled

    /// Why the server's wait is refused, the same words for pages and robots.txt.
    static func refusedWait(_ problem: String, seconds: Double, limit: Double) -> String {
        "\(problem): the server asks to retry after \(Int(seconds)) s, over the \(Int(limit)) s limit (max_retry_wait)"
    }
}
