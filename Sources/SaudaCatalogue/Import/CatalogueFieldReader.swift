import Foundation

/// Reads the values every format shares: amounts, yes/no, vehicle fits and options written as list entries.
enum CatalogueFieldReader {
    /// `yes`/`no` and their synonyms; an empty text reads as `empty`.
    static func bool(_ text: String, field: String, empty: Bool) throws(CatalogueFieldError) -> Bool {
        switch text.trimmingCharacters(in: .whitespaces).lowercased() {
        case "": return empty
        case "yes", "y", "true", "1", "да", "есть", "+": return true
        case "no", "n", "false", "0", "нет", "-": return false
        default: throw CatalogueFieldError(.invalidValue, field: field, "«\(text)» is not yes or no")
        }
    }

    /// An amount in `currency`.
    static func money(_ text: String, currency: Currency, field: String) throws(CatalogueFieldError) -> Money {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CatalogueFieldError(.missingField, field: field, "no amount")
        }
        do { return try Money.parse(text, currency: currency) } catch {
            throw CatalogueFieldError(.invalidValue, field: field, error.description)
        }
    }

    /// A fit from `brand|model|years|pattern` (years and pattern optional: any year, pattern available).
    static func fit(_ parts: [String], field: String) throws(CatalogueFieldError) -> VehicleFit {
        guard (2...4).contains(parts.count), !parts[0].isEmpty, !parts[1].isEmpty else {
            throw CatalogueFieldError(.invalidValue, field: field,
                                      "«\(parts.joined(separator: "|"))» is not brand|model|years|pattern (e.g. Toyota|Camry|2018-2024|yes)")
        }
        let yearsText = parts.count > 2 ? parts[2] : ""
        guard let years = YearRange.parse(yearsText) else {
            throw CatalogueFieldError(.invalidValue, field: field,
                                      "«\(yearsText)» is not a year range (2018-2024, 2018-, -2010, 2020 or empty) for \(parts[0]) \(parts[1])")
        }
        let pattern = try bool(parts.count > 3 ? parts[3] : "", field: field, empty: true)
        return VehicleFit(brand: parts[0], model: parts[1], years: years, patternAvailable: pattern)
    }

    /// An option from `name|price change` (`Борты 5 см|+500`).
    static func option(_ parts: [String], currency: Currency, field: String) throws(CatalogueFieldError) -> ProductOption {
        guard parts.count == 2, !parts[0].isEmpty else {
            throw CatalogueFieldError(.invalidValue, field: field,
                                      "«\(parts.joined(separator: "|"))» is not name|price change (e.g. Борты 5 см|+500)")
        }
        return ProductOption(name: parts[0], priceChange: try money(parts[1], currency: currency, field: field))
    }

    /// A currency code, or `fallback` for an empty text.
    static func currency(_ text: String, fallback: Currency, field: String) throws(CatalogueFieldError) -> Currency {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { return fallback }
        guard let currency = Currency.code(text) else {
            throw CatalogueFieldError(.invalidValue, field: field, "«\(text)» is not a three-letter currency code (KGS, KZT, RUB)")
        }
        return currency.code == fallback.code ? fallback : currency
    }
}
