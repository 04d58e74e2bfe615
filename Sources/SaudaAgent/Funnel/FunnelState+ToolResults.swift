import SaudaCatalogue
import SaudaCore
import SaudaModels
import SaudaUnderstanding

extension FunnelState {
    /// The state after a model's successful tool calls: a search that found the car's products chooses the first
    /// (with pattern), a quote records the product, options and price, an order ends the funnel with the details kept,
    /// a lead record keeps the name.
    func absorbing(_ exchanges: [ToolExchange], catalogue: Catalogue) -> FunnelState {
        var state = self
        for exchange in exchanges {
            for (call, result) in zip(exchange.calls, exchange.results) where !result.isError {
                state.absorb(call, result: result.content, catalogue: catalogue)
            }
        }
        return state
    }

    private mutating func absorb(_ call: ToolCall, result: JSONValue, catalogue: Catalogue) {
        let arguments = call.arguments
        switch call.name {
        case "find_products":
            let written = [arguments["brand"]?.stringValue, arguments["model"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            if let mention = VehicleQuery().parse(written), let brand = mention.brand {
                self.brand = brand
                model = mention.model ?? arguments["model"]?.stringValue
            }
            if let year = arguments["year"]?.numberValue { self.year = Int(year) }
            if let category = arguments["category_id"]?.stringValue { categoryID = category }
            let products = result["products"]?.arrayValue ?? []
            let patterned = products.first { $0["pattern_available"]?.boolValue != false }
            if let id = patterned?["id"]?.stringValue, let product = catalogue.product(id: id) {
                productID = id
                options = []
                optionsChosen = false
                step = product.options.isEmpty ? .confirm : .options
            } else if result["pattern_available"]?.boolValue == false {
                step = .measurement
            }
        case "quote_price":
            guard let id = result["product_id"]?.stringValue else { return }
            productID = id
            options = result["options"]?.arrayValue?.compactMap(\.stringValue) ?? []
            optionsChosen = true
            priceText = result["price_text"]?.stringValue
            step = .confirm
        case "place_order":
            if let name = arguments["name"]?.stringValue, !name.isEmpty { self.name = name }
            if let phone = arguments["phone"]?.stringValue, !phone.isEmpty { self.phone = phone }
            let product = arguments["product_id"]?.stringValue.flatMap(catalogue.product(id:))
            let chosen = arguments["options"]?.arrayValue?.compactMap(\.stringValue) ?? []
            var done = restarted(at: .idle)
            done.orderedNeed = product.map { ([$0.name] + chosen).joined(separator: ", ") }
            self = done
        case "record_lead":
            if let name = arguments["name"]?.stringValue, !name.isEmpty { self.name = name }
            if let city = arguments["city"]?.stringValue, !city.isEmpty { self.city = city }
        default:
            break
        }
    }
}
