import Foundation
import SaudaCatalogue
import SaudaCore
import SaudaModels
import SaudaStore
import SaudaUnderstanding

/// The agent's tools over the business's own catalogue (seed 000's set, for any business): its categories, the car
/// makes and models it has patterns for, what fits a car, the price with options, and the order.
///
/// Prices and availability come only from here: every answer carries the price as the catalogue states it
/// (`price_text`, in the catalogue's currency), so the model quotes it instead of guessing. Every handler works on the
/// tenant of its ``ToolContext`` only; a business without a catalogue gets an error that tells the model to answer from
/// the knowledge base instead.
public struct CatalogueTools: Sendable {
    let catalogues: CatalogueCache
    let leads: LeadRecorder
    let vehicles = VehicleQuery()

    /// Creates the tools over `catalogues`, recording orders through `leads`.
    public init(catalogues: CatalogueCache, leads: LeadRecorder) {
        self.catalogues = catalogues
        self.leads = leads
    }

    /// The tools, in the order the model sees them.
    public var tools: [Tool] { [normaliseText, listCategories, listBrands, listModels, findProducts, quotePrice, placeOrder] }

    var normaliseText: Tool {
        let reader = NormaliseTextTool()
        return Tool(name: NormaliseTextTool.name, description: NormaliseTextTool.description,
                    parameters: NormaliseTextTool.parameters) { (arguments: JSONValue, _: ToolContext) async throws(ToolError) -> JSONValue in
            do { return try reader.run(arguments: arguments) } catch { throw ToolError("\(error)") }
        }
    }

    /// The make and model as the catalogue names them: written as the customer wrote them («тойота», «камри»,
    /// «крузак»), they are read by the same rules as `normalise_text` first; what the rules do not know stays as given.
    func canonical(brand: String, model: String?) -> (brand: String, model: String?) {
        guard let mention = vehicles.parse([brand, model].compactMap { $0 }.joined(separator: " ")), let found = mention.brand else {
            return (brand, model)
        }
        return (found, mention.model ?? model)
    }

    var listCategories: Tool {
        Tool(name: "list_categories",
             description: "Категории товаров и услуг компании из её каталога, с числом позиций.",
             parameters: ["type": "object", "properties": [:]]) { (_: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let catalogue = try await catalogue(context)
            let paths = catalogue.categoryPaths()
            let counted = catalogue.categories.map { category -> JSONValue in
                ["id": .string(category.id), "name": .string(paths[category.id] ?? category.name),
                 "products": .number(Double(catalogue.products(inCategory: category.id).count))]
            }
            return ["categories": .array(counted)]
        }
    }

    var listBrands: Tool {
        Tool(name: "list_brands",
             description: "Марки автомобилей, для которых в каталоге есть товары (лекала).",
             parameters: ["type": "object", "properties": [:]]) { (_: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let catalogue = try await catalogue(context)
            return ["brands": .array(catalogue.brands.map(JSONValue.string))]
        }
    }

    var listModels: Tool {
        Tool(name: "list_models",
             description: "Модели одной марки, для которых в каталоге есть товары.",
             parameters: ["type": "object", "properties": ["brand": ["type": "string", "minLength": 1, "maxLength": 100]],
                          "required": ["brand"]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let catalogue = try await catalogue(context)
            let brand = canonical(brand: arguments["brand"]?.stringValue ?? "", model: nil).brand
            let models = catalogue.models(of: brand)
            guard !models.isEmpty else {
                throw ToolError("no products for the make «\(brand)»; makes in the catalogue: \(catalogue.brands.joined(separator: ", "))")
            }
            return ["brand": .string(brand), "models": .array(models.map(JSONValue.string))]
        }
    }

    var findProducts: Tool {
        Tool(name: "find_products",
             description: "Товары каталога для автомобиля клиента (марка, модель, год) или в категории: цена, наличие, есть ли лекало, опции. "
                + "Если лекала нет, предложите индивидуальный замер.",
             parameters: ["type": "object", "additionalProperties": false, "properties": [
                "brand": ["type": "string", "maxLength": 100], "model": ["type": "string", "maxLength": 100],
                "year": ["type": "integer", "minimum": 1950, "maximum": 2100],
                "category_id": ["type": "string", "maxLength": 200],
             ]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let catalogue = try await catalogue(context)
            let year = arguments["year"]?.numberValue.map { Int($0) }
            let category = arguments["category_id"]?.stringValue
            let inCategory = category.map { catalogue.categoryIDs(within: $0) }
            if let writtenBrand = arguments["brand"]?.stringValue, let writtenModel = arguments["model"]?.stringValue {
                let (brand, readModel) = canonical(brand: writtenBrand, model: writtenModel)
                let model = readModel ?? writtenModel
                let found = catalogue.products(fitting: brand, model: model, year: year)
                    .filter { inCategory?.contains($0.product.categoryID) ?? true }
                guard !found.isEmpty else {
                    let known = catalogue.models(of: brand)
                    return ["car": .string([brand, model, year.map(String.init)].compactMap { $0 }.joined(separator: " ")),
                            "products": [], "pattern_available": false,
                            "say": .string(known.isEmpty
                                ? "Лекал для этой марки в каталоге нет: предложите индивидуальный замер."
                                : "Для этой модели или года лекал нет: предложите индивидуальный замер. Модели марки в каталоге: \(known.joined(separator: ", ")).")]
                }
                let patterned = found.filter { $0.fit.patternAvailable }
                return ["car": .string([brand, model, year.map(String.init)].compactMap { $0 }.joined(separator: " ")),
                        "pattern_available": .bool(!patterned.isEmpty),
                        "products": .array(found.map { Self.describe($0.product, fit: $0.fit) })]
            }
            guard let inCategory else { throw ToolError("name the car (brand and model) or a category_id") }
            let products = catalogue.products.filter { inCategory.contains($0.categoryID) }.prefix(20)
            return ["products": .array(products.map { Self.describe($0, fit: nil) })]
        }
    }

    var quotePrice: Tool {
        Tool(name: "quote_price",
             description: "Цена товара из каталога с выбранными опциями (например, борты). Называйте клиенту только эту цену.",
             parameters: ["type": "object", "additionalProperties": false, "properties": .object(Self.productChoice),
                          "required": ["product_id"]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let catalogue = try await catalogue(context)
            let (product, options, total) = try Self.quote(arguments, in: catalogue)
            return ["product_id": .string(product.id), "product": .string(product.name), "options": .array(options.map(JSONValue.string)),
                    "price": .number(Double(total.minorUnits) / pow(10, Double(total.currency.minorDigits))),
                    "price_text": .string(total.displayText)]
        }
    }

    var placeOrder: Tool {
        Tool(name: "place_order",
             description: "Оформляет заказ (лид) по товару каталога, когда клиент подтвердил товар, опции и дал имя и телефон.",
             parameters: ["type": "object", "additionalProperties": false, "properties": .object(Self.productChoice.merging([
                "name": ["type": "string", "minLength": 1, "maxLength": 200],
                "phone": ["type": "string", "maxLength": 40],
                "car": ["type": "string", "maxLength": 200],
                "city": ["type": "string", "maxLength": 100],
             ]) { first, _ in first }), "required": ["product_id", "name"]]) { (arguments: JSONValue, context: ToolContext) async throws(ToolError) -> JSONValue in
            let catalogue = try await catalogue(context)
            let (product, options, total) = try Self.quote(arguments, in: catalogue)
            var details = ["need": ([product.name] + options).joined(separator: ", "), "price_quoted": total.displayText,
                           "product_id": product.id, "stage": "ordered"]
            for key in ["phone", "car", "city"] {
                if let value = arguments[key]?.stringValue, !value.isEmpty { details[key] = value }
            }
            try await leads.record(context, name: arguments["name"]?.stringValue, businessName: nil, details: details, stage: .ordered)
            return ["ordered": true, "product": .string(product.name), "price_text": .string(total.displayText)]
        }
    }

    /// The arguments that name a product and its options, shared by `quote_price` and `place_order`.
    static let productChoice: [String: JSONValue] = [
        "product_id": ["type": "string", "minLength": 1, "maxLength": 200],
        "options": ["type": "array", "items": ["type": "string", "maxLength": 200], "maxItems": 10],
    ]

    private func catalogue(_ context: ToolContext) async throws(ToolError) -> Catalogue {
        let found: Catalogue?
        do { found = try await catalogues.catalogue(for: context.tenantID) } catch { throw ToolError("the catalogue is unavailable") }
        guard let found, !found.isEmpty else {
            throw ToolError("this business has no catalogue: answer from search_knowledge and do not name prices it does not give")
        }
        return found
    }

    /// The product, its chosen options and the total of an argument object with `product_id` and `options`.
    static func quote(_ arguments: JSONValue, in catalogue: Catalogue) throws(ToolError) -> (Product, [String], Money) {
        let id = arguments["product_id"]?.stringValue ?? ""
        guard let product = catalogue.product(id: id) else { throw ToolError("no product «\(id)» in the catalogue") }
        let options = arguments["options"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard let total = product.price(withOptions: options) else {
            let offered = product.options.map { "\($0.name) (\($0.priceChange.displayText))" }
            throw ToolError("«\(product.name)» does not offer \(options.joined(separator: ", ")); its options: "
                            + (offered.isEmpty ? "none" : offered.joined(separator: ", ")))
        }
        return (product, options, total)
    }

    static func describe(_ product: Product, fit: VehicleFit?) -> JSONValue {
        var entry: [String: JSONValue] = [
            "id": .string(product.id), "name": .string(product.name), "category_id": .string(product.categoryID),
            "price_text": .string(product.price.displayText), "availability": .string(product.availability.rawValue),
            "options": .array(product.options.map { ["name": .string($0.name), "price_change_text": .string($0.priceChange.displayText)] }),
        ]
        if let fit {
            entry["pattern_available"] = .bool(fit.patternAvailable)
            entry["years"] = .string(fit.years.description)
        }
        return .object(entry)
    }
}
