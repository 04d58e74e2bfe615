import SaudaCore
import SaudaOutbound
import Testing

/// The address classifier: only public internet addresses are `global`; every internal range, and every IPv6 form
/// that carries an internal IPv4 address, is refused.
@Suite struct AddressClassTests {
    static func kind(_ literal: String) throws -> AddressClass {
        AddressClass.of(try #require(IPAddress(literal), "\(literal) is no IP address"))
    }

    @Test(arguments: [
        ("127.0.0.1", AddressClass.loopback), ("127.255.255.254", .loopback), ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified),
        ("10.0.0.1", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("192.168.1.1", .privateNetwork), ("100.64.0.1", .sharedAddressSpace), ("100.127.255.255", .sharedAddressSpace),
        ("169.254.169.254", .linkLocal), ("169.254.0.1", .linkLocal), ("224.0.0.1", .multicast), ("239.255.255.250", .multicast),
        ("255.255.255.255", .broadcast), ("240.0.0.1", .reserved), ("192.0.2.10", .reserved), ("198.18.0.1", .reserved),
        ("8.8.8.8", .global), ("93.184.216.34", .global), ("172.15.255.255", .global), ("172.32.0.1", .global),
        ("100.63.255.255", .global), ("100.128.0.1", .global), ("169.253.255.255", .global), ("11.0.0.1", .global),
    ])
    func ipv4(_ literal: String, _ expected: AddressClass) throws {
        #expect(try Self.kind(literal) == expected, "\(literal)")
    }

    @Test(arguments: [
        ("::1", AddressClass.loopback), ("::", .unspecified), ("fe80::1", .linkLocal), ("febf:ffff::1", .linkLocal),
        ("fec0::1", .privateNetwork), ("fc00::1", .privateNetwork), ("fd12:3456::1", .privateNetwork), ("ff02::1", .multicast),
        ("2001:db8::1", .reserved), ("100::1", .reserved), ("2001:0:4136:e378::1", .reserved), ("64:ff9b:1::1", .reserved),
        ("2001:4860:4860::8888", .global), ("2a00:1450:4001::200e", .global),
    ])
    func ipv6(_ literal: String, _ expected: AddressClass) throws {
        #expect(try Self.kind(literal) == expected, "\(literal)")
    }

    @Test(arguments: [
        ("::ffff:127.0.0.1", AddressClass.loopback), ("::ffff:7f00:1", .loopback), ("::ffff:10.0.0.1", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal), ("::ffff:0.0.0.0", .unspecified), ("::127.0.0.1", .loopback),
        ("64:ff9b::a9fe:a9fe", .linkLocal), ("64:ff9b::192.168.0.1", .privateNetwork), ("2002:7f00:1::1", .loopback),
        ("2002:a9fe:a9fe::", .linkLocal), ("::ffff:8.8.8.8", .global), ("64:ff9b::808:808", .global), ("2002:808:808::1", .global),
    ])
    func ipv6FormsOfIPv4TakeTheClassOfTheAddressTheyCarry(_ literal: String, _ expected: AddressClass) throws {
        #expect(try Self.kind(literal) == expected, "\(literal)")
    }

    @Test func onlyGlobalAddressesAreAllowed() {
        #expect(AddressClass.allCases.filter { !$0.isForbidden } == [.global])
    }

    @Test func onlyStandardLiteralsAreAddresses() throws {
        for shorthand in ["127.1", "2130706433", "0x7f.0.0.1", "localhost", "[::1]", "fe80::1%eth0", "1.2.3.4.5", ""] {
            #expect(IPAddress(shorthand) == nil, "\(shorthand)")
        }
        #expect(try #require(IPAddress("::ffff:7f00:1")).description == "::ffff:127.0.0.1")
        #expect(try #require(IPAddress("10.1.2.3")).bytes == [10, 1, 2, 3])
        #expect(try #require(IPAddress("::1")).bytes == [UInt8](repeating: 0, count: 15) + [1])
    }
}
