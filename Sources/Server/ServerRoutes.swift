import Hummingbird

/// Routes another part of the program adds to the server (the dashboard's pages and API). They answer
/// their own errors and check their own writes, so the server's bearer token is not asked of them: a
/// browser following a link cannot send one.
public protocol ServerRoutes: Sendable {
    func addRoutes<Context: RequestContext>(to router: Router<Context>)
    /// Whether a request path belongs to these routes.
    func owns(path: String) -> Bool
}
