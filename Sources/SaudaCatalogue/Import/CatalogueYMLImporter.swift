import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a Yandex Market feed (`<yml_catalog><shop>…`): currencies, categories with `parentId`, and offers with
/// `name` (or `typePrefix`, `vendor`, `model`), `price`, `currencyId`, `categoryId`, `description` and
/// `<param name="…">` attributes. Two param names carry Sauda's extras in ``CatalogueListText`` form: `fit`
/// (also `Совместимость`) is a vehicle fit, `option` (also `Опция`) a priced option. An offer that cannot be read
/// is reported by the line its `<offer>` starts on.
struct CatalogueYMLImporter {
    let limits: CatalogueLimits
    let defaultCurrency: Currency?

    /// Param names read as a vehicle fit.
    static let fitParams: Set<String> = ["fit", "совместимость"]
    /// Param names read as an option.
    static let optionParams: Set<String> = ["option", "опция"]

    func load(_ data: Data) throws(CatalogueImportError) -> CatalogueImportResult {
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.shouldProcessNamespaces = false
        let reader = YMLFeedReader()
        parser.delegate = reader
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "the XML is not well-formed"
            throw .malformed(format: .yml, line: parser.lineNumber, reason: reason)
        }
        guard reader.sawCatalogue else {
            throw .malformed(format: .yml, line: nil, reason: "no <yml_catalog><shop> element: this is not a Yandex Market feed")
        }
        let base = reader.currencies.first { $0.rate == "1" }.flatMap { Currency.code($0.id) }
            ?? defaultCurrency ?? reader.currencies.first.flatMap { Currency.code($0.id) }
            ?? reader.offers.lazy.compactMap { $0.fields["currencyid"].flatMap(Currency.code) }.first
        guard let currency = base else {
            throw .noCurrency(hint: "the feed has no <currencies> and no offer names a <currencyId>; pass --currency")
        }
        var builder = CatalogueBuilder(currency: currency, name: reader.shopName, limits: limits)
        for category in reader.categories {
            let place = CatalogueBuilder.Place(line: category.line)
            guard let id = category.id, !id.isEmpty else {
                builder.report(CatalogueProblem(.missingField, line: category.line, field: "id", message: "a <category> needs an id attribute"))
                continue
            }
            builder.addCategory(CatalogueCategory(id: id, name: category.name.trimmingCharacters(in: .whitespacesAndNewlines),
                                                  parentID: category.parentID.flatMap { $0.isEmpty ? nil : $0 }), at: place)
        }
        for offer in reader.offers {
            let place = CatalogueBuilder.Place(line: offer.line)
            guard builder.hasRoomForProduct(at: place) else { break }
            do throws(CatalogueFieldError) {
                builder.addProduct(try product(offer, currency: currency), at: place)
            } catch {
                builder.report(error, at: place)
            }
        }
        return builder.finish()
    }

    private func product(_ offer: YMLFeedReader.Offer, currency fileCurrency: Currency) throws(CatalogueFieldError) -> Product {
        guard let id = offer.id, !id.isEmpty else { throw CatalogueFieldError(.missingField, field: "id", "the <offer> has no id attribute") }
        let currency = try CatalogueFieldReader.currency(offer.fields["currencyid"] ?? "", fallback: fileCurrency, field: "currencyId")
        let composed = [offer.fields["typeprefix"], offer.fields["vendor"], offer.fields["model"]].compactMap { $0 }
            .filter { !$0.isEmpty }.joined(separator: " ")
        let name = offer.fields["name"] ?? composed
        guard !name.isEmpty else { throw CatalogueFieldError(.missingField, field: "name", "no <name> (nor vendor and model)") }
        guard let category = offer.fields["categoryid"], !category.isEmpty else {
            throw CatalogueFieldError(.missingField, field: "categoryId", "no <categoryId>")
        }
        let price = try CatalogueFieldReader.money(offer.fields["price"] ?? "", currency: currency, field: "price")
        let availability: Availability
        switch offer.available?.lowercased() {
        case nil, "true"?, "": availability = .inStock
        case "false"?: availability = .onOrder
        case let other?:
            throw CatalogueFieldError(.invalidValue, field: "available", "available=\"\(other)\" is neither true nor false")
        }
        var attributes: [ProductAttribute] = []
        var fits: [VehicleFit] = []
        var options: [ProductOption] = []
        for param in offer.params {
            let key = param.name.lowercased()
            if Self.fitParams.contains(key) {
                for parts in CatalogueListText.entries(param.value) { fits.append(try CatalogueFieldReader.fit(parts, field: "param \(param.name)")) }
            } else if Self.optionParams.contains(key) {
                for parts in CatalogueListText.entries(param.value) {
                    options.append(try CatalogueFieldReader.option(parts, currency: currency, field: "param \(param.name)"))
                }
            } else {
                guard !param.name.isEmpty else { throw CatalogueFieldError(.missingField, field: "param", "a <param> has no name") }
                let value = param.unit.map { "\(param.value) \($0)" } ?? param.value
                attributes.append(ProductAttribute(name: param.name, value: value))
            }
        }
        return Product(id: id, categoryID: category, name: name, description: offer.fields["description"] ?? "", price: price,
                       availability: availability, attributes: attributes, fits: fits, options: options)
    }
}
