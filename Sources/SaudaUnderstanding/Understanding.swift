import Foundation

/// What one customer message says, read by ``TextNormaliser``: the car, the options, the products, the
/// customer's name, phone and city, and the text with number words written as digits.
///
/// Encodes to JSON for a `normalise_text` model tool; every field but `text` and `normalisedText` may be absent.
public struct Understanding: Sendable, Codable, Equatable {
    /// The message as received.
    public var text: String
    /// The message with number words as digits: `"на камри две тысячи двадцать второй"` → `"на камри 2022"`.
    public var normalisedText: String
    /// The car named, with what was assumed.
    public var vehicle: VehicleMention?
    /// The model year, from the car or alone (`"2022 года"`).
    public var year: Int?
    /// Options named, e.g. borders 5 cm.
    public var options: [OptionPhrases.Mention]
    /// Product kinds named, e.g. `eva_mats`.
    public var products: [String]
    /// The customer's name.
    public var name: String?
    /// The customer's phone number in international form: `"+77011234567"`.
    public var phone: String?
    /// The city named.
    public var city: String?

    public init(text: String, normalisedText: String, vehicle: VehicleMention? = nil, year: Int? = nil,
                options: [OptionPhrases.Mention] = [], products: [String] = [], name: String? = nil,
                phone: String? = nil, city: String? = nil) {
        self.text = text
        self.normalisedText = normalisedText
        self.vehicle = vehicle
        self.year = year
        self.options = options
        self.products = products
        self.name = name
        self.phone = phone
        self.city = city
    }

    /// True when nothing was recognised.
    public var isEmpty: Bool {
        vehicle == nil && year == nil && options.isEmpty && products.isEmpty && name == nil && phone == nil && city == nil
    }

    /// The option with identifier `id`, if named.
    public func option(_ id: String) -> OptionPhrases.Mention? {
        options.first { $0.id == id }
    }
}
