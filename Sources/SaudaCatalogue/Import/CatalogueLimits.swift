/// The sizes an import accepts. A file over ``maxFileBytes`` is refused whole; a row over a field limit is
/// reported and skipped; rows past ``maxProducts`` are reported once and not loaded.
public struct CatalogueLimits: Sendable, Hashable {
    /// The largest file read, in bytes.
    public var maxFileBytes: Int
    /// The most products loaded.
    public var maxProducts: Int
    /// The most categories loaded.
    public var maxCategories: Int
    /// The longest id, name, category name, attribute, make, model or option name, in characters.
    public var maxFieldLength: Int
    /// The longest description, in characters.
    public var maxDescriptionLength: Int
    /// The most vehicle fits of one product.
    public var maxFitsPerProduct: Int
    /// The most options of one product.
    public var maxOptionsPerProduct: Int
    /// The most attributes of one product.
    public var maxAttributesPerProduct: Int
    /// The most problems listed; later ones are only counted.
    public var maxProblemsListed: Int

    /// Creates limits; the defaults suit a shop of tens of thousands of products.
    public init(maxFileBytes: Int = 20 * 1024 * 1024, maxProducts: Int = 50_000, maxCategories: Int = 5_000,
                maxFieldLength: Int = 500, maxDescriptionLength: Int = 5_000, maxFitsPerProduct: Int = 2_000,
                maxOptionsPerProduct: Int = 100, maxAttributesPerProduct: Int = 100, maxProblemsListed: Int = 1_000) {
        self.maxFileBytes = maxFileBytes
        self.maxProducts = maxProducts
        self.maxCategories = maxCategories
        self.maxFieldLength = maxFieldLength
        self.maxDescriptionLength = maxDescriptionLength
        self.maxFitsPerProduct = maxFitsPerProduct
        self.maxOptionsPerProduct = maxOptionsPerProduct
        self.maxAttributesPerProduct = maxAttributesPerProduct
        self.maxProblemsListed = maxProblemsListed
    }

    /// The defaults.
    public static let standard = CatalogueLimits()
}
