import Foundation

extension UUID {
    /// A time-ordered (version 7) UUID: the first 48 bits are milliseconds since 1970, the other 74 free bits random.
    ///
    /// For ids that are keys of an index: later ids sort after earlier ones, so each insert lands at the index's end,
    /// on a page the last inserts changed, instead of on a random one (a random id changed one more 4 KiB page per
    /// message and commit).
    public static func timeOrdered(now: Date = Date()) -> UUID {
        var bytes = withUnsafeBytes(of: random().uuid) { Array($0) }
        let milliseconds = UInt64(max(0, now.timeIntervalSince1970 * 1000))
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (40 - 8 * UInt64(index))) }
        bytes[6] = (bytes[6] & 0x0F) | 0x70 // version 7
        return UUID(bytes)
    }

    /// A random (version 4) UUID from the system's generator (`getrandom`).
    ///
    /// `UUID()` on Linux opens, reads and closes `/dev/urandom` for every id: three system calls per turn's reply id
    /// on the message path (20,000 opens in a 20,000-message benchmark run).
    public static func random() -> UUID {
        var generator = SystemRandomNumberGenerator()
        var bytes = withUnsafeBytes(of: (generator.next() as UInt64, generator.next() as UInt64)) { Array($0) }
        bytes[6] = (bytes[6] & 0x0F) | 0x40 // version 4
        bytes[8] = (bytes[8] & 0x3F) | 0x80 // RFC 4122 variant
        return UUID(bytes)
    }

    /// A UUID of 16 bytes.
    private init(_ bytes: [UInt8]) {
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
