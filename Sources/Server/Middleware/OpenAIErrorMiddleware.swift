import Hummingbird

/// Turns every error a route throws into OpenAI's error shape: `APIError`s as they are, Hummingbird's own
/// (an unknown path, a wrong method) with their status, anything else as a 500 that still says what failed.
struct OpenAIErrorMiddleware: RouterMiddleware {
    typealias Context = ServerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return error.response
        } catch let error as HTTPError {
            let message =
                error.status == .notFound
                ? "no route for \(request.method) \(request.uri.path)" : error.body ?? error.status.reasonPhrase
            return APIError(error.status, message, code: error.status == .notFound ? "not_found" : nil).response
        } catch {
            return APIError(.internalServerError, "\(error)", type: "server_error").response
        }
    }
}
