import Foundation

/// Which version of a business's catalogue is stored: raised by every replacement, so a cache compares it to
/// know whether to load the catalogue again.
public struct CatalogueRevision: Sendable, Hashable {
    /// The number, 1 for the first catalogue stored, one more for each replacement.
    public var number: Int64
    /// When the catalogue was last replaced.
    public var updatedAt: Date
    /// How many products it holds.
    public var productCount: Int

    /// Creates a revision.
    public init(number: Int64, updatedAt: Date, productCount: Int) {
        self.number = number
        self.updatedAt = updatedAt
        self.productCount = productCount
    }
}
