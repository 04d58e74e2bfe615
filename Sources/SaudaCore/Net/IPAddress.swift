#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 address: its 4 or 16 bytes in network order.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// The bytes, 4 for IPv4 and 16 for IPv6, most significant first.
    public let bytes: [UInt8]

    /// Creates an address from 4 or 16 bytes.
    /// - Returns: `nil` for any other count.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 || bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses an address in its standard text form only (`inet_pton`): `10.0.0.1`, `::1`, `::ffff:127.0.0.1`.
    /// Shorthands that some resolvers also accept (`127.1`, `2130706433`, `0x7f.0.0.1`) are no literal here: a URL
    /// host written so is resolved like a name, and its answer is checked.
    /// - Returns: `nil` when the text is not such an address (a name, a bracketed address, a zone such as `%eth0`).
    public init?(_ literal: String) {
        if literal.contains(":") {
            var address = in6_addr()
            guard inet_pton(AF_INET6, literal, &address) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &address) { Array($0) }
        } else {
            var address = in_addr()
            guard inet_pton(AF_INET, literal, &address) == 1 else { return nil }
            bytes = withUnsafeBytes(of: &address) { Array($0) }
        }
    }

    /// Whether this is an IPv4 address.
    public var isIPv4: Bool { bytes.count == 4 }

    /// The IPv4 address an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`) carries; `nil` for any other address.
    public var ipv4Mapped: IPAddress? {
        guard bytes.count == 16, bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff else { return nil }
        return IPAddress(bytes: Array(bytes[12..<16]))
    }

    /// The standard text form (`inet_ntop`): `127.0.0.1`, `::1`, `::ffff:127.0.0.1`.
    public var description: String {
        var text = [CChar](repeating: 0, count: 64)
        let family = isIPv4 ? AF_INET : AF_INET6
        let written = bytes.withUnsafeBytes { raw in
            text.withUnsafeMutableBufferPointer { buffer in
                inet_ntop(family, raw.baseAddress, buffer.baseAddress, socklen_t(buffer.count)) != nil
            }
        }
        guard written, let end = text.firstIndex(of: 0) else { return bytes.map(String.init).joined(separator: ".") }
        return String(decoding: text[..<end].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
