import Foundation

/// The hours a business works on one day: from `opens` to `closes`, both written `HH:MM` in its time zone
/// (`closes` may be `24:00`). Only whole hours are used: the working calendar books calls by the hour.
public struct OpeningHours: Sendable, Codable, Hashable {
    /// First working moment, `HH:MM`.
    public var opens: String
    /// The moment work ends, `HH:MM`, later than ``opens``.
    public var closes: String

    /// Creates opening hours from their written times.
    public init(opens: String, closes: String) {
        self.opens = opens
        self.closes = closes
    }

    /// Creates opening hours from whole hours (`10`, `18` → `10:00`–`18:00`).
    public init(openingHour: Int, closingHour: Int) {
        self.init(opens: Self.written(openingHour), closes: Self.written(closingHour))
    }

    /// The hour of ``opens``, `nil` unless it is a whole hour 00:00–23:00.
    public var openingHour: Int? { Self.wholeHour(opens).flatMap { $0 <= 23 ? $0 : nil } }
    /// The hour of ``closes``, `nil` unless it is a whole hour 01:00–24:00.
    public var closingHour: Int? { Self.wholeHour(closes).flatMap { $0 >= 1 ? $0 : nil } }

    /// `HH:MM` for a whole hour.
    static func written(_ hour: Int) -> String { ZeroPadded.text(hour, width: 2) + ":00" }

    /// The hour and minute of `HH:MM` (hour 0–24, minute 0–59, 24 only as 24:00), `nil` when it is not such a time.
    static func clockTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0...59).contains(minute), hour < 24 || minute == 0 else { return nil }
        return (hour, minute)
    }

    private static func wholeHour(_ text: String) -> Int? {
        guard let time = clockTime(text), time.minute == 0 else { return nil }
        return time.hour
    }
}
