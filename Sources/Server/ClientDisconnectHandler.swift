import NIOCore

/// Closes a connection as soon as its client closes its side. Hummingbird keeps half-closed connections
/// open, so a client that gave up while its answer was queued or being computed would go unnoticed until
/// the server next wrote to it; closing here fires the channel's `closeFuture`, which cancels the request
/// and frees its place in the inference loop at once. HTTP clients do not half-close while they still
/// expect an answer, so nothing a client waits for is lost.
final class ClientDisconnectHandler: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event {
            context.close(promise: nil)
        }
        context.fireUserInboundEventTriggered(event)
    }
}
