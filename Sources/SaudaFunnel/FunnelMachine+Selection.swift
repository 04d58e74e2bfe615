import SaudaCatalogue
import SaudaCore
import SaudaUnderstanding

extension FunnelMachine {
    /// A message outside the funnel: a greeting gets the invitation; a product, a category or a car leads into the
    /// funnel; anything else is the model's.
    func entry(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        var state = state
        // «хочу ева коврики» to a shop without EVA mats is a question for the model (and the knowledge base), not a funnel.
        if read.understanding.products.contains(where: { !carries($0) }) {
            return FunnelTurn(state: state, reply: nil)
        }
        let category = matchedCategory(read.text)
        let namesCar = read.understanding.vehicle?.brand != nil
        if category == nil, !namesCar {
            if let need = state.orderedNeed, read.understanding.phone != nil || read.understanding.name != nil {
                // The number (or name) asked for after an order or a request.
                var arguments: [String: JSONValue] = ["need": .string(need)]
                if let name = state.name { arguments["name"] = .string(name) }
                if let phone = state.phone { arguments["phone"] = .string(phone) }
                if let city = state.city { arguments["city"] = .string(city) }
                return FunnelTurn(state: state, reply: read.phrases.detailsNoted(when: read.context.answerTime),
                                  toolCalls: [FunnelToolCall(name: "record_lead", arguments: .object(arguments))])
            }
            if Greeting.isOnly(read.text) {
                let greeting = read.context.businessSpoke ? [] : [read.phrases.greeting(read.context.businessName)]
                return FunnelTurn(state: state, reply: (greeting + [read.phrases.invitation(example: example)]).joined(separator: " "))
            }
            return FunnelTurn(state: state, reply: nil)
        }
        state = state.choosing(category: category?.id ?? state.categoryID)
        if category == nil, state.categoryID.map({ id in !catalogue.products(inCategory: id).contains { !$0.fits.isEmpty } }) == true {
            state.categoryID = nil
        }
        return proceed(state, read, preface: [])
    }

    func carAnswer(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        let namedSomething = read.understanding.vehicle != nil || read.understanding.year != nil
        guard namedSomething, state.brand != nil else {
            if let category = matchedCategory(read.text) {
                return proceed(state.choosing(category: category.id), read, preface: [])
            }
            return FunnelTurn(state: state, reply: nil)
        }
        return proceed(state, read, preface: [])
    }

    /// Leads on from what is known: the car when the products fit cars, then the product, its options and the price.
    func proceed(_ state: FunnelState, _ read: Reading, preface: [String]) -> FunnelTurn {
        var state = state
        let phrases = read.phrases
        if state.productID != nil { return optionsOrQuote(state, read, preface: preface, calls: []) }
        let inCategory = state.categoryID.map { catalogue.categoryIDs(within: $0) }
        let candidates = catalogue.products.filter { inCategory?.contains($0.categoryID) ?? true }
        let fitsCars = candidates.contains { !$0.fits.isEmpty }
        guard fitsCars, inCategory != nil || state.brand != nil else {
            guard state.categoryID != nil else {
                state.step = .category
                return FunnelTurn(state: state, reply: (preface + [phrases.categories(topCategories.map(\.name))]).joined(separator: "\n\n"))
            }
            let listed = listedProducts(state)
            if listed.count == 1, let only = listed.first {
                state.productID = only.id
                return optionsOrQuote(state, read, preface: preface, calls: [])
            }
            if let named = WordMatch.best(listed, in: read.text, name: \.name), WordMatch.score(of: named.name, in: WordMatch.keys(read.text)) > 1 {
                state.productID = named.id
                return optionsOrQuote(state, read, preface: preface, calls: [])
            }
            state.step = .product
            return FunnelTurn(state: state, reply: (preface + [phrases.products(listed.map(phrases.productLine))]).joined(separator: "\n\n"))
        }
        guard let brand = state.brand else {
            state.step = .car
            return FunnelTurn(state: state, reply: (preface + [phrases.askCar]).joined(separator: "\n\n"))
        }
        guard let model = state.model else {
            state.step = .car
            return FunnelTurn(state: state, reply: (preface + [phrases.askModel(brand: brand, models: catalogue.models(of: brand))]).joined(separator: "\n\n"))
        }
        let car = state.carText ?? "\(brand) \(model)"
        if state.year == nil, needsYear(brand: brand, model: model, among: candidates) {
            state.step = .car
            return FunnelTurn(state: state, reply: (preface + [phrases.askYear(car: car)]).joined(separator: "\n\n"))
        }
        var arguments: [String: JSONValue] = ["brand": .string(brand), "model": .string(model)]
        if let year = state.year { arguments["year"] = .number(Double(year)) }
        if let categoryID = state.categoryID { arguments["category_id"] = .string(categoryID) }
        let search = FunnelToolCall(name: "find_products", arguments: .object(arguments))
        let fitting = catalogue.products(fitting: brand, model: model, year: state.year)
            .filter { inCategory?.contains($0.product.categoryID) ?? true }
            .filter(\.fit.patternAvailable).map(\.product)
        guard let first = fitting.first else {
            state.step = .measurement
            return FunnelTurn(state: state, reply: (preface + [phrases.noPattern(car: car)]).joined(separator: "\n\n"), toolCalls: [search])
        }
        let chosen = WordMatch.best(fitting, in: read.text, name: \.name) ?? first
        state.productID = chosen.id
        let others = fitting.filter { $0.id != chosen.id }.prefix(3).map(phrases.productLine)
        var lines = preface + [phrases.patternFound(car: car)]
        if !others.isEmpty { lines.append(phrases.alsoAvailable(Array(others))) }
        return optionsOrQuote(state, read, preface: lines, calls: [search])
    }

    /// Whether the catalogue has a product of a kind the customer named (``OptionPhrases/carMatProducts``: EVA mats,
    /// 5D mats, covers…): some category or product name holds one of the kind's words.
    func carries(_ kind: String) -> Bool {
        guard let keyword = OptionPhrases.carMatProducts.keywords.first(where: { $0.id == kind }) else { return true }
        let names = (catalogue.categories.map(\.name) + catalogue.products.map(\.name)).map { TextKey.words($0) }
        return keyword.phrases.contains { phrase in
            names.contains { words in
                phrase.count == 1 ? words.contains { $0.hasPrefix(phrase[0]) }
                    : words.indices.contains { index in
                        phrase.indices.allSatisfy { index + $0 < words.count && words[index + $0].hasPrefix(phrase[$0]) }
                    }
            }
        }
    }

    /// Whether the products for a make and model differ by year (then the year is asked before the search).
    func needsYear(brand: String, model: String, among candidates: [Product]) -> Bool {
        let fits = candidates.flatMap(\.fits).filter { $0.matches(brand: brand, model: model, year: nil) }
        return Set(fits.map(\.years)).count > 1 || fits.contains { !$0.patternAvailable } && fits.contains(where: \.patternAvailable)
    }

    /// The products offered at the product step: the category's, or those that fit the car.
    func listedProducts(_ state: FunnelState) -> [Product] {
        let inCategory = state.categoryID.map { catalogue.categoryIDs(within: $0) }
        if let brand = state.brand, let model = state.model {
            let fitting = catalogue.products(fitting: brand, model: model, year: state.year)
                .filter { inCategory?.contains($0.product.categoryID) ?? true }.filter(\.fit.patternAvailable).map(\.product)
            if !fitting.isEmpty { return fitting }
        }
        return Array(catalogue.products.filter { inCategory?.contains($0.categoryID) ?? true }.prefix(9))
    }

    func productChoice(_ state: FunnelState, _ read: Reading) -> FunnelTurn {
        let listed = listedProducts(state)
        var state = state
        if WordMatch.isOnlyNumbers(read.text) {
            guard let number = WordMatch.numbers(in: read.text, count: listed.count).first else { return FunnelTurn(state: state, reply: nil) }
            state.productID = listed[number - 1].id
            return optionsOrQuote(state, read, preface: [], calls: [])
        }
        if let named = WordMatch.best(listed, in: read.text, name: \.name) {
            state.productID = named.id
            return optionsOrQuote(state, read, preface: [], calls: [])
        }
        if read.understanding.vehicle != nil || matchedCategory(read.text) != nil { return entry(state, read) }
        return FunnelTurn(state: state, reply: nil)
    }
}
