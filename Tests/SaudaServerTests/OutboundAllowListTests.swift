import SaudaCore
import SaudaOutbound
@testable import SaudaServer
import SaudaTestSupport
import Testing

/// The composition's fetcher of audio links: the Wappi base URL's host and port are allowed, so a local
/// Wappi-compatible gateway (or the simulator) can serve the media it links to; other local ports only when
/// `OUTBOUND_ALLOWED_HOSTS` names them.
@Suite struct OutboundAllowListTests {
    static let wappi = ["WAPPI_TOKEN": "sim-token", "WAPPI_PROFILE_ID": "sim-profile", "WAPPI_WEBHOOK_SECRET": "0123456789abcdef-secret"]

    static func serving(_ path: String) -> LoopbackHTTPServer.Reply {
        path.hasPrefix("/_simulator/media/") ? .ok(body: Array("OggS".utf8)) : .status(404)
    }

    @Test func theWappiBaseURLsHostAndPortAreAllowedAndOtherLocalPortsAreNot() async throws {
        try await LoopbackHTTPServer.with(routes: { Self.serving($0) }) { gateway in
            try await LoopbackHTTPServer.with(routes: { Self.serving($0) }) { other in
                var environment = Self.wappi
                environment["WAPPI_BASE_URL"] = gateway.root
                let fetcher = ChannelParts.makeOutboundFetcher(try SaudaSettings.load(from: environment))
                #expect(try await fetcher.get("\(gateway.root)/_simulator/media/v1").body.count == 4)
                do {
                    _ = try await fetcher.get("\(other.root)/_simulator/media/v1")
                    Issue.record("another local port was fetched")
                } catch let error as OutboundFetchError {
                    guard case .forbiddenAddress = error else { throw error }
                }
                #expect(other.connections == 0)

                environment["OUTBOUND_ALLOWED_HOSTS"] = "127.0.0.1:\(other.port)"
                let widened = ChannelParts.makeOutboundFetcher(try SaudaSettings.load(from: environment))
                #expect(try await widened.get("\(other.root)/_simulator/media/v1").body.count == 4)
            }
        }
    }

    @Test func withoutWappiOnlyTheSettingAllows() throws {
        let none = ChannelParts.makeOutboundFetcher(try SaudaSettings.load(from: [:]))
        #expect(none.policy.allowedHosts.isEmpty)
        let some = ChannelParts.makeOutboundFetcher(try SaudaSettings.load(from: ["OUTBOUND_ALLOWED_HOSTS": "media.lan"]))
        #expect(some.policy.allowedHosts == [OutboundHost(host: "media.lan")])
        let wappi = ChannelParts.makeOutboundFetcher(try SaudaSettings.load(from: Self.wappi))
        #expect(wappi.policy.allowedHosts == [OutboundHost(host: "wappi.pro", port: 443)])
    }
}
