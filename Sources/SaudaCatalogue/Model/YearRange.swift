import Foundation

/// The model years a fit covers, both ends included; an open end covers every year on that side.
public struct YearRange: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The first year, or `nil` for any year up to ``to``.
    public var from: Int?
    /// The last year, or `nil` for any year from ``from`` on.
    public var to: Int?

    /// Creates a range; `from` must not be after `to` (``parse(_:)`` checks).
    public init(from: Int?, to: Int?) {
        self.from = from
        self.to = to
    }

    /// Every year.
    public static let any = YearRange(from: nil, to: nil)

    /// Whether the range covers a year.
    public func contains(_ year: Int) -> Bool {
        (from.map { $0 <= year } ?? true) && (to.map { year <= $0 } ?? true)
    }

    /// The years plausible for a car: 1900 to 2100.
    public static let plausibleYears = 1900...2100

    /// Reads `2018-2024`, `2018–2024`, `2018-` (from 2018 on), `-2010` (up to 2010), `2020` (one year) or empty (any).
    /// - Returns: `nil` for anything else, a year outside ``plausibleYears`` or a start after the end.
    public static func parse(_ text: String) -> YearRange? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return .any }
        let dashes: Set<Character> = ["-", "–", "—"]
        guard let dash = trimmed.firstIndex(where: { dashes.contains($0) }) else {
            guard let year = Int(trimmed), plausibleYears.contains(year) else { return nil }
            return YearRange(from: year, to: year)
        }
        let start = trimmed[..<dash].trimmingCharacters(in: .whitespaces)
        let end = trimmed[trimmed.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        func year(_ part: String) -> Int?? {
            if part.isEmpty { return .some(nil) }
            guard let value = Int(part), plausibleYears.contains(value) else { return nil }
            return .some(value)
        }
        guard let from = year(start), let to = year(end) else { return nil }
        if let from, let to, from > to { return nil }
        return YearRange(from: from, to: to)
    }

    /// `2018-2024`, `2018-`, `-2010`, `2020`, or empty for any year: the form ``parse(_:)`` reads.
    public var description: String {
        switch (from, to) {
        case (nil, nil): ""
        case let (from?, to?) where from == to: "\(from)"
        case let (from, to): "\(from.map(String.init) ?? "")-\(to.map(String.init) ?? "")"
        }
    }
}
