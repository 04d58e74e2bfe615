import Foundation

/// Where a conversation stands in the business's order funnel (from the category to the order), and what the
/// customer has told so far: the car, the product, its options, the name and the phone. Stored with the contact
/// (`contacts.funnel_state`) and written in the turn's own transaction, so a restart or a redelivery resumes at the
/// same step.
public struct FunnelState: Sendable, Hashable, Codable {
    /// The step the conversation is at.
    public var step: FunnelStep
    /// The category chosen.
    public var categoryID: String?
    /// The car's make, as the catalogue names it.
    public var brand: String?
    /// The car's model, as the catalogue names it.
    public var model: String?
    /// The car's model year.
    public var year: Int?
    /// The product chosen.
    public var productID: String?
    /// The options chosen, by their catalogue names.
    public var options: [String]
    /// Whether the customer has answered the options question (with options or without).
    public var optionsChosen: Bool
    /// The price last quoted, as the catalogue writes it («8 500 сом»).
    public var priceText: String?
    /// The customer's name.
    public var name: String?
    /// The customer's phone, in international form.
    public var phone: String?
    /// The customer's city.
    public var city: String?
    /// What the last order or request was («EVA коврики в салон, Борты 5 см»), once placed.
    public var orderedNeed: String?

    /// A state at `step` with nothing known.
    public init(step: FunnelStep = .idle) {
        self.step = step
        self.options = []
        self.optionsChosen = false
    }

    /// Whether the conversation is inside the funnel (a step that waits for an answer).
    public var isActive: Bool { step != .idle }

    /// The car as one line («Toyota Camry 2022»), `nil` before a make and model are known.
    public var carText: String? {
        guard let brand, let model else { return nil }
        return [brand, model, year.map(String.init)].compactMap { $0 }.joined(separator: " ")
    }

    /// The state for a new order: the customer's details and car kept, the choice of product forgotten.
    public func restarted(at step: FunnelStep) -> FunnelState {
        var state = FunnelState(step: step)
        state.brand = brand
        state.model = model
        state.year = year
        state.name = name
        state.phone = phone
        state.city = city
        state.orderedNeed = orderedNeed
        return state
    }

    /// The state as JSON text for storage.
    public var storedText: String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) }
    }

    /// A stored state, `nil` for no text or text that is not a state (an older or damaged row starts afresh).
    public init?(storedText: String?) {
        guard let data = storedText?.data(using: .utf8), let state = try? JSONDecoder().decode(FunnelState.self, from: data) else {
            return nil
        }
        self = state
    }
}

/// The steps of the order funnel.
public enum FunnelStep: String, Sendable, Hashable, Codable, CaseIterable {
    /// Not in the funnel: the agent answers freely.
    case idle
    /// The numbered menu was shown; a digit or its words choose.
    case menu
    /// The categories were listed; the customer picks one.
    case category
    /// The car (make, model, year) was asked.
    case car
    /// Several products were listed; the customer picks one.
    case product
    /// The product's options were offered.
    case options
    /// The price was quoted; the customer confirms the order.
    case confirm
    /// The name (and, without a phone number of the channel, the phone) was asked.
    case contact
    /// A car without patterns: an individual measurement was offered.
    case measurement
    /// The customer agreed to a measurement; the name and phone were asked.
    case measurementContact

    /// Whether the step asked for the customer's name.
    public var asksForName: Bool { self == .contact || self == .measurementContact }

    /// Whether a name is a likely part of the answer at this step (the name asked, or an order or a measurement being
    /// confirmed: «да, Марина»).
    public var expectsName: Bool { asksForName || self == .confirm || self == .measurement }
}
