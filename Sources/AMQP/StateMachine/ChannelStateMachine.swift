import NIOCore

/// The logic of one AMQP channel as a value: it takes requests and frames and returns actions.
///
/// - Synchronous methods (declare, bind, qos, consume, …) are queued and sent one at a time; the
///   next goes out when the reply to the previous one arrives.
/// - Content (deliver, return, get-ok) is assembled from its method, header and body frames.
/// - In confirm mode every publish gets the next delivery tag and completes on the broker's
///   ack (or fails on its nack).
struct ChannelStateMachine: Sendable {
    enum State: Sendable, Hashable {
        /// channel.open sent, waiting for open-ok.
        case opening(AMQPRequestID)
        case open
        /// channel.close sent by this client, waiting for close-ok.
        case closing(AMQPRequestID?)
        case closed
    }

    /// A synchronous method waiting for (or being answered by) its reply.
    struct PendingRPC: Sendable, Hashable {
        var request: AMQPRequestID
        var method: AMQPMethod
    }

    /// Where the channel is in reading content frames.
    enum ContentAssembly: Sendable, Hashable {
        case idle
        case awaitingHeader(AMQPIncomingMessage.Method)
        case awaitingBody(AMQPIncomingMessage.Method, AMQPProperties, remaining: UInt64, body: ByteBuffer)
    }

    /// The channel number.
    let id: UInt16
    /// The negotiated frame-max, for splitting bodies (0: no limit).
    let frameMax: UInt32
    private(set) var state: State
    private var rpcs = CircularBuffer<PendingRPC>()
    private var headInFlight = false
    private var content = ContentAssembly.idle
    /// Active consumers by tag, with their no-ack flag.
    private(set) var consumers: [String: Bool] = [:]
    /// Consumers this client cancelled, until cancel-ok, with their no-ack flag.
    private var cancelling: [String: Bool] = [:]
    /// Set once confirm.select went out.
    private(set) var confirms: PublisherConfirms?

    /// Starts opening channel `id`; the returned actions send channel.open.
    init(id: UInt16, frameMax: UInt32, openRequest: AMQPRequestID) {
        self.id = id
        self.frameMax = frameMax
        self.state = .opening(openRequest)
    }

    /// The frame that opens this channel.
    var openFrame: AMQPFrame { .method(id, .channel(.open)) }

    var isClosed: Bool { state == .closed }

    // MARK: requests

    /// Queues a synchronous method (declare, bind, qos, consume, cancel, get, confirm.select).
    mutating func sendRPC(_ method: AMQPMethod, request: AMQPRequestID) -> [AMQPAction] {
        guard state == .open else { return [.fail(request, .channelClosed)] }
        switch method {
        case .basic(.consume(let consume)):
            consumers[consume.consumerTag] = consume.noAck
        case .basic(.cancel(let tag, _)):
            if let noAck = consumers.removeValue(forKey: tag) { cancelling[tag] = noAck }
        case .connection, .channel, .exchange, .queue, .basic, .confirm:
            break
        }
        rpcs.append(PendingRPC(request: request, method: method))
        return sendNextRPCIfIdle()
    }

    /// Sends a method that has no reply (ack, nack, reject) and completes the request.
    mutating func sendAsync(_ method: AMQPMethod, request: AMQPRequestID) -> [AMQPAction] {
        guard state == .open else { return [.fail(request, .channelClosed)] }
        return [.send([.method(id, method)]), .succeed(request, .done)]
    }

    /// Publishes a message: method, header and body frames split at frame-max minus 8. In confirm
    /// mode the request completes on the broker's ack; otherwise once the frames are handed over.
    mutating func publish(
        _ publish: AMQPMethod.Basic.Publish, properties: AMQPProperties, body: ByteBuffer, request: AMQPRequestID
    ) -> [AMQPAction] {
        guard state == .open else { return [.fail(request, .channelClosed)] }
        var frames: [AMQPFrame] = [
            .method(id, .basic(.publish(publish))),
            AMQPFrame(channel: id, payload: .header(AMQPContentHeader(bodySize: UInt64(body.readableBytes), properties: properties))),
        ]
        let chunk = frameMax == 0 ? max(body.readableBytes, 1) : Int(frameMax) - AMQPFrame.overhead
        var rest = body
        while rest.readableBytes > 0, let slice = rest.readSlice(length: min(chunk, rest.readableBytes)) {
            frames.append(AMQPFrame(channel: id, payload: .body(slice)))
        }
        if confirms != nil {
            _ = confirms?.published(request: request)
            return [.send(frames)]
        }
        return [.send(frames), .succeed(request, .done)]
    }

    /// Closes the channel from this side: fails queued work and sends channel.close.
    mutating func close(request: AMQPRequestID) -> [AMQPAction] {
        switch state {
        case .open:
            var actions = failRPCsAndConsumers(.channelClosed, consumerError: nil)
            actions.append(.send([.method(id, .channel(.close(.normal)))]))
            state = .closing(request)
            return actions
        case .opening, .closing, .closed:
            return [.fail(request, .channelClosed)]
        }
    }

    /// Ends everything on the channel because the connection ended.
    mutating func connectionEnded(_ error: AMQPError) -> [AMQPAction] {
        var actions: [AMQPAction] = []
        switch state {
        case .opening(let request): actions.append(.fail(request, error))
        case .closing(let request?): actions.append(.succeed(request, .done))
        case .closing(nil), .open, .closed: break
        }
        actions += failRPCsAndConsumers(error, consumerError: error)
        actions += failUnconfirmed(error)
        state = .closed
        return actions
    }

    // MARK: frames

    /// Handles a frame from the broker on this channel.
    mutating func frameReceived(_ frame: AMQPFrame) -> [AMQPAction] {
        switch state {
        case .opening(let request):
            switch frame.payload {
            case .method(.channel(.openOk)):
                state = .open
                return [.succeed(request, .channelOpened(id))]
            case .method(.channel(.close(let reason))):
                state = .closed
                return [.send([.method(id, .channel(.closeOk))]), .fail(request, .channelClosedByBroker(reason))]
            case .method, .header, .body, .heartbeat:
                return []
            }
        case .open:
            return frameReceivedWhileOpen(frame)
        case .closing(let request):
            switch frame.payload {
            case .method(.channel(.closeOk)), .method(.channel(.close)):
                var actions: [AMQPAction] = []
                if case .method(.channel(.close)) = frame.payload {
                    actions.append(.send([.method(id, .channel(.closeOk))]))
                }
                actions += failUnconfirmed(.channelClosed)
                if let request { actions.append(.succeed(request, .done)) }
                state = .closed
                return actions
            case .method(.basic(.ack(let tag, let multiple))):
                return settleConfirms(tag: tag, multiple: multiple, nack: false)
            case .method(.basic(.nack(let tag, let multiple, _))):
                return settleConfirms(tag: tag, multiple: multiple, nack: true)
            case .method, .header, .body, .heartbeat:
                return []
            }
        case .closed:
            return []
        }
    }

    private mutating func frameReceivedWhileOpen(_ frame: AMQPFrame) -> [AMQPAction] {
        switch frame.payload {
        case .method(let method):
            guard content == .idle else {
                return protocolFailure("method \(method.classID).\(method.methodID) arrived while content was expected")
            }
            return methodReceived(method)
        case .header(let header):
            guard case .awaitingHeader(let method) = content else {
                return protocolFailure("content header without a content method")
            }
            content = .awaitingBody(method, header.properties, remaining: header.bodySize, body: ByteBuffer())
            return completeContentIfDone()
        case .body(var slice):
            guard case .awaitingBody(let method, let properties, let remaining, var body) = content,
                  UInt64(slice.readableBytes) <= remaining
            else { return protocolFailure("unexpected body frame") }
            if body.readableBytes == 0, UInt64(slice.readableBytes) == remaining {
                body = slice
            } else {
                body.writeBuffer(&slice)
            }
            content = .awaitingBody(method, properties, remaining: remaining - UInt64(frame.bodySize), body: body)
            return completeContentIfDone()
        case .heartbeat:
            return []
        }
    }

    private mutating func methodReceived(_ method: AMQPMethod) -> [AMQPAction] {
        switch method {
        case .channel(.close(let reason)):
            let error = AMQPError.channelClosedByBroker(reason)
            var actions: [AMQPAction] = [.send([.method(id, .channel(.closeOk))])]
            actions += failRPCsAndConsumers(error, consumerError: error)
            actions += failUnconfirmed(error)
            state = .closed
            return actions
        case .channel(.flow(let active)):
            return [.send([.method(id, .channel(.flowOk(active: active)))])]
        case .basic(.deliver(let deliver)):
            content = .awaitingHeader(.deliver(deliver))
            return []
        case .basic(.return(let returned)):
            content = .awaitingHeader(.return(returned))
            return []
        case .basic(.getOk(let getOk)):
            guard case .basic(.get)? = rpcs.first?.method, headInFlight else {
                return protocolFailure("basic.get-ok without basic.get")
            }
            content = .awaitingHeader(.getOk(getOk))
            return []
        case .basic(.ack(let tag, let multiple)):
            return settleConfirms(tag: tag, multiple: multiple, nack: false)
        case .basic(.nack(let tag, let multiple, _)):
            return settleConfirms(tag: tag, multiple: multiple, nack: true)
        case .basic(.cancel(let tag, let noWait)):
            // The broker cancels a consumer (queue deleted, …).
            var actions: [AMQPAction] = []
            if consumers.removeValue(forKey: tag) != nil {
                actions.append(.consumerEnded(channel: id, consumerTag: tag, .consumerCancelledByBroker(consumerTag: tag)))
            }
            if !noWait { actions.append(.send([.method(id, .basic(.cancelOk(consumerTag: tag)))])) }
            return actions
        case .basic(.getEmpty):
            return completeHeadRPC(with: method, result: .message(nil))
        case .connection, .channel, .exchange, .queue, .basic, .confirm:
            return completeHeadRPC(with: method, result: .reply(method))
        }
    }

    private mutating func completeContentIfDone() -> [AMQPAction] {
        guard case .awaitingBody(let method, let properties, let remaining, let body) = content, remaining == 0 else {
            return []
        }
        content = .idle
        let message = AMQPIncomingMessage(method: method, properties: properties, body: body)
        switch method {
        case .deliver(let deliver):
            if consumers[deliver.consumerTag] != nil {
                return [.deliver(channel: id, consumerTag: deliver.consumerTag, message)]
            }
            // A delivery for a consumer being cancelled: give it back unless it needs no ack.
            if let noAck = cancelling[deliver.consumerTag], !noAck {
                return [.send([.method(id, .basic(.reject(deliveryTag: deliver.deliveryTag, requeue: true)))])]
            }
            return []
        case .return:
            return [.returned(channel: id, message)]
        case .getOk(let getOk):
            return completeHeadRPC(with: .basic(.getOk(getOk)), result: .message(message))
        }
    }

    private mutating func completeHeadRPC(with reply: AMQPMethod, result: AMQPRequestResult) -> [AMQPAction] {
        guard headInFlight, let head = rpcs.first else {
            return protocolFailure("reply \(reply.classID).\(reply.methodID) without a request")
        }
        guard Self.isReply(reply, to: head.method) else {
            return protocolFailure("reply \(reply.classID).\(reply.methodID) to \(head.method.classID).\(head.method.methodID)")
        }
        rpcs.removeFirst()
        headInFlight = false
        var actions: [AMQPAction] = []
        switch reply {
        case .basic(.cancelOk(let tag)):
            if cancelling.removeValue(forKey: tag) != nil {
                actions.append(.consumerEnded(channel: id, consumerTag: tag, nil))
            }
        case .connection, .channel, .exchange, .queue, .basic, .confirm:
            break
        }
        actions.append(.succeed(head.request, result))
        return actions + sendNextRPCIfIdle()
    }

    private mutating func sendNextRPCIfIdle() -> [AMQPAction] {
        guard !headInFlight, let head = rpcs.first else { return [] }
        headInFlight = true
        if case .confirm(.select) = head.method, confirms == nil {
            // Publishes written after confirm.select are counted by the broker.
            confirms = PublisherConfirms()
        }
        return [.send([.method(id, head.method)])]
    }

    private mutating func settleConfirms(tag: UInt64, multiple: Bool, nack: Bool) -> [AMQPAction] {
        guard var confirms else { return [] }
        let settled = confirms.settle(tag: tag, multiple: multiple)
        self.confirms = confirms
        return settled.map { nack ? .fail($0, .publishNacked) : .succeed($0, .done) }
    }

    private mutating func failUnconfirmed(_ error: AMQPError) -> [AMQPAction] {
        guard var confirms else { return [] }
        let all = confirms.drain()
        self.confirms = confirms
        return all.map { .fail($0, error) }
    }

    private mutating func failRPCsAndConsumers(_ error: AMQPError, consumerError: AMQPError?) -> [AMQPAction] {
        var actions = rpcs.map { AMQPAction.fail($0.request, error) }
        rpcs.removeAll()
        headInFlight = false
        content = .idle
        for tag in (Array(consumers.keys) + Array(cancelling.keys)).sorted() {
            actions.append(.consumerEnded(channel: id, consumerTag: tag, consumerError))
        }
        consumers.removeAll()
        cancelling.removeAll()
        return actions
    }

    /// A broken sequence on this channel: the channel is closed with 505 UNEXPECTED_FRAME and
    /// every waiting request fails.
    private mutating func protocolFailure(_ text: String) -> [AMQPAction] {
        let error = AMQPError.unexpectedReply(text)
        var actions = failRPCsAndConsumers(error, consumerError: error)
        actions += failUnconfirmed(error)
        let reason = AMQPCloseReason(replyCode: AMQPReplyCode.unexpectedFrame, replyText: "UNEXPECTED_FRAME - \(text)")
        actions.append(.send([.method(id, .channel(.close(reason)))]))
        state = .closing(nil)
        return actions
    }

    /// Whether `reply` answers `request`.
    static func isReply(_ reply: AMQPMethod, to request: AMQPMethod) -> Bool {
        switch (request, reply) {
        case (.exchange(.declare), .exchange(.declareOk)), (.exchange(.delete), .exchange(.deleteOk)),
             (.exchange(.bind), .exchange(.bindOk)), (.exchange(.unbind), .exchange(.unbindOk)),
             (.queue(.declare), .queue(.declareOk)), (.queue(.bind), .queue(.bindOk)),
             (.queue(.purge), .queue(.purgeOk)), (.queue(.delete), .queue(.deleteOk)),
             (.queue(.unbind), .queue(.unbindOk)),
             (.basic(.qos), .basic(.qosOk)), (.basic(.consume), .basic(.consumeOk)),
             (.basic(.cancel), .basic(.cancelOk)), (.basic(.get), .basic(.getOk)), (.basic(.get), .basic(.getEmpty)),
             (.basic(.recover), .basic(.recoverOk)),
             (.confirm(.select), .confirm(.selectOk)), (.channel(.flow), .channel(.flowOk)):
            return true
        default:
            return false
        }
    }
}

extension AMQPFrame {
    /// The number of body bytes a body frame carries (0 for other frames).
    var bodySize: Int {
        if case .body(let slice) = payload { return slice.readableBytes }
        return 0
    }
}
