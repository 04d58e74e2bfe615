import Foundation

/// A day of the week, as business settings name it (`monday` … `sunday`).
public enum Weekday: String, Sendable, Codable, CodingKeyRepresentable, CaseIterable, Hashable, Comparable {
    case monday, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The Gregorian calendar's `weekday` number: 1 = Sunday … 7 = Saturday.
    public var gregorianNumber: Int {
        switch self {
        case .sunday: 1
        case .monday: 2
        case .tuesday: 3
        case .wednesday: 4
        case .thursday: 5
        case .friday: 6
        case .saturday: 7
        }
    }

    /// The day of a Gregorian `weekday` number (1 = Sunday … 7 = Saturday), `nil` outside 1…7.
    public init?(gregorianNumber: Int) {
        guard let day = Self.allCases.first(where: { $0.gregorianNumber == gregorianNumber }) else { return nil }
        self = day
    }

    /// The day of a three-letter or full English name in any case (`mon`, `Monday`), `nil` for anything else.
    public init?(name: String) {
        let lower = name.lowercased()
        guard let day = Self.allCases.first(where: { $0.rawValue == lower || $0.rawValue.prefix(3) == lower }) else { return nil }
        self = day
    }

    /// Monday first.
    public static func < (lhs: Weekday, rhs: Weekday) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}
