import Foundation

/// A business's catalogue: its categories and the products or services in them, in one currency by default.
///
/// The same shape serves a car-goods shop (products with ``VehicleFit``s and options such as borders), a beauty
/// salon (services with a duration attribute) and a cafe (a menu): fits and options are optional.
public struct Catalogue: Sendable, Hashable, Codable {
    /// The shop's name as the file gives it (may be empty).
    public var name: String
    /// The currency prices are written in when a row does not say.
    public var currency: Currency
    /// Categories, parents before their children as loaded.
    public var categories: [CatalogueCategory]
    /// Products, in the file's order.
    public var products: [Product]

    /// Creates a catalogue.
    public init(name: String = "", currency: Currency, categories: [CatalogueCategory] = [], products: [Product] = []) {
        self.name = name
        self.currency = currency
        self.categories = categories
        self.products = products
    }

    /// Whether it has no products.
    public var isEmpty: Bool { products.isEmpty }

    /// A category by id.
    public func category(id: String) -> CatalogueCategory? { categories.first { $0.id == id } }

    /// A product by id.
    public func product(id: String) -> Product? { products.first { $0.id == id } }

    /// The category's names from the top down to it (`["Коврики", "EVA коврики"]`); empty for an unknown id.
    public func path(ofCategory id: String) -> [String] {
        var names: [String] = []
        var current = category(id: id)
        var seen: Set<String> = []
        while let category = current, seen.insert(category.id).inserted {
            names.insert(category.name, at: 0)
            current = category.parentID.flatMap { self.category(id: $0) }
        }
        return names
    }

    /// Every category's path (``path(ofCategory:)``) joined with `separator`, by category id, computed once for
    /// listing many products.
    public func categoryPaths(separator: String = " > ") -> [String: String] {
        let byID = Dictionary(categories.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var paths: [String: String] = [:]
        for category in categories {
            var names: [String] = []
            var current: CatalogueCategory? = category
            var seen: Set<String> = []
            while let step = current, seen.insert(step.id).inserted {
                names.insert(step.name, at: 0)
                current = step.parentID.flatMap { byID[$0] }
            }
            paths[category.id] = names.joined(separator: separator)
        }
        return paths
    }

    /// The ids of a category and of every category inside it.
    public func categoryIDs(within id: String) -> Set<String> {
        var found: Set<String> = [id]
        var grew = true
        while grew {
            let inside = categories.filter { $0.parentID.map(found.contains) == true && !found.contains($0.id) }.map(\.id)
            grew = !inside.isEmpty
            found.formUnion(inside)
        }
        return found
    }

    /// The products of a category and of the categories inside it.
    public func products(inCategory id: String) -> [Product] {
        let ids = categoryIDs(within: id)
        return products.filter { ids.contains($0.categoryID) }
    }

    /// Every make some product fits, sorted, each once (compared without case).
    public var brands: [String] {
        var seen: Set<String> = []
        return products.flatMap(\.fits).map(\.brand).filter { seen.insert($0.lowercased()).inserted }
            .sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
    }

    /// Every model of a make some product fits, sorted, each once.
    public func models(of brand: String) -> [String] {
        var seen: Set<String> = []
        return products.flatMap(\.fits).filter { $0.brand.caseInsensitiveCompare(brand) == .orderedSame }.map(\.model)
            .filter { seen.insert($0.lowercased()).inserted }
            .sorted { $0.localizedCaseInsensitiveCompare($1) == .orderedAscending }
    }

    /// The products made for a car, each with the fit that matched.
    public func products(fitting brand: String, model: String, year: Int? = nil) -> [(product: Product, fit: VehicleFit)] {
        products.compactMap { product in
            product.fits.first { $0.matches(brand: brand, model: model, year: year) }.map { (product, $0) }
        }
    }

    /// How many categories, products, fits and options it holds, for reports.
    public var counts: CatalogueCounts {
        CatalogueCounts(categories: categories.count, products: products.count,
                        fits: products.reduce(0) { $0 + $1.fits.count }, options: products.reduce(0) { $0 + $1.options.count })
    }
}

/// The sizes of a catalogue.
public struct CatalogueCounts: Sendable, Hashable, CustomStringConvertible {
    /// Categories.
    public var categories: Int
    /// Products.
    public var products: Int
    /// Vehicle fits over all products.
    public var fits: Int
    /// Options over all products.
    public var options: Int

    /// Creates counts.
    public init(categories: Int, products: Int, fits: Int, options: Int) {
        self.categories = categories
        self.products = products
        self.fits = fits
        self.options = options
    }

    /// `12 products in 4 categories, 80 vehicle fits, 9 options`.
    public var description: String {
        "\(products) products in \(categories) categories, \(fits) vehicle fits, \(options) options"
    }
}
