import Hummingbird
import NIOCore

/// The request context of the server's routes: Hummingbird's basics plus the connection, whose closing
/// tells a route that its client went away while its answer is still queued or being computed.
struct ServerRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = CoreRequestContextStorage(source: source)
        channel = source.channel
    }
}
