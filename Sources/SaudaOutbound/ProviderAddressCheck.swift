import Foundation
import SaudaCore

/// Checks an address a business gives for a provider it connects (a Wappi-compatible gateway's base URL) before it is
/// saved: Sauda calls that address with the business's token from inside the installation's network, so a host that
/// resolves to a loopback, private, link-local or other non-public address is refused unless the installation allows it
/// in `OUTBOUND_ALLOWED_HOSTS`, as the outbound fetcher refuses such links.
///
/// A host that does not resolve now passes (the provider's next call fails and marks the connection failing).
public struct ProviderAddressCheck: Sendable {
    let policy: OutboundPolicy
    let resolver: any HostResolver

    /// Creates a check.
    /// - Parameters:
    ///   - policy: its allow-list is the hosts that may be internal (`OUTBOUND_ALLOWED_HOSTS`).
    ///   - resolver: the system's resolver; tests give fixed answers.
    public init(policy: OutboundPolicy, resolver: any HostResolver = SystemHostResolver()) {
        self.policy = policy
        self.resolver = resolver
    }

    /// Why `baseURL` may not be called, or `nil` when it may.
    public func problem(baseURL: String) async -> String? {
        guard let url = URL(string: baseURL), let rawHost = url.host, !rawHost.isEmpty else { return nil }
        let host = OutboundHost.normalized(rawHost)
        let port = url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80)
        if policy.allows(host: host, port: port) { return nil }
        let addresses: [IPAddress]
        do { addresses = try await resolver.addresses(of: host) } catch { return nil }
        for address in addresses {
            let kind = AddressClass.of(address)
            if kind.isForbidden {
                return "«\(rawHost)» leads to \(address) (\(kind.rawValue)), inside the installation's network; "
                    + "only hosts in OUTBOUND_ALLOWED_HOSTS may be called there"
            }
        }
        return nil
    }
}
