import SaudaCatalogue
import SaudaCore
import SaudaUnderstanding

/// The order funnel of a business with a catalogue, as rules: from the category and the car to the product, its
/// options, the price and the order, with a numbered menu («Меню», «0», «назад») at any point and a person of the
/// business on request («оператор»). Seed 000 kept this state machine in memory; here it is a pure function of the
/// stored ``FunnelState`` and one customer message, so the agent can store the state with the turn.
///
/// The rules read what they can (digits, cars in slang and numbers in words, options in words, yes and no, names and
/// phones); a message they cannot read gets no reply (``FunnelTurn/isHandled`` is false) and goes to the model, after
/// which ``prompt(for:context:)`` leads back to the step. Prices come only from the catalogue, through the same tool
/// calls a model makes.
public struct FunnelMachine: Sendable {
    /// The business's catalogue.
    public let catalogue: Catalogue
    let normaliser: TextNormaliser
    let cars: CatalogueCars

    /// A machine over `catalogue`.
    public init(catalogue: Catalogue, normaliser: TextNormaliser = TextNormaliser()) {
        self.catalogue = catalogue
        self.normaliser = normaliser
        self.cars = CatalogueCars(catalogue: catalogue)
    }

    /// Reads one customer message at `state`.
    public func advance(_ state: FunnelState, message: String, context: FunnelContext) -> FunnelTurn {
        let understanding = normaliser.understand(message)
        let state = remembering(understanding, in: state)
        let read = Reading(text: message, understanding: understanding, context: context, text: FunnelText(context.language))
        switch FunnelCommand(message) {
        case .menu?: return showMenu(state, read)
        case .human?: return callHuman(state, read)
        case nil: break
        }
        switch state.step {
        case .idle: return entry(state, read)
        case .menu: return menuChoice(state, read)
        case .category: return categoryChoice(state, read)
        case .car: return carAnswer(state, read)
        case .product: return productChoice(state, read)
        case .options: return optionsAnswer(state, read)
        case .confirm: return confirmAnswer(state, read)
        case .contact: return contactAnswer(state, read)
        case .measurement: return measurementAnswer(state, read)
        case .measurementContact: return measurementContactAnswer(state, read)
        }
    }

    /// The state with what a message tells of the customer kept: the name, phone and city, and the car when the
    /// message names one. Used for messages the model answers, too, so nothing the customer said is lost.
    public func remembering(_ message: String, in state: FunnelState) -> FunnelState {
        remembering(normaliser.understand(message), in: state)
    }

    func remembering(_ understanding: Understanding, in state: FunnelState) -> FunnelState {
        var state = state
        if let name = understanding.name ?? (state.step.expectsName ? AnswerName.inAnswer(understanding.text) : nil) { state.name = name }
        if let phone = understanding.phone { state.phone = phone }
        if let city = understanding.city { state.city = city }
        // While the order is being confirmed, a make alone is no change of car («да, Марина» is not a «мерин»).
        let carChange = !state.step.expectsName || understanding.vehicle?.model != nil
        if carChange, let vehicle = understanding.vehicle, let brand = vehicle.brand {
            if brand != state.brand || (vehicle.model != nil && vehicle.model != state.model) {
                state.model = nil
                state.year = nil
                state.productID = nil
                state.options = []
                state.optionsChosen = false
            }
            state.brand = brand
            if let model = vehicle.model { state.model = model }
        }
        if carChange, understanding.vehicle?.model == nil, state.model == nil || understanding.vehicle?.brand != nil, let found = cars.car(in: understanding.text, brand: understanding.vehicle?.brand ?? state.brand) {
            // A car of the catalogue the lexicon does not know.
            if found.brand != state.brand || found.model != state.model {
                state = state.choosing(category: state.categoryID)
                state.year = nil
            }
            state.brand = found.brand
            state.model = found.model
        } else if state.brand == nil, let brand = cars.brand(in: understanding.text) {
            state.brand = brand
        }
        if let brand = state.brand, let model = state.model, let known = cars.catalogueModel(brand: brand, model: model) { state.model = known }
        if let year = understanding.year ?? understanding.vehicle?.year, (1950...2100).contains(year) { state.year = year }
        if state.step.asksForName, state.name == nil, let name = AnswerName.bare(understanding.text) { state.name = name }
        return state
    }

    /// The question that leads on from `state`, appended after an answer the model wrote to a question asked inside
    /// the funnel; for a conversation outside it, the invitation into it.
    public func prompt(for state: FunnelState, context: FunnelContext) -> String {
        let text = FunnelText(context.language)
        switch state.step {
        case .idle: return text.invitation(example: example)
        case .menu: return text.menu(menuItems(text).map(\.title))
        case .category: return text.categories(topCategories.map(\.name))
        case .car:
            guard let brand = state.brand else { return text.askCar }
            return state.model == nil ? text.askModel(brand: brand, models: catalogue.models(of: brand)) : text.askYear(car: state.carText ?? brand)
        case .product: return text.products(listedProducts(state).map(text.productLine))
        case .options:
            guard let product = state.productID.flatMap(catalogue.product(id:)) else { return text.askCar }
            return text.options(product: product)
        case .confirm:
            guard let need = need(of: state), let price = state.priceText else { return text.askConfirm }
            return text.confirmAgain(need: need, price: price)
        case .contact, .measurementContact:
            return text.askContact(needsName: state.name == nil, needsPhone: state.phone == nil && context.channelPhone == nil)
        case .measurement: return text.askMeasurement
        }
    }

    /// The top-level categories, in catalogue order.
    var topCategories: [CatalogueCategory] { catalogue.categories.filter { $0.parentID == nil } }

    /// An example of what to write, from the catalogue: «EVA коврики на Toyota Camry 2020», or a category's name.
    var example: String? {
        if let product = catalogue.products.first(where: { !$0.fits.isEmpty }), let fit = product.fits.first(where: \.patternAvailable) {
            let category = catalogue.category(id: product.categoryID)?.name ?? product.name
            return "\(category) на \(fit.brand) \(fit.model)"
        }
        return topCategories.first?.name
    }

    /// What the customer ordered, as a line: the product with its options.
    func need(of state: FunnelState) -> String? {
        guard let product = state.productID.flatMap(catalogue.product(id:)) else { return nil }
        return ([product.name] + state.options).joined(separator: ", ")
    }
}
