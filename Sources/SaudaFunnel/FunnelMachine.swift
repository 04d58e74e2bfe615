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
        if let name = understanding.name ?? (state.step.expectsName ? Self.nameInAnswer(understanding.text) : nil) { state.name = name }
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
        if state.step.asksForName, state.name == nil, let name = Self.bareName(understanding.text) { state.name = name }
        return state
    }

    /// A message that is only a name, written where the name was asked («Мирлан», «Анна Петровна»).
    static func bareName(_ text: String) -> String? {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == "!" }).map(String.init)
        guard (1...2).contains(words.count), words.allSatisfy({ $0.count >= 2 && $0.allSatisfy(\.isLetter) }),
              ReplyIntent.of(text) == .other, !words.contains(where: { Self.notNames.contains($0.lowercased()) }) else { return nil }
        return words.map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
    }

    /// A name inside an answer where one is expected: «да, Марина», «оформляйте, Евгений», «Меня Тимур зовут», «беру,
    /// зовут Руслан»; the name must be capitalised (so «нет, подумаю» gives none).
    static func nameInAnswer(_ text: String) -> String? {
        let words = text.split(whereSeparator: { " ,.!;:—-".contains($0) }).map(String.init)
        let rest = words.filter { word in
            let lower = word.lowercased()
            return !fillerWords.contains(lower) && !Reading.consent.contains(where: lower.hasPrefix)
        }
        guard rest.count < words.count, let first = rest.first?.first, first.isUppercase else { return nil }
        return bareName(rest.joined(separator: " "))
    }

    static let fillerWords: Set<String> = ["да", "ага", "конечно", "хорошо", "давайте", "ок", "ok", "меня", "зовут", "я", "это", "мое", "моё",
                                           "имя", "my", "name", "is", "i", "am", "i'm", "im", "yes", "sure", "звать", "можно", "на"]

    static let notNames: Set<String> = ["да", "нет", "ок", "ok", "хорошо", "спасибо", "привет", "здравствуйте", "меню", "оператор",
                                        "давайте", "конечно", "ага", "угу", "оформляйте", "оформляем", "yes", "no", "thanks", "hello"]

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

/// One message as the rules read it.
struct Reading: Sendable {
    let text: String
    let understanding: Understanding
    let context: FunnelContext
    let phrases: FunnelText

    init(text: String, understanding: Understanding, context: FunnelContext, text phrases: FunnelText) {
        self.text = text
        self.understanding = understanding
        self.context = context
        self.phrases = phrases
    }

    /// The text with the phone number it gives taken out (its digits are no option sizes or menu numbers).
    var textWithoutPhone: String {
        guard let phone = PhoneFinder.first(in: text) else { return text }
        var rest = text
        rest.replaceSubrange(phone.range, with: " ")
        return rest
    }

    /// Whether the message gives a name or a phone (a bare name counts where the name was asked).
    var givesContact: Bool {
        understanding.name != nil || understanding.phone != nil || FunnelMachine.bareName(text) != nil
            || FunnelMachine.nameInAnswer(text) != nil
    }

    /// Yes, no or neither; words that place an order («оформляйте», «беру») are a yes.
    var intent: ReplyIntent {
        let intent = ReplyIntent.of(text)
        guard intent == .other else { return intent }
        let words = TextKey.words(text)
        return words.contains(where: { word in Self.consent.contains { word.hasPrefix($0) } }) ? .yes : .other
    }

    static let consent = ["оформля", "оформи", "оформлю", "заказыва", "закажу", "беру", "берем", "берём", "возьму", "подходит", "устраивает",
                          "записывайте", "запиши", "order"]
}

extension FunnelState {
    /// The state with `category` chosen and the earlier choice of product and options forgotten.
    func choosing(category: String?) -> FunnelState {
        var state = self
        state.categoryID = category
        state.productID = nil
        state.options = []
        state.optionsChosen = false
        state.priceText = nil
        return state
    }
}
