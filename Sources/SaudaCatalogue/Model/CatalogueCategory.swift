/// A group of products or services, optionally inside another (`Коврики` › `EVA коврики`).
public struct CatalogueCategory: Sendable, Hashable, Codable, Identifiable {
    /// Unique within the catalogue.
    public var id: String
    /// The name customers read.
    public var name: String
    /// The enclosing category's id, or `nil` at the top.
    public var parentID: String?

    /// Creates a category.
    public init(id: String, name: String, parentID: String? = nil) {
        self.id = id
        self.name = name
        self.parentID = parentID
    }
}
