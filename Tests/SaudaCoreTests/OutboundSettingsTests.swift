import SaudaCore
import Testing

/// `OUTBOUND_ALLOWED_HOSTS` and its entries: hosts with an optional port, nothing else.
@Suite struct OutboundSettingsTests {
    @Test func entriesAreHostsWithAnOptionalPort() throws {
        #expect(OutboundHost.parse("127.0.0.1:8091") == OutboundHost(host: "127.0.0.1", port: 8091))
        #expect(OutboundHost.parse(" Media.Example.COM. ") == OutboundHost(host: "media.example.com"))
        #expect(OutboundHost.parse("localhost") == OutboundHost(host: "localhost"))
        #expect(OutboundHost.parse("::1") == OutboundHost(host: "::1"))
        #expect(OutboundHost.parse("[::1]:8091") == OutboundHost(host: "::1", port: 8091))
        #expect(OutboundHost.parse("[fd00::1]") == OutboundHost(host: "fd00::1"))
        for bad in ["", "http://127.0.0.1:8091", "127.0.0.1:0", "127.0.0.1:65536", "host:port", "*.example.com", "example.com/media",
                    "user@example.com", "[::1", "[example.com]:80", "exa mple.com", ".example.com", "a..b"] {
            #expect(OutboundHost.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func aBaseURLAllowsItsHostAndPort() {
        #expect(OutboundHost.of(baseURL: "http://127.0.0.1:8091") == OutboundHost(host: "127.0.0.1", port: 8091))
        #expect(OutboundHost.of(baseURL: "https://wappi.pro") == OutboundHost(host: "wappi.pro", port: 443))
        #expect(OutboundHost.of(baseURL: "http://LocalHost/api") == OutboundHost(host: "localhost", port: 80))
        #expect(OutboundHost.of(baseURL: "http://[::1]:9000") == OutboundHost(host: "::1", port: 9000))
        #expect(OutboundHost.of(baseURL: "ftp://example.com") == nil)
    }

    @Test func anEntryWithoutAPortAllowsEveryPort() throws {
        let any = try #require(OutboundHost.parse("127.0.0.1"))
        let one = try #require(OutboundHost.parse("127.0.0.1:8091"))
        #expect(any.allows(host: "127.0.0.1", port: 5432) && one.allows(host: "127.0.0.1", port: 8091))
        #expect(!one.allows(host: "127.0.0.1", port: 5432) && !any.allows(host: "localhost", port: 8091))
        #expect(one.description == "127.0.0.1:8091" && OutboundHost(host: "::1", port: 80).description == "[::1]:80")
    }

    @Test func theSettingIsReadAndABadValueNamesIt() throws {
        #expect(try SaudaSettings.load(from: [:]).outbound.allowedHosts.isEmpty)
        let settings = try SaudaSettings.load(from: ["OUTBOUND_ALLOWED_HOSTS": "127.0.0.1:8091, media.example.com ,[::1]:9000"])
        #expect(settings.outbound.allowedHosts == [OutboundHost(host: "127.0.0.1", port: 8091), OutboundHost(host: "media.example.com"),
                                                   OutboundHost(host: "::1", port: 9000)])
        let error = #expect(throws: SaudaSettings.Invalid.self) {
            try SaudaSettings.load(from: ["OUTBOUND_ALLOWED_HOSTS": "127.0.0.1:8091,http://media.example.com,*.example.com"])
        }
        let problem = try #require(error?.problems.first)
        #expect(error?.problems.count == 1)
        #expect(problem.hasPrefix("OUTBOUND_ALLOWED_HOSTS: "))
        #expect(problem.contains("not a host: http://media.example.com, *.example.com"))
    }
}
