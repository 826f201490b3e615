import Foundation

/// Fetches a URL once: no retries, no politeness (that is `PoliteFetcher`'s job). Abstract so the
/// crawlers can be tested against canned responses as well as a real server.
public protocol HTTPFetching: Sendable {
    func get(_ url: URL, headers: [String: String], limits: HTTPLimits) async throws(HTTPFetchError) -> HTTPResponse
}

/// The libcurl-backed client. Each request runs on its own dispatch worker, since libcurl's easy
/// interface blocks; cancelling the awaiting task stops the transfer within a progress tick.
public struct HTTPClient: HTTPFetching {
    public init() {}

    public func get(_ url: URL, headers: [String: String] = [:], limits: HTTPLimits) async throws(HTTPFetchError) -> HTTPResponse
    {
        try await send(url, headers: headers, body: nil, limits: limits, onData: nil)
    }

    /// A POST of `body` (any other request when `body` is nil, a GET); `onData` sees the response
    /// body as it arrives, for streamed answers.
    public func send(
        _ url: URL, headers: [String: String], body: Data?, limits: HTTPLimits, onData: (@Sendable (Data) -> Void)?
    ) async throws(HTTPFetchError) -> HTTPResponse {
        try Self.requireWebScheme(url)
        let transfer = CurlTransfer(url: url, limits: limits, headers: headers, body: body, onData: onData)
        let result: Result<HTTPResponse, HTTPFetchError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                DispatchQueue.global(qos: .utility).async {
                    continuation.resume(returning: Result { () throws(HTTPFetchError) in try transfer.perform() })
                }
            }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }

    /// One request with any method (`PUT`, `HEAD`, `DELETE`, ...), on the calling thread: for callers whose
    /// own contract is synchronous, such as blob storage. It blocks for as long as the transfer takes.
    public func perform(_ method: String, _ url: URL, headers: [String: String], body: Data?, limits: HTTPLimits)
        throws(HTTPFetchError) -> HTTPResponse
    {
        try Self.requireWebScheme(url)
        return try CurlTransfer(url: url, limits: limits, headers: headers, body: body, method: method).perform()
    }

    private static func requireWebScheme(_ url: URL) throws(HTTPFetchError) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw .unsupportedURL(url.absoluteString)
        }
    }
}
