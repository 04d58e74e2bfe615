import Foundation

/// The hours a business works on one day: from `opens` to `closes`, both written `HH:MM` in its time zone
/// (`closes` may be `24:00`), to the minute (`09:30`–`18:30`).
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

    /// Creates opening hours from minutes of the day (`570`, `1110` → `09:30`–`18:30`).
    public init(openingMinute: Int, closingMinute: Int) {
        self.init(opens: WorkingCalendar.clockText(minute: openingMinute), closes: WorkingCalendar.clockText(minute: closingMinute))
    }

    /// The minute of the day of ``opens`` (`09:30` → 570), `nil` unless it is a time 00:00–23:59.
    public var openingMinute: Int? { Self.clockTime(opens).flatMap { $0.hour < 24 ? $0.hour * 60 + $0.minute : nil } }
    /// The minute of the day of ``closes`` (`24:00` → 1440), `nil` unless it is a time 00:01–24:00.
    public var closingMinute: Int? { Self.clockTime(closes).flatMap { $0.hour * 60 + $0.minute >= 1 ? $0.hour * 60 + $0.minute : nil } }

    /// The hour and minute of `HH:MM` (hour 0–24, minute 0–59, 24 only as 24:00), `nil` when it is not such a time.
    static func clockTime(_ text: String) -> (hour: Int, minute: Int)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let hour = Int(parts[0]), let minute = Int(parts[1]),
              (0...24).contains(hour), (0...59).contains(minute), hour < 24 || minute == 0 else { return nil }
        return (hour, minute)
    }

}
