import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTP1
@testable import SaudaServer
import SaudaCore
import SaudaStore
import SaudaTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Idle and slow-header connections are closed after the idle timeout, open connections are capped, and `/health`
/// keeps answering through a crowd of them.
@Suite struct ConnectionLimitsTests {
    /// A TCP connection to 127.0.0.1:`port` that the test holds; closed when released.
    final class RawSocket {
        let descriptor: Int32

        init?(port: Int) {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { return nil }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(descriptor)
                return nil
            }
            self.descriptor = descriptor
        }

        func send(_ text: String) {
            _ = text.utf8CString.withUnsafeBufferPointer { write(descriptor, $0.baseAddress, $0.count - 1) }
        }

        /// Whether the server closed the connection: a read returns end of file (waits up to `seconds`).
        func isClosedByServer(within seconds: Int) -> Bool {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count == 0 { return true }
                if count < 0 { return errno == ECONNRESET }
            }
        }

        /// Whether the server answers with an HTTP status line within `seconds` (only the first read is looked at).
        func readsResponse(within seconds: Int) -> Bool {
            var timeout = timeval(tv_sec: seconds, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(descriptor, &buffer, buffer.count)
            return count > 0 && String(decoding: buffer[..<count], as: UTF8.self).hasPrefix("HTTP/1.1 ")
        }

        deinit { close(descriptor) }
    }

    @Test func healthAnswersThroughACrowdOfIdleAndSlowHeaderConnections() async throws {
        try await withRunningSystem(configure: { settings in
            settings.edge.maxConnections = 32
            settings.edge.idleTimeoutSeconds = 1
        }) { client, _ in
            let port = try #require(client.port)
            // Five times the cap: half never send a byte, half send part of a request head and stop.
            let crowd = Self.crowd(port: port, count: 160)
            #expect(crowd.count == 160, "the kernel queued every connection")
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.status == .ok, "/health answered while the crowd waited")
            // The idle and the trickling ones are closed by the server, not left to hold their slots.
            #expect(crowd.first?.isClosedByServer(within: 30) == true)
            #expect(crowd.dropFirst().first?.isClosedByServer(within: 30) == true)
        }
    }

    /// `count` connections to `port`: every other one sends part of a request head and stops, the rest send nothing.
    static func crowd(port: Int, count: Int) -> [RawSocket] {
        var crowd: [RawSocket] = []
        for index in 0..<count {
            guard let socket = RawSocket(port: port) else { break }
            if index.isMultiple(of: 2) { socket.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
            crowd.append(socket)
        }
        return crowd
    }

    /// Two thousand sockets that send nothing, or half a request head, against a cap of 64 and a 30 s idle timeout:
    /// each newcomer pushes out the socket that waited longest, so `/health` gets in at once, and a connection whose
    /// answer is under way (a live stream) is never the one pushed out.
    @Test func atTheCapTheLongestWaitingConnectionMakesRoomAndBusyOnesStay() async throws {
        try await withRunningSystem(configure: { settings in
            settings.edge.maxConnections = 64
            settings.edge.idleTimeoutSeconds = 30
        }) { client, _ in
            let port = try #require(client.port)
            // A live stream is busy for as long as it runs: its answer has begun before the crowd comes.
            let busy = try #require(RawSocket(port: port))
            busy.send("GET /api/v1/webchat/default/sessions/busy-one/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            #expect(busy.readsResponse(within: 30), "the stream answered")
            let crowd = Self.crowd(port: port, count: 2_000)
            #expect(crowd.count == 2_000, "every connection was taken in")
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
            #expect(response.status == .ok, "/health answered while the crowd waited")
            // The first of the crowd was pushed out long before its idle timeout.
            #expect(crowd.first?.isClosedByServer(within: 10) == true)
            // The busy connection is still open: nothing ends it while the crowd pushes itself out.
            #expect(!busy.isClosedByServer(within: 2), "the connection with an answer under way was kept")
        }
    }

    @Test func theRosterPushesOutTheLongestWaitingAndRefusesWhenAllAreBusy() throws {
        let roster = ConnectionRoster(capacity: 2)
        let first = EmbeddedChannel(), second = EmbeddedChannel(), third = EmbeddedChannel(), fourth = EmbeddedChannel()
        #expect(roster.arrived(first) == nil)
        #expect(roster.arrived(second) == nil)
        roster.started(first)
        // First is busy: second waited longest and makes room.
        #expect(roster.arrived(third) === second)
        roster.started(third)
        // Everyone is busy: the newcomer is turned away.
        #expect(roster.arrived(fourth) === fourth)
        #expect(roster.count == 2 && roster.evicted == 1 && roster.refused == 1)
        // A finished response makes its connection a candidate again.
        roster.finished(first)
        #expect(roster.arrived(fourth) === first)
        roster.left(fourth)
        #expect(roster.count == 1)
    }

    @Test func theCapStaysBelowTheFileLimit() {
        var edge = EdgeSettings()
        edge.maxConnections = 1_000_000
        let limits = ConnectionLimits(settings: edge)
        #expect(limits.maxConnections <= ConnectionLimits.fileLimit() - ConnectionLimits.reservedFiles)
        edge.maxConnections = 100
        #expect(ConnectionLimits(settings: edge).maxConnections == 100)
    }
}
