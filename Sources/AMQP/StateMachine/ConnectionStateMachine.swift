import NIOCore

/// The logic of one AMQP connection as a value: the handshake (start, start-ok with PLAIN, tune,
/// tune-ok, open), heartbeats, both directions of close, and the routing of frames to the
/// connection's channels. It takes events and returns the actions the handler must perform.
struct ConnectionStateMachine: Sendable {
    /// What the client asks for during the handshake.
    struct Settings: Sendable, Hashable {
        var username: String
        var password: String
        var virtualHost: String
        /// Highest channel number wanted (0: as many as the server allows).
        var channelMax: UInt16
        /// Largest frame wanted in bytes (0: as large as the server allows).
        var frameMax: UInt32
        /// Heartbeat interval wanted in seconds (0: the server's value).
        var heartbeat: UInt16
        var clientProperties: AMQPTable
    }

    enum State: Sendable, Hashable {
        case initial
        case awaitingStart(AMQPRequestID)
        case awaitingTune(AMQPRequestID, serverProperties: AMQPTable)
        case awaitingOpenOk(AMQPRequestID, AMQPNegotiatedParameters)
        case open(AMQPNegotiatedParameters)
        /// connection.close sent by this client, waiting for close-ok.
        case closing(AMQPRequestID?)
        case closed
    }

    let settings: Settings
    private(set) var state: State = .initial
    private(set) var channels: [UInt16: ChannelStateMachine] = [:]
    private var heartbeat = HeartbeatMonitor()
    private var blocked = false

    init(settings: Settings) {
        self.settings = settings
    }

    /// The parameters agreed in tune, once agreed.
    var negotiated: AMQPNegotiatedParameters? {
        switch state {
        case .awaitingOpenOk(_, let parameters), .open(let parameters): parameters
        case .initial, .awaitingStart, .awaitingTune, .closing, .closed: nil
        }
    }

    // MARK: handshake

    /// Starts the handshake once TCP is connected; `request` completes when connection.open-ok arrives.
    mutating func start(request: AMQPRequestID) -> [AMQPAction] {
        guard case .initial = state else { return [.fail(request, .connectionClosed)] }
        state = .awaitingStart(request)
        return [.sendProtocolHeader]
    }

    /// Negotiates one tune value: 0 means "no limit" (or, for heartbeat, "no preference"), so the
    /// other side's value wins; otherwise the smaller one does.
    static func negotiate<T: FixedWidthInteger>(client: T, server: T) -> T {
        if client == 0 || server == 0 { return max(client, server) }
        return min(client, server)
    }

    // MARK: requests

    /// Opens a channel on the lowest free number.
    mutating func openChannel(request: AMQPRequestID) -> [AMQPAction] {
        guard case .open(let parameters) = state else { return [.fail(request, closedError)] }
        let limit = parameters.channelMax == 0 ? UInt16.max : parameters.channelMax
        guard let id = (1...limit).first(where: { channels[$0] == nil }) else {
            return [.fail(request, .channelLimitReached(limit))]
        }
        let channel = ChannelStateMachine(id: id, frameMax: parameters.frameMax, openRequest: request)
        channels[id] = channel
        return sent([.send([channel.openFrame])])
    }

    /// Sends a synchronous method on a channel; the request completes with its reply.
    mutating func sendRPC(channel id: UInt16, _ method: AMQPMethod, request: AMQPRequestID) -> [AMQPAction] {
        withChannel(id, request: request) { $0.sendRPC(method, request: request) }
    }

    /// Sends an ack, nack or reject on a channel.
    mutating func sendAsync(channel id: UInt16, _ method: AMQPMethod, request: AMQPRequestID) -> [AMQPAction] {
        withChannel(id, request: request) { $0.sendAsync(method, request: request) }
    }

    /// Publishes on a channel.
    mutating func publish(
        channel id: UInt16, _ publish: AMQPMethod.Basic.Publish, properties: AMQPProperties, body: ByteBuffer,
        request: AMQPRequestID
    ) -> [AMQPAction] {
        withChannel(id, request: request) { $0.publish(publish, properties: properties, body: body, request: request) }
    }

    /// Closes a channel from this side.
    mutating func closeChannel(_ id: UInt16, request: AMQPRequestID) -> [AMQPAction] {
        withChannel(id, request: request) { $0.close(request: request) }
    }

    /// Closes the connection from this side: every channel's waiting work fails and
    /// connection.close is sent; `request` completes on close-ok (or when the socket closes).
    mutating func close(request: AMQPRequestID, reason: AMQPCloseReason = .normal) -> [AMQPAction] {
        switch state {
        case .open, .awaitingOpenOk:
            var actions = failAllWork(.connectionClosed)
            if case .awaitingOpenOk(let handshake, _) = state { actions.append(.fail(handshake, .connectionClosed)) }
            actions.append(.send([.method(0, .connection(.close(reason)))]))
            state = .closing(request)
            return sent(actions)
        case .initial, .awaitingStart, .awaitingTune:
            var actions = failHandshake(.connectionClosed)
            state = .closed
            actions += [.succeed(request, .done), .closed(nil), .closeSocket]
            return actions
        case .closing, .closed:
            return [.succeed(request, .done)]
        }
    }

    // MARK: events

    /// Handles a frame from the broker.
    mutating func frameReceived(_ frame: AMQPFrame) -> [AMQPAction] {
        heartbeat.frameReceived()
        guard frame.channel == 0 else { return channelFrameReceived(frame) }
        switch frame.payload {
        case .heartbeat:
            return []
        case .header, .body:
            return connectionFailed(.protocolViolation(.invalidHeartbeat), replyCode: AMQPReplyCode.unexpectedFrame)
        case .method(.connection(let method)):
            return connectionMethodReceived(method)
        case .method:
            return connectionFailed(.unexpectedReply("non-connection method on channel 0"), replyCode: AMQPReplyCode.commandInvalid)
        }
    }

    /// Called at every heartbeat interval.
    mutating func heartbeatTick() -> [AMQPAction] {
        switch state {
        case .awaitingOpenOk, .open, .closing:
            switch heartbeat.tick() {
            case .nothing: return []
            // A heartbeat does not count as traffic of the next interval.
            case .sendHeartbeat: return [.send([.heartbeat])]
            case .peerIsDead: return connectionFailed(.heartbeatTimeout, replyCode: nil)
            }
        case .initial, .awaitingStart, .awaitingTune, .closed:
            return []
        }
    }

    /// The TCP connection ended.
    mutating func channelInactive() -> [AMQPAction] {
        switch state {
        case .closed:
            return []
        case .closing(let request):
            state = .closed
            var actions = failAllWork(.connectionClosed)
            if let request { actions.append(.succeed(request, .done)) }
            actions.append(.closed(nil))
            return actions
        case .initial, .awaitingStart, .awaitingTune, .awaitingOpenOk, .open:
            return connectionFailed(.connectionLost("the broker closed the TCP connection"), replyCode: nil)
        }
    }

    /// The bytes from the broker could not be decoded, or the socket failed.
    mutating func errorCaught(_ error: AMQPError) -> [AMQPAction] {
        let replyCode: UInt16? = if case .protocolViolation = error { AMQPReplyCode.frameError } else { nil }
        return connectionFailed(error, replyCode: replyCode)
    }

    // MARK: private

    private var closedError: AMQPError {
        switch state {
        case .closing, .closed: .connectionClosed
        case .initial, .awaitingStart, .awaitingTune, .awaitingOpenOk, .open: .invalidArgument("the connection is not open yet")
        }
    }

    private mutating func connectionMethodReceived(_ method: AMQPMethod.Connection) -> [AMQPAction] {
        switch (state, method) {
        case (.awaitingStart(let request), .start(let start)):
            let mechanisms = start.mechanisms.split(separator: " ").map(String.init)
            guard mechanisms.contains("PLAIN") else {
                state = .closed
                let error = AMQPError.authenticationMechanismUnsupported(offered: start.mechanisms)
                return [.fail(request, error), .closed(error), .closeSocket]
            }
            state = .awaitingTune(request, serverProperties: start.serverProperties)
            let response = Array("\u{0}\(settings.username)\u{0}\(settings.password)".utf8)
            let startOk = AMQPMethod.Connection.StartOk(
                clientProperties: settings.clientProperties, mechanism: "PLAIN", response: response, locale: "en_US"
            )
            return sent([.send([.method(0, .connection(.startOk(startOk)))])])

        case (.awaitingTune(let request, let serverProperties), .tune(let tune)):
            let parameters = AMQPNegotiatedParameters(
                channelMax: Self.negotiate(client: settings.channelMax, server: tune.channelMax),
                frameMax: Self.negotiate(client: settings.frameMax, server: tune.frameMax),
                heartbeat: Self.negotiate(client: settings.heartbeat, server: tune.heartbeat),
                serverProperties: serverProperties
            )
            state = .awaitingOpenOk(request, parameters)
            let tuneOk = AMQPMethod.Connection.Tune(
                channelMax: parameters.channelMax, frameMax: parameters.frameMax, heartbeat: parameters.heartbeat
            )
            return sent([
                .tuned(parameters),
                .send([
                    .method(0, .connection(.tuneOk(tuneOk))),
                    .method(0, .connection(.open(virtualHost: settings.virtualHost))),
                ]),
            ])

        case (.awaitingOpenOk(let request, let parameters), .openOk):
            state = .open(parameters)
            return [.succeed(request, .connected(parameters))]

        case (.closing(let request), .closeOk):
            state = .closed
            var actions: [AMQPAction] = []
            if let request { actions.append(.succeed(request, .done)) }
            return actions + [.closed(nil), .closeSocket]

        case (.closing(let request), .close):
            // Both sides closed at once: answer and finish.
            state = .closed
            var actions: [AMQPAction] = [.send([.method(0, .connection(.closeOk))])]
            if let request { actions.append(.succeed(request, .done)) }
            return actions + [.closed(nil), .closeSocket]

        case (.closed, _), (.closing, _):
            return []

        case (_, .close(let reason)):
            let error = AMQPError.connectionClosedByBroker(reason)
            var actions: [AMQPAction] = [.send([.method(0, .connection(.closeOk))])]
            actions += failHandshake(error)
            actions += failAllWork(error)
            state = .closed
            return actions + [.closed(error), .closeSocket]

        case (.open, .blocked(let reason)):
            blocked = true
            return [.blocked(reason)]

        case (.open, .unblocked):
            blocked = false
            return [.unblocked]

        case (_, .start), (_, .startOk), (_, .secure), (_, .secureOk), (_, .tune), (_, .tuneOk), (_, .open),
             (_, .openOk), (_, .closeOk), (_, .blocked), (_, .unblocked):
            return connectionFailed(
                .unexpectedReply("connection method \(method.methodID) in state \(state)"),
                replyCode: AMQPReplyCode.commandInvalid
            )
        }
    }

    private mutating func channelFrameReceived(_ frame: AMQPFrame) -> [AMQPAction] {
        switch state {
        case .open:
            // Taken out of the dictionary while it changes, so its buffers are not copied.
            guard var channel = channels.removeValue(forKey: frame.channel) else {
                // A channel this client does not know: answer a close, ignore the rest.
                if case .method(.channel(.close)) = frame.payload {
                    return sent([.send([.method(frame.channel, .channel(.closeOk))])])
                }
                return []
            }
            let actions = channel.frameReceived(frame)
            store(channel)
            return sent(actions)
        case .closing, .closed:
            return []
        case .initial, .awaitingStart, .awaitingTune, .awaitingOpenOk:
            return connectionFailed(.unexpectedReply("channel frame during the handshake"), replyCode: AMQPReplyCode.unexpectedFrame)
        }
    }

    private mutating func withChannel(
        _ id: UInt16, request: AMQPRequestID, _ body: (inout ChannelStateMachine) -> [AMQPAction]
    ) -> [AMQPAction] {
        guard case .open = state else { return [.fail(request, closedError)] }
        guard var channel = channels.removeValue(forKey: id) else { return [.fail(request, .channelClosed)] }
        let actions = body(&channel)
        store(channel)
        return sent(actions)
    }

    private mutating func store(_ channel: ChannelStateMachine) {
        channels[channel.id] = channel.isClosed ? nil : channel
    }

    /// Fails the connection: fails all work, sends connection.close when a reply code is given
    /// (a protocol fault of the peer), and closes the socket.
    private mutating func connectionFailed(_ error: AMQPError, replyCode: UInt16?) -> [AMQPAction] {
        if case .closed = state { return [] }
        var actions: [AMQPAction] = []
        if let replyCode, state != .initial {
            let reason = AMQPCloseReason(replyCode: replyCode, replyText: "\(error)")
            actions.append(.send([.method(0, .connection(.close(reason)))]))
        }
        if case .closing(let request?) = state { actions.append(.succeed(request, .done)) }
        actions += failHandshake(error)
        actions += failAllWork(error)
        state = .closed
        return actions + [.closed(error), .closeSocket]
    }

    private func failHandshake(_ error: AMQPError) -> [AMQPAction] {
        switch state {
        case .awaitingStart(let request), .awaitingTune(let request, _), .awaitingOpenOk(let request, _):
            [.fail(request, error)]
        case .initial, .open, .closing, .closed:
            []
        }
    }

    private mutating func failAllWork(_ error: AMQPError) -> [AMQPAction] {
        var actions: [AMQPAction] = []
        for id in channels.keys.sorted() {
            guard var channel = channels[id] else { continue }
            actions += channel.connectionEnded(error)
        }
        channels.removeAll()
        return actions
    }

    /// Notes writes for the heartbeat monitor.
    private mutating func sent(_ actions: [AMQPAction]) -> [AMQPAction] {
        if actions.contains(where: { if case .send = $0 { true } else { false } }) {
            heartbeat.frameSent()
        }
        return actions
    }
}
