import Hummingbird

/// Counts every response by endpoint and status for `/metrics`. Paths the server does not serve count
/// as `other`, so a scan of random URLs cannot grow the metrics without bound.
struct RequestMetricsMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext
    let metrics: ServerMetrics
    static let endpoints: Set<String> = [
        "/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/health", "/metrics",
    ]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let response = try await next(request, context)
        let path = request.uri.path
        metrics.recordRequest(endpoint: Self.endpoints.contains(path) ? path : "other", status: response.status.code)
        return response
    }
}
