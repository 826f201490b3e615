/// Why a link produced no document; recorded with the link, never fatal to the batch.
public struct CrawlFailure: Error, CustomStringConvertible, Equatable, Sendable {
    public var reason: String

    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
