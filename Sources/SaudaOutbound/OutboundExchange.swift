import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SaudaCore

/// One request of an ``OutboundFetcher``'s fetch: one hop, to an already checked target, on an HTTP client of its own
/// that connects only to the pinned address and follows no redirect itself.
struct OutboundExchange: Sendable {
    /// What a hop ends with.
    enum Outcome: Sendable {
        /// A 2xx answer with its body.
        case response(OutboundResponse)
        /// A redirect to this `Location`, not yet checked.
        case redirect(String)
    }

    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    let target: OutboundTarget
    /// The checked address to connect to; `nil` when the target's host is an IP address.
    let pinnedTo: IPAddress?
    let headers: HTTPHeaders
    let maximumBytes: Int
    let deadline: NIODeadline

    /// Makes the request and reads the answer; the client is shut down before this returns.
    func run(on eventLoopGroup: any EventLoopGroup) async throws(OutboundFetchError) -> Outcome {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow, decompression: .disabled)
        configuration.proxy = nil
        if let pinnedTo { configuration.dnsOverride = [target.host: pinnedTo.description] }
        let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
        let outcome: Result<Outcome, OutboundFetchError>
        do {
            outcome = .success(try await exchange(with: client))
        } catch {
            outcome = .failure(error)
        }
        try? await client.shutdown()
        return try outcome.get()
    }

    private func exchange(with client: HTTPClient) async throws(OutboundFetchError) -> Outcome {
        var request = HTTPClientRequest(url: target.url)
        request.method = .GET
        request.headers = headers
        do {
            let response = try await client.execute(request, deadline: deadline)
            let code = Int(response.status.code)
            if Self.redirectStatuses.contains(code) {
                guard let location = response.headers.first(name: "location"), !location.isEmpty else {
                    throw OutboundFetchError.badRedirect("a \(code) answer without a Location")
                }
                return .redirect(location)
            }
            guard (200..<300).contains(code) else { throw OutboundFetchError.status(code) }
            if let declared = response.headers.first(name: "content-length").flatMap({ Int($0) }), declared > maximumBytes {
                throw OutboundFetchError.tooLarge(limit: maximumBytes)
            }
            var body = ByteBuffer()
            for try await chunk in response.body {
                guard body.readableBytes + chunk.readableBytes <= maximumBytes else { throw OutboundFetchError.tooLarge(limit: maximumBytes) }
                body.writeImmutableBuffer(chunk)
            }
            return .response(OutboundResponse(status: code, headers: response.headers, body: Data(body.readableBytesView), url: target.url))
        } catch let error as OutboundFetchError {
            throw error
        } catch let error as HTTPClientError {
            throw Self.fetchError(error)
        } catch {
            throw .connectionFailed(String(describing: error))
        }
    }

    /// AsyncHTTPClient's errors as fetch errors: timeouts are ``OutboundFetchError/timedOut``, URLs it would not take
    /// are invalid, the rest failed connections.
    static func fetchError(_ error: HTTPClientError) -> OutboundFetchError {
        switch error {
        case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout: .timedOut
        case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath: .invalidURL("refused by the HTTP client")
        default: .connectionFailed(String(describing: error))
        }
    }
}
