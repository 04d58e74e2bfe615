import Foundation

/// The currency of a price: its ISO 4217 code, how many digits its minor unit has and the word a reply shows.
public struct Currency: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The ISO 4217 code, upper case (`KGS`, `KZT`, `RUB`).
    public var code: String
    /// The unit a reply shows after an amount (`сом`, `₸`, `₽`).
    public var displayUnit: String
    /// Digits of the minor unit (2 for tyiyn, tiyn and kopecks).
    public var minorDigits: Int

    /// Creates a currency.
    public init(code: String, displayUnit: String, minorDigits: Int = 2) {
        self.code = code
        self.displayUnit = displayUnit
        self.minorDigits = minorDigits
    }

    /// The Kyrgyz som, the currency of seed 000's shops.
    public static let kgs = Currency(code: "KGS", displayUnit: "сом")
    /// The Kazakh tenge.
    public static let kzt = Currency(code: "KZT", displayUnit: "₸")
    /// The Russian rouble.
    public static let rub = Currency(code: "RUB", displayUnit: "₽")
    /// The Uzbek som.
    public static let uzs = Currency(code: "UZS", displayUnit: "сум")
    /// The US dollar.
    public static let usd = Currency(code: "USD", displayUnit: "$")
    /// The euro.
    public static let eur = Currency(code: "EUR", displayUnit: "€")

    /// The currencies known by code.
    public static let known: [Currency] = [.kgs, .kzt, .rub, .uzs, .usd, .eur]

    /// The currency of a code: a known one with its unit, or any other three letters shown as the code itself.
    /// `RUR`, Yandex Market's old code for the rouble, reads as `RUB`.
    /// - Returns: `nil` when the code is not three Latin letters.
    public static func code(_ text: String) -> Currency? {
        let code = text.trimmingCharacters(in: .whitespaces).uppercased()
        let normalised = code == "RUR" ? "RUB" : code
        guard normalised.count == 3, normalised.allSatisfy({ $0.isASCII && $0.isLetter }) else { return nil }
        return known.first { $0.code == normalised } ?? Currency(code: normalised, displayUnit: normalised)
    }

    /// The code.
    public var description: String { code }
}
