import NIOCore
import NIOHTTPTypes

/// Keeps one HTTP connection's place in the ``ConnectionRoster``: enters it when the connection becomes active
/// (closing whichever connection the roster gives up for it), marks it busy from a request head to the end of its
/// response, and takes it out when it closes.
final class ConnectionRosterHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let roster: ConnectionRoster
    private var entered = false

    /// Creates the handler of one connection.
    init(roster: ConnectionRoster) {
        self.roster = roster
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The HTTP pipeline is set up on an active channel; `channelActive` has already passed.
        if context.channel.isActive { enter(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        enter(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if entered { roster.left(context.channel) }
        entered = false
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if entered { roster.left(context.channel) }
        entered = false
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { roster.started(context.channel) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { roster.finished(context.channel) }
        context.write(data, promise: promise)
    }

    private func enter(context: ChannelHandlerContext) {
        guard !entered else { return }
        entered = true
        roster.arrived(context.channel)?.close(promise: nil)
    }
}
