import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
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

        deinit { close(descriptor) }
    }

    @Test func healthAnswersThroughACrowdOfIdleAndSlowHeaderConnections() async throws {
        try await withRunningSystem(configure: { settings in
            settings.edge.maxConnections = 32
            settings.edge.idleTimeoutSeconds = 1
        }) { client, _ in
            let port = try #require(client.port)
            // Five times the cap: half never send a byte, half send part of a request head and stop.
            var crowd: [RawSocket] = []
            for index in 0..<160 {
                guard let socket = RawSocket(port: port) else { break }
                if index.isMultiple(of: 2) { socket.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ") }
                crowd.append(socket)
            }
            #expect(crowd.count == 160, "the kernel queued every connection")
            let request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/health")
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
            #expect(response.status == .ok, "/health answered while the crowd waited")
            // The idle and the trickling ones are closed by the server, not left to hold their slots.
            #expect(crowd.first?.isClosedByServer(within: 30) == true)
            #expect(crowd.dropFirst().first?.isClosedByServer(within: 30) == true)
        }
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
