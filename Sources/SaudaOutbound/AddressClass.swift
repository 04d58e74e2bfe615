import SaudaCore

/// What kind of network an IP address belongs to, for the outbound fetcher's rule: only ``global`` addresses may be
/// reached, unless the host is on the allow-list.
///
/// IPv6 forms that carry an IPv4 address (IPv4-mapped `::ffff:a.b.c.d`, the deprecated IPv4-compatible `::a.b.c.d`,
/// NAT64 `64:ff9b::/96` and 6to4 `2002::/16`) take the class of the IPv4 address they carry, so
/// `::ffff:127.0.0.1` is loopback and `64:ff9b::a9fe:a9fe` is link-local.
public enum AddressClass: String, Sendable, Hashable, CaseIterable {
    /// A public internet address: the only class fetched without an allow-list entry.
    case global
    /// `127.0.0.0/8`, `::1`.
    case loopback
    /// `0.0.0.0/8` ("this network"), `::`.
    case unspecified
    /// `169.254.0.0/16` (with cloud metadata at `169.254.169.254`), `fe80::/10`.
    case linkLocal = "link-local"
    /// `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, `fc00::/7`, the deprecated site-local `fec0::/10`.
    case privateNetwork = "private"
    /// `100.64.0.0/10`, the carrier-grade NAT range.
    case sharedAddressSpace = "shared (carrier-grade NAT)"
    /// `224.0.0.0/4`, `ff00::/8`.
    case multicast
    /// `255.255.255.255`.
    case broadcast
    /// Ranges that are not the public internet: `240.0.0.0/4`, `192.0.0.0/24`, the benchmarking `198.18.0.0/15`,
    /// the documentation ranges (`192.0.2.0/24`, `198.51.100.0/24`, `203.0.113.0/24`, `2001:db8::/32`), the discard
    /// prefix `100::/64`, Teredo `2001::/32` (its IPv4 address is hidden) and NAT64's local-use `64:ff9b:1::/48`.
    case reserved

    /// Whether the outbound fetcher refuses this class for a host that is not on the allow-list.
    public var isForbidden: Bool { self != .global }

    /// The class of an address.
    public static func of(_ address: IPAddress) -> AddressClass {
        if let mapped = address.ipv4Mapped { return ofIPv4(mapped.bytes) }  // ::ffff:a.b.c.d
        return address.isIPv4 ? ofIPv4(address.bytes) : ofIPv6(address.bytes)
    }

    private static func ofIPv4(_ b: [UInt8]) -> AddressClass {
        switch (b[0], b[1], b[2]) {
        case (0, _, _): .unspecified
        case (127, _, _): .loopback
        case (10, _, _), (172, 16...31, _), (192, 168, _): .privateNetwork
        case (100, 64...127, _): .sharedAddressSpace
        case (169, 254, _): .linkLocal
        case (192, 0, 0), (192, 0, 2), (198, 18...19, _), (198, 51, 100), (203, 0, 113): .reserved
        case (224...239, _, _): .multicast
        case (255, 255, 255) where b[3] == 255: .broadcast
        case (240...255, _, _): .reserved
        default: .global
        }
    }

    private static func ofIPv6(_ b: [UInt8]) -> AddressClass {
        let embedded = Array(b[12..<16])
        if b[0..<15].allSatisfy({ $0 == 0 }) {
            switch b[15] {
            case 0: return .unspecified
            case 1: return .loopback
            default: break
            }
        }
        if b[0..<12].allSatisfy({ $0 == 0 }) { return ofIPv4(embedded) }  // ::a.b.c.d
        if b[0..<4] == [0x00, 0x64, 0xff, 0x9b] {
            if b[4..<12].allSatisfy({ $0 == 0 }) { return ofIPv4(embedded) }  // 64:ff9b::a.b.c.d
            if b[4] == 0x00, b[5] == 0x01 { return .reserved }  // 64:ff9b:1::/48
        }
        if b[0] == 0x20, b[1] == 0x02 { return ofIPv4(Array(b[2..<6])) }  // 2002:aabb:ccdd::
        switch (b[0], b[1]) {
        case (0xfe, 0x80...0xbf): return .linkLocal
        case (0xfe, 0xc0...0xff), (0xfc...0xfd, _): return .privateNetwork
        case (0xff, _): return .multicast
        default: break
        }
        if b[0..<4] == [0x20, 0x01, 0x0d, 0xb8] || b[0..<4] == [0x20, 0x01, 0x00, 0x00] { return .reserved }
        if b[0] == 0x01, b[1..<8].allSatisfy({ $0 == 0 }) { return .reserved }  // 100::/64
        return .global
    }
}
