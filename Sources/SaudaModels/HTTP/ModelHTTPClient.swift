import AsyncHTTPClient
import Foundation
import Synchronization
import NIOCore
import NIOHTTP1
import SaudaCore

/// An HTTP exchange with a model provider.
public struct ModelHTTPResponse: Sendable {
    /// Status code.
    public var status: Int
    /// Response headers.
    public var headers: HTTPHeaders
    /// The body.
    public var body: Data
}

/// Posts requests to model providers over AsyncHTTPClient and turns network failures into ``ModelError``s.
public struct ModelHTTPClient: Sendable {
    let client: HTTPClient
    /// Longest response body read.
    let maximumResponseBytes: Int

    /// Creates a client on a shared `HTTPClient` (its owner shuts it down).
    public init(client: HTTPClient, maximumResponseBytes: Int = 32 << 20) {
        self.client = client
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// The process's client for model providers with `connectionsPerHost` HTTP/1.1 connections per host (the
    /// shared `HTTPClient.shared` keeps 8, and every business calls the same provider host, so one busy business
    /// took every connection). Over TLS the client speaks HTTP/2 where the provider offers it (Gemini and OpenAI do),
    /// and calls share connections as streams; the pool matters for local servers on plain HTTP/1.1 (vLLM, Ollama,
    /// llama.cpp). One client per size, made once and never shut down, like `HTTPClient.shared`.
    public static func providers(connectionsPerHost: Int) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectionsPerHost] { return client }
            var pool = HTTPClient.Configuration.ConnectionPool()
            pool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, connectionsPerHost)
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(connectionPool: pool))
            clients[connectionsPerHost] = client
            return client
        }
    }

    private static let clients = Mutex<[Int: HTTPClient]>([:])

    /// Sends one request.
    /// - Throws: ``ModelError`` of kind `transient` for network failures and timeouts.
    public func send(method: HTTPMethod = .POST, url: String, headers: [(String, String)], body: Data?,
                     timeout: Duration) async throws(ModelError) -> ModelHTTPResponse {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(timeout.totalNanoseconds))
            let bytes = try await response.body.collect(upTo: maximumResponseBytes)
            return ModelHTTPResponse(status: Int(response.status.code), headers: response.headers, body: Data(bytes.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ModelError(.transient, "no answer from \(Self.host(url)) within \(timeout)")
        } catch is CancellationError {
            throw ModelError(.deadlineExceeded, "the call to \(Self.host(url)) was cancelled")
        } catch {
            throw ModelError(.transient, "request to \(Self.host(url)) failed: \(error)")
        }
    }

    /// The host part of a URL, for messages that must not carry query strings (keys).
    static func host(_ url: String) -> String {
        URL(string: url)?.host ?? "the provider"
    }
}
