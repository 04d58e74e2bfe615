@testable import AMQP
import NIOCore
import Testing

/// The channel state machine: RPC queueing, channel errors, content assembly, body splitting
/// and publisher-confirm bookkeeping.
@Suite struct ChannelStateMachineTests {
    static func openChannel(frameMax: UInt32 = 131_072) -> ChannelStateMachine {
        var channel = ChannelStateMachine(id: 1, frameMax: frameMax, openRequest: 1)
        #expect(channel.frameReceived(.method(1, .channel(.openOk))) == [.succeed(1, .channelOpened(1))])
        return channel
    }

    @Test func synchronousMethodsGoOutOneAtATime() {
        var channel = Self.openChannel()
        let declare = AMQPMethod.queue(.declare(.init(queue: "a")))
        let bind = AMQPMethod.queue(.bind(.init(queue: "a", exchange: "x", routingKey: "k")))
        #expect(channel.sendRPC(declare, request: 2) == [.send([.method(1, declare)])])
        #expect(channel.sendRPC(bind, request: 3) == [])  // queued behind the declare
        let ok = AMQPMethod.queue(.declareOk(.init(queue: "a", messageCount: 0, consumerCount: 0)))
        #expect(channel.frameReceived(.method(1, ok)) == [.succeed(2, .reply(ok)), .send([.method(1, bind)])])
        #expect(channel.frameReceived(.method(1, .queue(.bindOk))) == [.succeed(3, .reply(.queue(.bindOk)))])
    }

    @Test func channelCloseFromBrokerFailsTheWaitingCallAndLaterCalls() {
        var channel = Self.openChannel()
        let declare = AMQPMethod.queue(.declare(.init(queue: "a", arguments: ["x-max-length": 1])))
        _ = channel.sendRPC(declare, request: 2)
        _ = channel.sendRPC(.basic(.qos(prefetchSize: 0, prefetchCount: 1, global: false)), request: 3)
        let reason = AMQPCloseReason(
            replyCode: 406, replyText: "PRECONDITION_FAILED - inequivalent arg 'x-max-length'", classID: 50, methodID: 10
        )
        let error = AMQPError.channelClosedByBroker(reason)
        #expect(channel.frameReceived(.method(1, .channel(.close(reason)))) == [
            .send([.method(1, .channel(.closeOk))]), .fail(2, error), .fail(3, error),
        ])
        #expect(channel.isClosed)
        #expect(channel.sendRPC(declare, request: 4) == [.fail(4, .channelClosed)])
        #expect(error.replyCode == 406)
        #expect(!error.isConnectionError)
    }

    @Test func deliveryIsAssembledFromMethodHeaderAndBodyFrames() {
        var channel = Self.openChannel()
        _ = channel.sendRPC(.basic(.consume(.init(queue: "q", consumerTag: "c"))), request: 2)
        _ = channel.frameReceived(.method(1, .basic(.consumeOk(consumerTag: "c"))))
        let deliver = AMQPMethod.Basic.Deliver(consumerTag: "c", deliveryTag: 1, redelivered: false, exchange: "", routingKey: "q")
        let properties = AMQPProperties(contentType: "text/plain")
        #expect(channel.frameReceived(.method(1, .basic(.deliver(deliver)))) == [])
        #expect(channel.frameReceived(AMQPFrame(channel: 1, payload: .header(.init(bodySize: 10, properties: properties)))) == [])
        #expect(channel.frameReceived(AMQPFrame(channel: 1, payload: .body(ByteBuffer(string: "hello ")))) == [])
        let message = AMQPIncomingMessage(method: .deliver(deliver), properties: properties, body: ByteBuffer(string: "hello body"))
        #expect(channel.frameReceived(AMQPFrame(channel: 1, payload: .body(ByteBuffer(string: "body")))) == [
            .deliver(channel: 1, consumerTag: "c", message),
        ])
    }

    @Test func emptyBodyIsDeliveredAfterTheHeader() {
        var channel = Self.openChannel()
        _ = channel.sendRPC(.basic(.get(queue: "q", noAck: true)), request: 2)
        let getOk = AMQPMethod.Basic.GetOk(deliveryTag: 1, redelivered: false, exchange: "", routingKey: "q", messageCount: 0)
        _ = channel.frameReceived(.method(1, .basic(.getOk(getOk))))
        let message = AMQPIncomingMessage(method: .getOk(getOk), properties: AMQPProperties(), body: ByteBuffer())
        #expect(channel.frameReceived(AMQPFrame(channel: 1, payload: .header(.init(bodySize: 0, properties: AMQPProperties())))) == [
            .succeed(2, .message(message)),
        ])
    }

    @Test func publishSplitsTheBodyAtFrameMaxMinusEight() {
        var channel = Self.openChannel(frameMax: 4096)
        let body = ByteBuffer(repeating: 0x61, count: 10_000)
        let actions = channel.publish(.init(exchange: "", routingKey: "q"), properties: AMQPProperties(), body: body, request: 2)
        guard case .send(let frames) = actions.first else {
            Issue.record("no frames sent")
            return
        }
        #expect(frames.count == 5)
        #expect(frames.dropFirst(2).map(\.bodySize) == [4088, 4088, 1824])
        #expect(actions.last == .succeed(2, .done))  // no confirms: done once handed over
    }

    @Test func confirmBookkeepingWithMultipleAcksAndNacks() {
        var channel = Self.openChannel()
        #expect(channel.sendRPC(.confirm(.select(noWait: false)), request: 2) == [.send([.method(1, .confirm(.select(noWait: false)))])])
        #expect(channel.frameReceived(.method(1, .confirm(.selectOk))) == [.succeed(2, .reply(.confirm(.selectOk)))])
        for request in AMQPRequestID(10)...AMQPRequestID(15) {
            let actions = channel.publish(.init(exchange: "", routingKey: "q"), properties: AMQPProperties(), body: ByteBuffer(string: "m"), request: request)
            #expect(actions.count == 1)  // frames only: the request waits for the broker
        }
        // Tags 1...6 belong to requests 10...15.
        #expect(channel.frameReceived(.method(1, .basic(.ack(deliveryTag: 3, multiple: true)))) == [
            .succeed(10, .done), .succeed(11, .done), .succeed(12, .done),
        ])
        #expect(channel.frameReceived(.method(1, .basic(.nack(deliveryTag: 5, multiple: false, requeue: false)))) == [
            .fail(14, .publishNacked),
        ])
        #expect(channel.frameReceived(.method(1, .basic(.ack(deliveryTag: 4, multiple: false)))) == [.succeed(13, .done)])
        #expect(channel.frameReceived(.method(1, .basic(.ack(deliveryTag: 4, multiple: false)))) == [])  // already settled
        #expect(channel.confirms?.unconfirmed.map(\.tag) == [6])
        // The channel is lost before tag 6 is confirmed: that publish fails.
        let reason = AMQPCloseReason(replyCode: 404, replyText: "NOT_FOUND - no exchange 'nope'", classID: 60, methodID: 40)
        #expect(channel.frameReceived(.method(1, .channel(.close(reason)))) == [
            .send([.method(1, .channel(.closeOk))]), .fail(15, .channelClosedByBroker(reason)),
        ])
    }

    @Test func publisherConfirmsCountTagsPerChannel() {
        var confirms = PublisherConfirms()
        #expect(confirms.published(request: 7) == 1)
        #expect(confirms.published(request: 8) == 2)
        #expect(confirms.settle(tag: 2, multiple: false) == [8])
        #expect(confirms.settle(tag: 2, multiple: true) == [7])
        #expect(confirms.drain() == [])
    }

    @Test func brokerCancelEndsTheConsumerWithATypedError() {
        var channel = Self.openChannel()
        _ = channel.sendRPC(.basic(.consume(.init(queue: "q", consumerTag: "c"))), request: 2)
        _ = channel.frameReceived(.method(1, .basic(.consumeOk(consumerTag: "c"))))
        #expect(channel.frameReceived(.method(1, .basic(.cancel(consumerTag: "c", noWait: true)))) == [
            .consumerEnded(channel: 1, consumerTag: "c", .consumerCancelledByBroker(consumerTag: "c")),
        ])
    }

    @Test func clientCancelEndsTheConsumerOnCancelOkAndRequeuesLateDeliveries() {
        var channel = Self.openChannel()
        _ = channel.sendRPC(.basic(.consume(.init(queue: "q", consumerTag: "c"))), request: 2)
        _ = channel.frameReceived(.method(1, .basic(.consumeOk(consumerTag: "c"))))
        _ = channel.sendRPC(.basic(.cancel(consumerTag: "c", noWait: false)), request: 3)
        // A delivery that crossed the cancel on the wire goes back to the queue.
        let deliver = AMQPMethod.Basic.Deliver(consumerTag: "c", deliveryTag: 9, redelivered: false, exchange: "", routingKey: "q")
        _ = channel.frameReceived(.method(1, .basic(.deliver(deliver))))
        #expect(channel.frameReceived(AMQPFrame(channel: 1, payload: .header(.init(bodySize: 0, properties: AMQPProperties())))) == [
            .send([.method(1, .basic(.reject(deliveryTag: 9, requeue: true)))]),
        ])
        #expect(channel.frameReceived(.method(1, .basic(.cancelOk(consumerTag: "c")))) == [
            .consumerEnded(channel: 1, consumerTag: "c", nil), .succeed(3, .reply(.basic(.cancelOk(consumerTag: "c")))),
        ])
    }

    @Test func unexpectedReplyClosesTheChannelWithUnexpectedFrame() {
        var channel = Self.openChannel()
        _ = channel.sendRPC(.queue(.declare(.init(queue: "a"))), request: 2)
        let actions = channel.frameReceived(.method(1, .basic(.qosOk)))
        #expect(actions.first == .fail(2, .unexpectedReply("reply 60.11 to 50.10")))
        #expect(channel.state == .closing(nil))
    }

    @Test func backoffGrowsCapsAndJitters() {
        let backoff = AMQPBackoff(initial: .milliseconds(100), maximum: .seconds(1), multiplier: 2, jitter: 0.5)
        #expect(backoff.baseDelay(attempt: 1) == .milliseconds(100))
        #expect(backoff.baseDelay(attempt: 3) == .milliseconds(400))
        #expect(backoff.baseDelay(attempt: 10) == .seconds(1))
        var generator = SystemRandomNumberGenerator()
        for attempt in 1...10 {
            let delay = backoff.delay(attempt: attempt, using: &generator)
            #expect(delay <= backoff.baseDelay(attempt: attempt))
            #expect(delay >= backoff.baseDelay(attempt: attempt) / 2)
        }
    }
}
