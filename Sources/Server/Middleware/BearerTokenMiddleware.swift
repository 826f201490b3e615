import Hummingbird

/// Lets through only requests that carry `Authorization: Bearer <key>`; `/health` stays open so that load
/// balancers and orchestrators can probe the server without the key.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let key: String
    /// Paths whose routes check their own authorization.
    var exempt: @Sendable (String) -> Bool = { _ in false }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard request.uri.path != "/health", !exempt(request.uri.path) else { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw APIError(
                .unauthorized, "this server needs an API key: send 'Authorization: Bearer <key>'",
                code: "invalid_api_key")
        }
        let prefix = "Bearer "
        guard header.hasPrefix(prefix), Self.equal(Array(header.dropFirst(prefix.count).utf8), Array(key.utf8)) else {
            throw APIError(.unauthorized, "the API key is not valid for this server", code: "invalid_api_key")
        }
        return try await next(request, context)
    }

    /// Compares every byte whatever the first difference, so the time taken tells nothing about the key.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (x, y) in zip(a, b) { difference |= x ^ y }
        return difference == 0
    }
}
