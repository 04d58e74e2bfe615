/// A choice that changes a product's price: borders of 5 cm for +500 сом, a second row, a longer session.
public struct ProductOption: Sendable, Hashable, Codable {
    /// The option as a customer reads it (`Борты 5 см`).
    public var name: String
    /// What it adds to the price (negative for a discount), in the product's currency.
    public var priceChange: Money

    /// Creates an option.
    public init(name: String, priceChange: Money) {
        self.name = name
        self.priceChange = priceChange
    }
}
