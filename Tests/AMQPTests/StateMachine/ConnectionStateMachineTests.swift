@testable import AMQP
import NIOCore
import Testing

/// The connection state machine, driven by hand with the frames a broker would send.
@Suite struct ConnectionStateMachineTests {
    static let settings = ConnectionStateMachine.Settings(
        username: "guest", password: "guest", virtualHost: "/", channelMax: 0, frameMax: 8192, heartbeat: 30,
        clientProperties: ["product": "test"]
    )
    static let start = AMQPMethod.Connection.Start(serverProperties: ["product": "RabbitMQ"], mechanisms: "AMQPLAIN PLAIN", locales: "en_US")
    static let serverTune = AMQPMethod.Connection.Tune(channelMax: 2047, frameMax: 131_072, heartbeat: 60)

    /// A state machine that finished the handshake (request 1).
    static func openMachine() -> ConnectionStateMachine {
        var machine = ConnectionStateMachine(settings: settings)
        _ = machine.start(request: 1)
        _ = machine.frameReceived(.method(0, .connection(.start(start))))
        _ = machine.frameReceived(.method(0, .connection(.tune(serverTune))))
        _ = machine.frameReceived(.method(0, .connection(.openOk)))
        return machine
    }

    /// An open machine with channel 1 open (request 2).
    static func machineWithChannel() -> ConnectionStateMachine {
        var machine = openMachine()
        _ = machine.openChannel(request: 2)
        _ = machine.frameReceived(.method(1, .channel(.openOk)))
        return machine
    }

    @Test func handshakeSequence() {
        var machine = ConnectionStateMachine(settings: Self.settings)
        #expect(machine.start(request: 1) == [.sendProtocolHeader])

        let startOk = AMQPMethod.Connection.StartOk(
            clientProperties: ["product": "test"], mechanism: "PLAIN", response: Array("\u{0}guest\u{0}guest".utf8), locale: "en_US"
        )
        #expect(machine.frameReceived(.method(0, .connection(.start(Self.start)))) == [.send([.method(0, .connection(.startOk(startOk)))])])

        let agreed = AMQPNegotiatedParameters(channelMax: 2047, frameMax: 8192, heartbeat: 30, serverProperties: ["product": "RabbitMQ"])
        #expect(machine.frameReceived(.method(0, .connection(.tune(Self.serverTune)))) == [
            .tuned(agreed),
            .send([
                .method(0, .connection(.tuneOk(.init(channelMax: 2047, frameMax: 8192, heartbeat: 30)))),
                .method(0, .connection(.open(virtualHost: "/"))),
            ]),
        ])
        #expect(machine.frameReceived(.method(0, .connection(.openOk))) == [.succeed(1, .connected(agreed))])
        #expect(machine.state == .open(agreed))
    }

    @Test func tuneNegotiation() {
        // 0 on either side means "no limit / no preference": the other value wins; else the smaller.
        #expect(ConnectionStateMachine.negotiate(client: UInt16(0), server: 2047) == 2047)
        #expect(ConnectionStateMachine.negotiate(client: UInt16(100), server: 2047) == 100)
        #expect(ConnectionStateMachine.negotiate(client: UInt32(131_072), server: 0) == 131_072)
        #expect(ConnectionStateMachine.negotiate(client: UInt32(1_048_576), server: 131_072) == 131_072)
        #expect(ConnectionStateMachine.negotiate(client: UInt16(60), server: 0) == 60)
        #expect(ConnectionStateMachine.negotiate(client: UInt16(0), server: 0) == 0)
    }

    @Test func brokerWithoutPlainIsRefused() {
        var machine = ConnectionStateMachine(settings: Self.settings)
        _ = machine.start(request: 1)
        let start = AMQPMethod.Connection.Start(serverProperties: [:], mechanisms: "EXTERNAL", locales: "en_US")
        let error = AMQPError.authenticationMechanismUnsupported(offered: "EXTERNAL")
        #expect(machine.frameReceived(.method(0, .connection(.start(start)))) == [.fail(1, error), .closed(error), .closeSocket])
    }

    @Test func accessRefusedDuringHandshakeFailsTheConnect() {
        var machine = ConnectionStateMachine(settings: Self.settings)
        _ = machine.start(request: 1)
        _ = machine.frameReceived(.method(0, .connection(.start(Self.start))))
        let reason = AMQPCloseReason(replyCode: 403, replyText: "ACCESS_REFUSED - Login was refused", classID: 0, methodID: 0)
        let error = AMQPError.connectionClosedByBroker(reason)
        #expect(machine.frameReceived(.method(0, .connection(.close(reason)))) == [
            .send([.method(0, .connection(.closeOk))]), .fail(1, error), .closed(error), .closeSocket,
        ])
    }

    @Test func closeFromServerFailsEverythingAndRepliesCloseOk() {
        var machine = Self.machineWithChannel()
        let consume = AMQPMethod.Basic.Consume(queue: "q", consumerTag: "c1")
        _ = machine.sendRPC(channel: 1, .basic(.consume(consume)), request: 3)
        _ = machine.frameReceived(.method(1, .basic(.consumeOk(consumerTag: "c1"))))
        _ = machine.sendRPC(channel: 1, .queue(.declare(.init(queue: "q2"))), request: 4)

        let reason = AMQPCloseReason(replyCode: 320, replyText: "CONNECTION_FORCED - broker forced connection closure with reason 'shutdown'")
        let error = AMQPError.connectionClosedByBroker(reason)
        #expect(machine.frameReceived(.method(0, .connection(.close(reason)))) == [
            .send([.method(0, .connection(.closeOk))]),
            .fail(4, error),
            .consumerEnded(channel: 1, consumerTag: "c1", error),
            .closed(error),
            .closeSocket,
        ])
        #expect(machine.openChannel(request: 5) == [.fail(5, .connectionClosed)])
    }

    @Test func clientCloseWaitsForCloseOk() {
        var machine = Self.machineWithChannel()
        #expect(machine.close(request: 9) == [.send([.method(0, .connection(.close(.normal)))])])
        #expect(machine.frameReceived(.method(0, .connection(.closeOk))) == [.succeed(9, .done), .closed(nil), .closeSocket])
    }

    @Test func socketLossFailsWaitingWork() {
        var machine = Self.machineWithChannel()
        _ = machine.sendRPC(channel: 1, .basic(.qos(prefetchSize: 0, prefetchCount: 1, global: false)), request: 3)
        let error = AMQPError.connectionLost("the broker closed the TCP connection")
        #expect(machine.channelInactive() == [.fail(3, error), .closed(error), .closeSocket])
    }

    @Test func publishesNotYetConfirmedFailWhenTheConnectionIsLost() {
        var machine = Self.machineWithChannel()
        _ = machine.sendRPC(channel: 1, .confirm(.select(noWait: false)), request: 3)
        _ = machine.frameReceived(.method(1, .confirm(.selectOk)))
        let publish = AMQPMethod.Basic.Publish(exchange: "", routingKey: "q")
        _ = machine.publish(channel: 1, publish, properties: AMQPProperties(), body: ByteBuffer(string: "a"), request: 4)
        _ = machine.publish(channel: 1, publish, properties: AMQPProperties(), body: ByteBuffer(string: "b"), request: 5)
        #expect(machine.frameReceived(.method(1, .basic(.ack(deliveryTag: 1, multiple: false)))) == [.succeed(4, .done)])
        let error = AMQPError.connectionLost("the broker closed the TCP connection")
        #expect(machine.channelInactive() == [.fail(5, error), .closed(error), .closeSocket])
    }

    @Test func channelNumbersAreReusedLowestFirst() {
        var machine = Self.machineWithChannel()
        #expect(machine.openChannel(request: 3) == [.send([.method(2, .channel(.open))])])
        _ = machine.frameReceived(.method(2, .channel(.openOk)))
        _ = machine.closeChannel(1, request: 4)
        #expect(machine.frameReceived(.method(1, .channel(.closeOk))) == [.succeed(4, .done)])
        #expect(machine.openChannel(request: 5) == [.send([.method(1, .channel(.open))])])
    }

    @Test func heartbeatsAreSentWhenIdleAndTwoSilentIntervalsKillTheConnection() {
        var machine = Self.openMachine()
        // The handshake wrote frames in this interval: nothing to send.
        #expect(machine.heartbeatTick() == [])
        // Nothing written or read during the next interval: send a heartbeat.
        _ = machine.frameReceived(.heartbeat)
        #expect(machine.heartbeatTick() == [.send([.heartbeat])])
        // A second interval without anything from the broker.
        #expect(machine.heartbeatTick() == [.send([.heartbeat])])
        #expect(machine.heartbeatTick() == [.closed(.heartbeatTimeout), .closeSocket])
    }

    @Test func blockedAndUnblockedAreTolerated() {
        var machine = Self.openMachine()
        #expect(machine.frameReceived(.method(0, .connection(.blocked(reason: "low on memory")))) == [.blocked("low on memory")])
        #expect(machine.frameReceived(.method(0, .connection(.unblocked))) == [.unblocked])
    }
}
