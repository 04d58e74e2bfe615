import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 (a port of its own) for tests of outbound fetches: it answers each request by
/// the test's routes and counts the connections it accepted and the requests it read, so a test can tell that a
/// refused target was never connected to.
public final class LoopbackHTTPServer: Sendable {
    /// How the server answers one request.
    public enum Reply: Sendable {
        /// 200 with this body and `Content-Length`.
        case ok(body: [UInt8], contentType: String = "audio/ogg")
        /// A redirect (302 unless told) to this `Location`.
        case redirect(to: String, status: Int = 302)
        /// This status with an empty body.
        case status(Int)
        /// 200 with `count` bytes in 64 KiB chunks, with or without `Content-Length` (chunked then).
        case stream(count: Int, declaresLength: Bool)
        /// No answer at all; the connection stays open until the client gives up.
        case silent
    }

    private final class Record: Sendable {
        let state = Mutex<(connections: Int, requests: [String], children: [any Channel])>((0, [], []))
    }

    /// The port it listens on.
    public let port: Int
    private let channel: any Channel
    private let record: Record

    private init(port: Int, channel: any Channel, record: Record) {
        self.port = port
        self.channel = channel
        self.record = record
    }

    /// `http://127.0.0.1:<port>`.
    public var root: String { "http://127.0.0.1:\(port)" }
    /// Connections accepted so far.
    public var connections: Int { record.state.withLock { $0.connections } }
    /// The request targets (path and query) read so far, in order.
    public var requests: [String] { record.state.withLock { $0.requests } }

    /// Starts a server on 127.0.0.1 and an unused port, or on a Unix domain socket.
    /// - Parameters:
    ///   - unixSocket: the path of a Unix domain socket to listen on instead of a TCP port (``port`` is then 0).
    ///   - routes: the answer to a request target (`/audio?x=1`).
    public static func start(unixSocket: String? = nil, routes: @escaping @Sendable (String) -> Reply) async throws -> LoopbackHTTPServer {
        let record = Record()
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                record.state.withLock { state in
                    state.connections += 1
                    state.children.append(child)
                }
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Responder(routes: routes) { target in
                        record.state.withLock { $0.requests.append(target) }
                    })
                }
            }
        let channel = if let unixSocket {
            try await bootstrap.bind(unixDomainSocketPath: unixSocket, cleanupExistingSocketFile: true).get()
        } else {
            try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        }
        guard let port = unixSocket == nil ? channel.localAddress?.port : 0 else {
            try? await channel.close()
            throw ChannelError.unknownLocalAddress
        }
        return LoopbackHTTPServer(port: port, channel: channel, record: record)
    }

    /// Closes the listener and every connection it accepted.
    public func stop() async {
        try? await channel.close()
        for child in record.state.withLock({ $0.children }) { try? await child.close() }
    }

    /// Runs `body` with a started server and stops the server afterwards, also when `body` throws.
    public static func with<Value: Sendable>(routes: @escaping @Sendable (String) -> Reply,
                                              _ body: (LoopbackHTTPServer) async throws -> Value) async throws -> Value {
        let server = try await start(routes: routes)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private final class Responder: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let routes: @Sendable (String) -> Reply
        let requested: @Sendable (String) -> Void
        var target = "/"

        init(routes: @escaping @Sendable (String) -> Reply, requested: @escaping @Sendable (String) -> Void) {
            self.routes = routes
            self.requested = requested
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                target = head.uri
            case .body:
                break
            case .end:
                requested(target)
                answer(routes(target), context: context)
            }
        }

        private func answer(_ reply: Reply, context: ChannelHandlerContext) {
            var headers = HTTPHeaders()
            switch reply {
            case .silent:
                return
            case let .ok(body, contentType):
                headers.add(name: "content-type", value: contentType)
                headers.add(name: "content-length", value: String(body.count))
                write(.ok, headers: headers, chunks: [body], context: context)
            case let .redirect(location, status):
                headers.add(name: "location", value: location)
                headers.add(name: "content-length", value: "0")
                write(HTTPResponseStatus(statusCode: status), headers: headers, chunks: [], context: context)
            case .status(let code):
                headers.add(name: "content-length", value: "0")
                write(HTTPResponseStatus(statusCode: code), headers: headers, chunks: [], context: context)
            case let .stream(count, declaresLength):
                headers.add(name: declaresLength ? "content-length" : "transfer-encoding", value: declaresLength ? String(count) : "chunked")
                let chunk = 64 << 10
                let chunks = stride(from: 0, to: count, by: chunk).map { [UInt8](repeating: 0x4F, count: min(chunk, count - $0)) }
                write(.ok, headers: headers, chunks: chunks, context: context)
            }
        }

        private func write(_ status: HTTPResponseStatus, headers: HTTPHeaders, chunks: [[UInt8]], context: ChannelHandlerContext) {
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            for chunk in chunks {
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: chunk)))), promise: nil)
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
