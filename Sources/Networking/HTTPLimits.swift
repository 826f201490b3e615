import Foundation

/// What one request may cost: time, redirects and bytes. The defaults suit article pages; a
/// crawl sets them from its parameters.
public struct HTTPLimits: Sendable, Equatable {
    /// Whole-request limit in seconds, connection and body included.
    public var timeout: Double
    public var connectTimeout: Double
    public var maxRedirects: Int
    /// The most body bytes accepted; a larger response is abandoned as soon as it passes this.
    public var maxBytes: Int
    public var userAgent: String

    public static let defaultUserAgent = "orchestrate-crawler/1.0 (+https://github.com/orchestrate/orchestrate)"

    public init(
        timeout: Double = 30, connectTimeout: Double = 10, maxRedirects: Int = 5, maxBytes: Int = 10_000_000,
        userAgent: String = HTTPLimits.defaultUserAgent
    ) {
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxRedirects = maxRedirects
        self.maxBytes = maxBytes
        self.userAgent = userAgent
    }
}
