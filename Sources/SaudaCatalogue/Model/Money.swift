import Foundation

/// An exact amount of money: whole minor units (tyiyn, kopecks) of one currency. Never a floating-point number.
public struct Money: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The amount in minor units; negative for a discount.
    public var minorUnits: Int64
    /// The currency.
    public var currency: Currency

    /// Creates an amount from minor units.
    public init(minorUnits: Int64, currency: Currency) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Creates an amount of whole major units (`Money(major: 8000, currency: .kgs)` is 8 000 сом).
    public init(major: Int64, currency: Currency) {
        self.init(minorUnits: major * Self.scale(currency.minorDigits), currency: currency)
    }

    /// Why a text is not an amount.
    public enum ParseError: Error, Sendable, Hashable, CustomStringConvertible {
        /// Not a decimal number (`abc`, `1.2.3`, empty).
        case notANumber(String)
        /// More fractional digits than the currency's minor unit has (`10.005` сом).
        case tooPrecise(String, allowed: Int)
        /// Beyond what 64-bit minor units hold.
        case outOfRange(String)

        public var description: String {
            switch self {
            case .notANumber(let text): "«\(text)» is not an amount (write digits, optionally with «.» or «,» and a sign: 8000, 8 000, +500, 99.90)"
            case .tooPrecise(let text, let allowed): "«\(text)» has more than \(allowed) digits after the point"
            case .outOfRange(let text): "«\(text)» is too large"
            }
        }
    }

    /// Parses a decimal amount exactly: `8000`, `8 000`, `8000.50`, `8000,5`, `+500`, `-200`. Spaces (also
    /// non-breaking) between digit groups and a trailing currency unit of letters are ignored (`8 000 сом`).
    public static func parse(_ text: String, currency: Currency) throws(ParseError) -> Money {
        var body = text.trimmingCharacters(in: .whitespaces)
        let unitMarks: Set<Character> = ["₸", "₽", "$", "€", "."]
        while let last = body.last, last.isLetter || unitMarks.contains(last) {
            body.removeLast()
            body = body.trimmingCharacters(in: .whitespaces)
        }
        body = String(body.filter { $0 != " " && $0 != "\u{00A0}" && $0 != "\u{202F}" })
        var negative = false
        if let first = body.first, first == "+" || first == "-" || first == "−" {
            negative = first != "+"
            body.removeFirst()
        }
        let parts = body.split(separator: body.contains(",") ? "," : ".", omittingEmptySubsequences: false)
        guard !body.isEmpty, parts.count <= 2, let whole = parts.first, !whole.isEmpty,
              whole.allSatisfy({ $0.isASCII && $0.isNumber }),
              parts.count == 1 || (!parts[1].isEmpty && parts[1].allSatisfy({ $0.isASCII && $0.isNumber })) else {
            throw .notANumber(text)
        }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        while fraction.count > currency.minorDigits, fraction.last == "0" { fraction.removeLast() }
        guard fraction.count <= currency.minorDigits else { throw .tooPrecise(text, allowed: currency.minorDigits) }
        fraction += String(repeating: "0", count: currency.minorDigits - fraction.count)
        guard whole.count + fraction.count <= 18, let value = Int64(whole + fraction) else { throw .outOfRange(text) }
        return Money(minorUnits: negative ? -value : value, currency: currency)
    }

    /// The amount as a plain decimal without grouping or unit, as the exporters write it: `8000`, `99.90`, `+500`
    /// with `signed`.
    public func decimalText(signed: Bool = false) -> String {
        let scale = Self.scale(currency.minorDigits)
        let magnitude = minorUnits.magnitude
        let whole = magnitude / UInt64(scale)
        let fraction = magnitude % UInt64(scale)
        let sign = minorUnits < 0 ? "-" : (signed ? "+" : "")
        guard fraction != 0 else { return "\(sign)\(whole)" }
        let digits = String(fraction)
        return "\(sign)\(whole).\(String(repeating: "0", count: currency.minorDigits - digits.count))\(digits)"
    }

    /// The amount as a reply shows it: digits grouped by thousands with a space, then the unit (`8 500 сом`).
    public var displayText: String {
        let plain = decimalText()
        let negative = plain.hasPrefix("-")
        let unsigned = negative ? String(plain.dropFirst()) : plain
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var grouped = ""
        for (index, digit) in parts[0].reversed().enumerated() {
            if index > 0, index % 3 == 0 { grouped.insert(" ", at: grouped.startIndex) }
            grouped.insert(digit, at: grouped.startIndex)
        }
        let fraction = parts.count > 1 ? ",\(parts[1])" : ""
        return "\(negative ? "−" : "")\(grouped)\(fraction) \(currency.displayUnit)"
    }

    /// ``displayText``.
    public var description: String { displayText }

    /// The sum of two amounts of one currency; `nil` for different currencies or an overflow.
    public func adding(_ other: Money) -> Money? {
        guard other.currency.code == currency.code else { return nil }
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        return overflow ? nil : Money(minorUnits: sum, currency: currency)
    }

    static func scale(_ digits: Int) -> Int64 {
        var scale: Int64 = 1
        for _ in 0..<max(0, digits) { scale *= 10 }
        return scale
    }
}
