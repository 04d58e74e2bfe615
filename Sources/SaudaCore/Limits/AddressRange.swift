import Foundation

/// An IPv4 or IPv6 address or CIDR range, such as `10.0.0.0/8`, `127.0.0.1` or `fd00::/8`.
public struct AddressRange: Sendable, Equatable, CustomStringConvertible {
    /// The network's address bytes (4 or 16).
    public let network: [UInt8]
    /// Leading bits that must match.
    public let prefixLength: Int

    /// Parses `text`; `nil` when it is not an address or a range.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let bytes = Self.parse(String(parts[0])) else { return nil }
        let maximum = bytes.count * 8
        let length: Int
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), (0...maximum).contains(parsed) else { return nil }
            length = parsed
        } else {
            length = maximum
        }
        network = bytes
        prefixLength = length
    }

    /// Whether `address` (textual, IPv4 or IPv6) lies in the range. An IPv4 address written as IPv6
    /// (`::ffff:10.0.0.1`) counts as the IPv4 address.
    public func contains(_ address: String) -> Bool {
        guard var bytes = Self.parse(address) else { return false }
        if network.count == 4, let mapped = IPAddress(bytes: bytes)?.ipv4Mapped { bytes = mapped.bytes }
        guard bytes.count == network.count else { return false }
        var remaining = prefixLength
        for index in 0..<bytes.count where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if bytes[index] & mask != network[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        "\(IPAddress(bytes: network).map { "\($0)" } ?? "?")/\(prefixLength)"
    }

    /// The bytes of a textual IPv4 (4) or IPv6 (16) address, as ``IPAddress`` reads it; brackets (`[::1]`) and a zone
    /// (`fe80::1%eth0`) around an IPv6 address are left out.
    public static func parse(_ text: String) -> [UInt8]? {
        var literal = Substring(text)
        if literal.hasPrefix("["), literal.hasSuffix("]") { literal = literal.dropFirst().dropLast() }
        if literal.contains(":"), let zone = literal.firstIndex(of: "%") { literal = literal[..<zone] }
        return IPAddress(String(literal))?.bytes
    }
}
