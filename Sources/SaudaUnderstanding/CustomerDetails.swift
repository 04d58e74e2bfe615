import Foundation

/// The contact details a customer gives in one message: name, phone and city.
public struct CustomerDetails: Sendable, Codable, Equatable {
    /// The name, capitalised: `"Азамат"`.
    public var name: String?
    /// The phone in international form: `"+77011234567"`.
    public var phone: String?
    /// The city: `"Алматы"`.
    public var city: String?

    public init(name: String? = nil, phone: String? = nil, city: String? = nil) {
        self.name = name
        self.phone = phone
        self.city = city
    }

    /// Reads the details in `text`: «Меня зовут Азамат, телефон +7 701 123 45 67, город Алматы».
    public static func read(_ text: String, names: NameFinder = NameFinder(), cities: CityTable = .standard) -> CustomerDetails {
        let phone = PhoneFinder.first(in: text)
        var rest = text
        if let phone { rest.replaceSubrange(phone.range, with: " ") }
        return CustomerDetails(name: names.name(in: rest, besidePhone: phone != nil), phone: phone?.number, city: cities.city(in: rest))
    }

    /// True when no detail was given.
    public var isEmpty: Bool { name == nil && phone == nil && city == nil }
}

extension Understanding {
    /// The customer's details from this message.
    public var customer: CustomerDetails { CustomerDetails(name: name, phone: phone, city: city) }
}
