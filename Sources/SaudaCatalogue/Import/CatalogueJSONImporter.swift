import Foundation
import SaudaCore

/// Reads Sauda's catalogue JSON (docs/catalogue.md#json): an object with `currency`, `categories` and `products`.
/// A product that cannot be read is reported by its place (`products[3]`) and field; the others load.
struct CatalogueJSONImporter {
    let limits: CatalogueLimits
    let defaultCurrency: Currency?

    func load(_ data: Data) throws(CatalogueImportError) -> CatalogueImportResult {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw .malformed(format: .json, line: nil, reason: Self.reason(error))
        }
        guard let object = root.objectValue else {
            throw .malformed(format: .json, line: nil, reason: "the top level must be an object with «currency», «categories» and «products»")
        }
        let currency = try Self.currency(object["currency"]) ?? defaultCurrency
        guard let currency else { throw .noCurrency(hint: "add «\"currency\": \"KGS\"» (or KZT, RUB) to the top-level object or pass --currency") }
        guard let products = object["products"]?.arrayValue else {
            throw .malformed(format: .json, line: nil, reason: "«products» must be an array of products")
        }
        var builder = CatalogueBuilder(currency: currency, name: Self.text(object["name"]) ?? "", limits: limits)
        for key in object.keys.sorted() where !["name", "currency", "categories", "products"].contains(key) {
            builder.report(CatalogueProblem(.unknownField, field: key, message: "unknown member «\(key)» is ignored", skipped: false))
        }
        for (index, category) in (object["categories"]?.arrayValue ?? []).enumerated() {
            let place = CatalogueBuilder.Place(position: "categories[\(index)]")
            guard let id = Self.text(category["id"]), let name = Self.text(category["name"]) else {
                builder.report(CatalogueProblem(.missingField, position: place.position, field: "id",
                                                message: "a category needs «id» and «name»"))
                continue
            }
            builder.addCategory(CatalogueCategory(id: id, name: name, parentID: Self.text(category["parent"])), at: place)
        }
        for (index, item) in products.enumerated() {
            let place = CatalogueBuilder.Place(position: "products[\(index)]")
            guard builder.hasRoomForProduct(at: place) else { break }
            do throws(CatalogueFieldError) {
                builder.addProduct(try product(item, currency: currency), at: place)
            } catch {
                builder.report(error, at: place)
            }
        }
        return builder.finish()
    }

    private func product(_ item: JSONValue, currency fileCurrency: Currency) throws(CatalogueFieldError) -> Product {
        guard item.objectValue != nil else { throw CatalogueFieldError(.malformedRow, field: "product", "a product must be an object") }
        let currency: Currency
        do { currency = try Self.currency(item["currency"]) ?? fileCurrency } catch {
            throw CatalogueFieldError(.invalidValue, field: "currency", error.description)
        }
        guard let id = Self.text(item["id"]) else { throw CatalogueFieldError(.missingField, field: "id", "no id") }
        guard let name = Self.text(item["name"]) else { throw CatalogueFieldError(.missingField, field: "name", "no name") }
        guard let category = Self.text(item["category"]) else {
            throw CatalogueFieldError(.missingField, field: "category", "no category id")
        }
        guard let priceText = Self.text(item["price"]) else { throw CatalogueFieldError(.missingField, field: "price", "no price") }
        let price = try CatalogueFieldReader.money(priceText, currency: currency, field: "price")
        let availability: Availability
        switch item["available"] {
        case nil, .null: availability = .inStock
        case .bool(let flag)?: availability = flag ? .inStock : .outOfStock
        case let value?:
            guard let text = Self.text(value), let read = Availability(text: text) else {
                throw CatalogueFieldError(.invalidValue, field: "available", "not in_stock, on_order, out_of_stock, true or false")
            }
            availability = read
        }
        return Product(id: id, categoryID: category, name: name, description: Self.text(item["description"]) ?? "", price: price,
                       availability: availability, attributes: try Self.attributes(item["attributes"]),
                       fits: try Self.fits(item["fits"]), options: try Self.options(item["options"], currency: currency))
    }

    private static func attributes(_ value: JSONValue?) throws(CatalogueFieldError) -> [ProductAttribute] {
        switch value {
        case nil, .null?: return []
        case .object(let members)?:
            return members.keys.sorted().compactMap { key in text(members[key]).map { ProductAttribute(name: key, value: $0) } }
        case .array(let entries)?:
            var attributes: [ProductAttribute] = []
            for entry in entries {
                guard let name = text(entry["name"]), let value = text(entry["value"]) else {
                    throw CatalogueFieldError(.invalidValue, field: "attributes", "each attribute needs «name» and «value»")
                }
                attributes.append(ProductAttribute(name: name, value: value))
            }
            return attributes
        default:
            throw CatalogueFieldError(.invalidValue, field: "attributes", "must be an object or an array of {name, value}")
        }
    }

    private static func fits(_ value: JSONValue?) throws(CatalogueFieldError) -> [VehicleFit] {
        guard let value, value != .null else { return [] }
        guard let entries = value.arrayValue else { throw CatalogueFieldError(.invalidValue, field: "fits", "must be an array") }
        var fits: [VehicleFit] = []
        for entry in entries {
            if let text = entry.stringValue {
                for parts in CatalogueListText.entries(text) { fits.append(try CatalogueFieldReader.fit(parts, field: "fits")) }
                continue
            }
            guard let brand = text(entry["brand"]), let model = text(entry["model"]) else {
                throw CatalogueFieldError(.invalidValue, field: "fits", "each fit needs «brand» and «model»")
            }
            let years: YearRange
            if let range = text(entry["years"]) {
                guard let parsed = YearRange.parse(range) else {
                    throw CatalogueFieldError(.invalidValue, field: "fits", "«\(range)» is not a year range for \(brand) \(model)")
                }
                years = parsed
            } else {
                let from = entry["from"]?.numberValue.map { Int($0) }
                let to = entry["to"]?.numberValue.map { Int($0) }
                guard let parsed = YearRange.parse("\(from.map(String.init) ?? "")-\(to.map(String.init) ?? "")") else {
                    throw CatalogueFieldError(.invalidValue, field: "fits", "years \(from.map(String.init) ?? "…")–\(to.map(String.init) ?? "…") of \(brand) \(model) are not a range")
                }
                years = parsed
            }
            let pattern: Bool
            switch entry["pattern"] {
            case nil, .null?: pattern = true
            case .bool(let flag)?: pattern = flag
            case let other?: pattern = try CatalogueFieldReader.bool(text(other) ?? "?", field: "fits", empty: true)
            }
            fits.append(VehicleFit(brand: brand, model: model, years: years, patternAvailable: pattern))
        }
        return fits
    }

    private static func options(_ value: JSONValue?, currency: Currency) throws(CatalogueFieldError) -> [ProductOption] {
        guard let value, value != .null else { return [] }
        guard let entries = value.arrayValue else { throw CatalogueFieldError(.invalidValue, field: "options", "must be an array") }
        var options: [ProductOption] = []
        for entry in entries {
            guard let name = text(entry["name"]), let price = text(entry["price"]) else {
                throw CatalogueFieldError(.invalidValue, field: "options", "each option needs «name» and «price» (the change, e.g. \"+500\")")
            }
            options.append(ProductOption(name: name, priceChange: try CatalogueFieldReader.money(price, currency: currency, field: "options")))
        }
        return options
    }

    /// A string, or a number written as text; `nil` for anything else or an empty string.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)?:
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        case .number(let number)?:
            return number.rounded() == number && abs(number) < 9.0e15 ? String(Int64(number)) : String(number)
        default: return nil
        }
    }

    /// `"KGS"` or `{"code": "KGS", "unit": "сом", "minorDigits": 2}`; `nil` when absent.
    static func currency(_ value: JSONValue?) throws(CatalogueImportError) -> Currency? {
        switch value {
        case nil, .null?: return nil
        case .string(let code)?:
            guard let currency = Currency.code(code) else {
                throw .malformed(format: .json, line: nil, reason: "«\(code)» is not a three-letter currency code")
            }
            return currency
        case .object?:
            guard let code = text(value?["code"]), var currency = Currency.code(code) else {
                throw .malformed(format: .json, line: nil, reason: "the currency needs a three-letter «code»")
            }
            if let unit = text(value?["unit"]) { currency.displayUnit = unit }
            if let digits = value?["minorDigits"]?.numberValue {
                guard (0...4).contains(Int(digits)) else {
                    throw .malformed(format: .json, line: nil, reason: "«minorDigits» must be 0 to 4")
                }
                currency.minorDigits = Int(digits)
            }
            return currency
        default:
            throw .malformed(format: .json, line: nil, reason: "«currency» must be a code such as \"KGS\" or an object with «code»")
        }
    }

    private static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            return (context.underlyingError.map { "\($0)" } ?? context.debugDescription)
        }
        return "\(error)"
    }
}
