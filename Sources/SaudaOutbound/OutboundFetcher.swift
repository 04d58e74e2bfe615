import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SaudaCore

/// Fetches URLs that came from outside (a voice note's `file_link` in a provider's event; later a CRM's or a phone
/// provider's links) without letting them reach the machine's own services, the private network or a cloud's metadata
/// endpoint: the one guarded way out for such URLs.
///
/// It lives in a module of its own, `SaudaOutbound`, below `SaudaChannels` and beside no provider, so that any adapter
/// (channels today, CRM and telephony later) can use it; it knows HTTP, addresses and its ``OutboundPolicy``, nothing of
/// a provider.
///
/// The rules of every fetch and every redirect hop:
/// - **http and https only.** `file:`, `http+unix:`, `unix:` and every other scheme are refused before anything is
///   resolved or opened.
/// - **No credentials.** A URL with `user:pass@` (or only `user@`) is refused, not stripped.
/// - **Public addresses only.** The host is resolved (``HostResolver``; `getaddrinfo` by default) and **every**
///   address it resolves to is checked with ``AddressClass``: loopback, unspecified, link-local (cloud metadata),
///   private, carrier-grade NAT, multicast, broadcast, reserved ranges and the IPv6 forms that carry such an IPv4
///   address are refused, unless host and port are on the policy's allow-list. An IP address written in the URL is
///   checked the same way without resolving.
/// - **Connects to the address it checked.** The host is resolved once per hop and the connection is pinned to a
///   checked address (the first IPv4 one, else the first IPv6 one) through AsyncHTTPClient's `dnsOverride`: the HTTP
///   client does not resolve the name again, so a DNS answer that changes between the check and the connection
///   (DNS rebinding) cannot move it to an internal address. `Host`, TLS server name and certificate are still those
///   of the URL's host. Each hop uses an HTTP client of its own, made for that pin and shut down after it; the
///   other addresses of the name are not tried when the pinned one fails.
/// - **Redirects by hand.** 301, 302, 303, 307 and 308 are followed, at most ``OutboundPolicy/maximumRedirects``
///   times, each `Location` checked by the same rules as the first URL (a redirect to another port of an allowed
///   host is refused unless that port is allowed too). Request headers are sent only to the first URL's origin.
/// - **Limits.** A body longer than the byte limit is refused as soon as `Content-Length` says so, or when the count
///   passes it while reading; the whole fetch, redirects included, has one timeout.
///
/// Failures are ``OutboundFetchError``s; refusals and 4xx answers are permanent (``OutboundFetchError/isRetryable`` is
/// false), so a caller does not ask again. The host name lookup itself is not bounded by the timeout (the system
/// resolver has its own).
public struct OutboundFetcher: Sendable {
    /// The allow-list and limits.
    public let policy: OutboundPolicy
    let resolver: any HostResolver
    let eventLoopGroup: any EventLoopGroup

    /// Creates a fetcher.
    /// - Parameters:
    ///   - policy: the allow-list and limits.
    ///   - resolver: how host names become addresses; the system's resolver by default.
    ///   - eventLoopGroup: where connections run; AsyncHTTPClient's shared group by default.
    public init(policy: OutboundPolicy, resolver: any HostResolver = SystemHostResolver(),
                eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup) {
        self.policy = policy
        self.resolver = resolver
        self.eventLoopGroup = eventLoopGroup
    }

    /// GETs a URL under the rules above and returns the whole body of its 2xx answer.
    /// - Parameters:
    ///   - link: the URL, as it came from outside.
    ///   - headers: request headers, sent to the first URL's origin only (never after a redirect to another origin).
    ///   - maximumBytes: the longest body; the policy's by default.
    ///   - timeout: the time of the whole fetch; the policy's by default.
    /// - Throws: ``OutboundFetchError``.
    public func get(_ link: String, headers: HTTPHeaders = [:], maximumBytes: Int? = nil,
                    timeout: Duration? = nil) async throws(OutboundFetchError) -> OutboundResponse {
        let limit = maximumBytes ?? policy.maximumBytes
        let deadline = NIODeadline.now() + .nanoseconds((timeout ?? policy.timeout).totalNanoseconds)
        let first = try OutboundTarget.parse(link)
        var target = first
        var redirects = 0
        while true {
            let pin = try await check(target)
            let hop = OutboundExchange(target: target, pinnedTo: pin, headers: target.hasSameOrigin(as: first) ? headers : [:],
                                       maximumBytes: limit, deadline: deadline)
            switch try await hop.run(on: eventLoopGroup) {
            case .response(let response):
                return response
            case .redirect(let location):
                redirects += 1
                guard redirects <= policy.maximumRedirects else { throw .tooManyRedirects(limit: policy.maximumRedirects) }
                target = try target.following(location)
            }
        }
    }

    /// Checks a target's addresses and chooses the one to connect to.
    /// - Returns: the address to pin the connection to, or `nil` when the URL names an IP address.
    func check(_ target: OutboundTarget) async throws(OutboundFetchError) -> IPAddress? {
        let allowed = policy.allows(host: target.host, port: target.port)
        if let literal = IPAddress(target.host) {
            let kind = AddressClass.of(literal)
            if kind.isForbidden, !allowed { throw .forbiddenAddress(host: target.host, address: literal, class: kind) }
            return nil
        }
        let addresses = try await resolver.addresses(of: target.host)
        guard let chosen = addresses.first(where: \.isIPv4) ?? addresses.first else { throw .hostNotFound(target.host) }
        if !allowed {
            for address in addresses {
                let kind = AddressClass.of(address)
                if kind.isForbidden { throw .forbiddenAddress(host: target.host, address: address, class: kind) }
            }
        }
        return chosen
    }
}
