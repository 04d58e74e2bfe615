import Foundation

/// Reads a model year from tokens whose number words are already digits: `2022`, `2022-го`, `2022г`,
/// and two-digit years only when the text says they are years (`22 год`, `22-го года`, `в 22м`).
public struct YearReader: Sendable {
    /// A year found in text.
    public struct Found: Sendable, Equatable {
        public let year: Int
        /// The digits as written, when they were two (the century was added).
        public let shortForm: String?
        /// Index of the token holding the digits.
        public let tokenIndex: Int
    }

    /// The latest year accepted: next year, for cars sold ahead of their model year.
    public let latestYear: Int
    /// The earliest year accepted.
    public let earliestYear = 1980

    /// Words after two digits that make them a year of either century: `98 года`, `22 год`.
    static let yearMarkers: Set<String> = ["год", "года", "году", "годом", "годе", "г", "гг", "гв", "year", "жыл", "жылы",
                                           "жылғы"]
    /// Ordinal endings after two digits (`22-го`, `22-й`, `в 22м`): a year only in this century, since
    /// `80-й` next to a car is more often a body (Land Cruiser 80) than 1980.
    static let ordinalMarkers: Set<String> = ["го", "й", "ый", "ой", "ого"]
    static let tightMarkers: Set<String> = ["м", "ом"]
    static let currencyWords: Set<String> = ["тенге", "тг", "тнг", "сом", "сомов", "руб", "рублей", "рубля", "р", "kzt",
                                             "rub", "usd", "долларов", "доллар", "tenge", "тыс", "штук", "шт", "км",
                                             "см", "мм", "мл", "кг"]

    /// A reader that accepts years up to `currentYear + 1`.
    public init(currentYear: Int) {
        latestYear = currentYear + 1
    }

    /// The first year in `tokens` (of `text`), skipping tokens in `skipping`.
    public func firstYear(in tokens: [Token], text: String, skipping: Set<Int> = []) -> Found? {
        for (index, token) in tokens.enumerated() where !skipping.contains(index) {
            guard let value = token.number else { continue }
            let next = index + 1 < tokens.count ? tokens[index + 1] : nil
            if token.key.count == 4, (earliestYear...latestYear).contains(value) {
                if let next, Self.currencyWords.contains(next.key) { continue }
                return Found(year: value, shortForm: nil, tokenIndex: index)
            }
            guard token.key.count == 2, let next else { continue }
            let gap = text[token.range.upperBound..<next.range.lowerBound]
            let previous = index > 0 ? tokens[index - 1].key : ""
            let afterNext = index + 2 < tokens.count ? tokens[index + 2].key : ""
            let byYearWord = Self.yearMarkers.contains(next.key) || Self.yearMarkers.contains(afterNext)
                && (Self.ordinalMarkers.contains(next.key) || Self.tightMarkers.contains(next.key))
            let byOrdinal = Self.ordinalMarkers.contains(next.key)
                || (Self.tightMarkers.contains(next.key) && (gap.isEmpty || gap == "-" || previous == "в"))
            guard byYearWord || byOrdinal, let year = century(for: value) else { continue }
            if !byYearWord, year < 2000 { continue }
            return Found(year: year, shortForm: token.key, tokenIndex: index)
        }
        return nil
    }

    /// The full year for a two-digit one: 2000s up to the latest year, 1900s from 80.
    func century(for value: Int) -> Int? {
        if 2000 + value <= latestYear { return 2000 + value }
        if value >= earliestYear - 1900 { return 1900 + value }
        return nil
    }
}
