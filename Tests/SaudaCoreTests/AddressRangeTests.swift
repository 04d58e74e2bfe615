import SaudaCore
import Testing

/// Addresses and CIDR ranges of `TRUSTED_PROXIES`.
@Suite struct AddressRangeTests {
    @Test func rangesContainTheirAddressesOnly() throws {
        let private10 = try #require(AddressRange("10.0.0.0/8"))
        #expect(private10.contains("10.1.2.3"))
        #expect(!private10.contains("11.0.0.1"))
        #expect(private10.contains("::ffff:10.9.9.9"), "an IPv4 address written as IPv6")
        let single = try #require(AddressRange("127.0.0.1"))
        #expect(single.contains("127.0.0.1") && !single.contains("127.0.0.2"))
        let unique = try #require(AddressRange("fd00::/8"))
        #expect(unique.contains("fd12:3456::1"))
        #expect(!unique.contains("fe80::1"))
        #expect(!unique.contains("10.0.0.1"))
        let odd = try #require(AddressRange("192.168.0.0/23"))
        #expect(odd.contains("192.168.1.255") && !odd.contains("192.168.2.0"))
        #expect(try #require(AddressRange("::1")).contains("0:0:0:0:0:0:0:1"))
    }

    @Test func whatIsNotAnAddressIsRefused() {
        for text in ["", "10.0.0", "10.0.0.256", "10.0.0.0/33", "::1/129", "1::2::3", "example.com", "10.0.0.1/", "１.2.3.4", "10.0.0.-1"] {
            #expect(AddressRange(text) == nil, "\(text)")
        }
    }

    @Test func theSettingNamesABadRange() {
        #expect(throws: SaudaSettings.Invalid.self) {
            _ = try SaudaSettings.load(from: ["TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"])
        }
        let settings = try? SaudaSettings.load(from: ["TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1", "WEBCHAT_SESSION_BURST": "3"])
        #expect(settings?.edge.trustedProxies.count == 2)
        #expect(settings?.edge.sessionRate.burst == 3)
    }
}
