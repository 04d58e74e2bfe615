/// A free property of a product: `материал` = `EVA`, `длительность` = `60 мин`. The order in the file is kept.
public struct ProductAttribute: Sendable, Hashable, Codable {
    /// The property's name.
    public var name: String
    /// Its value.
    public var value: String

    /// Creates an attribute.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
