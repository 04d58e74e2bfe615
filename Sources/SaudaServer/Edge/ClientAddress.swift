import Foundation
import Hummingbird
import SaudaCore

/// The address of the client behind a request: the socket's peer, or, when that peer is one of the trusted reverse
/// proxies, the nearest address in `X-Forwarded-For` that is not a trusted proxy (read from the right, since a
/// client can put anything on the left).
struct ClientAddress: Sendable {
    let trustedProxies: [AddressRange]

    /// The client's address, or `"unknown"` when the socket has no IP peer (a Unix socket, an in-process test).
    func resolve(peer: String?, forwardedFor: [String]) -> String {
        guard let peer else { return "unknown" }
        guard isTrusted(peer) else { return peer }
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() where !isTrusted(hop) {
            // Anything that is not an address (a proxy's "unknown", garbage) ends the walk at the last trusted hop.
            return AddressRange.parse(hop) != nil ? hop : peer
        }
        return hops.first.flatMap { AddressRange.parse($0) != nil ? $0 : nil } ?? peer
    }

    /// The client's address of a request.
    func resolve(_ request: Request, context: AppRequestContext) -> String {
        resolve(peer: context.remoteAddress?.ipAddress, forwardedFor: request.headers[values: .xForwardedFor])
    }

    private func isTrusted(_ address: String) -> Bool {
        trustedProxies.contains { $0.contains(address) }
    }
}
