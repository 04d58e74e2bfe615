import Foundation

/// A thing or service a business sells: EVA mats for a sedan, a haircut, a cappuccino.
public struct Product: Sendable, Hashable, Codable, Identifiable {
    /// The SKU or offer id, unique within the catalogue.
    public var id: String
    /// The category's id.
    public var categoryID: String
    /// The name customers read.
    public var name: String
    /// A longer description, possibly empty.
    public var description: String
    /// The base price, before options.
    public var price: Money
    /// Whether it can be had now.
    public var availability: Availability
    /// Free properties, in the file's order.
    public var attributes: [ProductAttribute]
    /// The cars it is made for; empty for goods and services that fit anything (a salon's services, a cafe's menu).
    public var fits: [VehicleFit]
    /// Priced choices.
    public var options: [ProductOption]

    /// Creates a product.
    public init(id: String, categoryID: String, name: String, description: String = "", price: Money,
                availability: Availability = .inStock, attributes: [ProductAttribute] = [], fits: [VehicleFit] = [],
                options: [ProductOption] = []) {
        self.id = id
        self.categoryID = categoryID
        self.name = name
        self.description = description
        self.price = price
        self.availability = availability
        self.attributes = attributes
        self.fits = fits
        self.options = options
    }

    /// The value of an attribute, by name without case.
    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The price with the named options (matched without case); `nil` when an option is not offered or the sum
    /// overflows.
    public func price(withOptions names: [String]) -> Money? {
        var total = price
        for name in names {
            guard let option = options.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }),
                  let sum = total.adding(option.priceChange) else { return nil }
            total = sum
        }
        return total
    }
}
