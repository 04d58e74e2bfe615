import Foundation
import SaudaCore

/// Writes a catalogue in Sauda's catalogue JSON (docs/catalogue.md#json), which ``CatalogueImporter`` reads back to
/// the same catalogue. Prices are strings of exact decimals; attributes an array, so that their order is kept.
public enum CatalogueJSONExporter {
    /// The JSON document, pretty-printed with sorted keys.
    public static func export(_ catalogue: Catalogue) -> Data {
        let currency: JSONValue = .object(["code": .string(catalogue.currency.code), "unit": .string(catalogue.currency.displayUnit),
                                           "minorDigits": .number(Double(catalogue.currency.minorDigits))])
        let categories: [JSONValue] = catalogue.categories.map { category in
            var object: [String: JSONValue] = ["id": .string(category.id), "name": .string(category.name)]
            if let parent = category.parentID { object["parent"] = .string(parent) }
            return .object(object)
        }
        let products: [JSONValue] = catalogue.products.map { product in
            var object: [String: JSONValue] = [
                "id": .string(product.id), "category": .string(product.categoryID), "name": .string(product.name),
                "price": .string(product.price.decimalText()), "available": .string(product.availability.rawValue),
            ]
            if !product.description.isEmpty { object["description"] = .string(product.description) }
            if product.price.currency.code != catalogue.currency.code { object["currency"] = .string(product.price.currency.code) }
            if !product.attributes.isEmpty {
                object["attributes"] = .array(product.attributes.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
            }
            if !product.fits.isEmpty {
                object["fits"] = .array(product.fits.map { fit in
                    var entry: [String: JSONValue] = ["brand": .string(fit.brand), "model": .string(fit.model),
                                                      "pattern": .bool(fit.patternAvailable)]
                    if fit.years != .any { entry["years"] = .string(fit.years.description) }
                    return .object(entry)
                })
            }
            if !product.options.isEmpty {
                object["options"] = .array(product.options.map {
                    .object(["name": .string($0.name), "price": .string($0.priceChange.decimalText(signed: true))])
                })
            }
            return .object(object)
        }
        var root: [String: JSONValue] = ["currency": currency, "categories": .array(categories), "products": .array(products)]
        if !catalogue.name.isEmpty { root["name"] = .string(catalogue.name) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(JSONValue.object(root))) ?? Data("{}".utf8)
    }
}
