import Foundation

/// Car brands and models with the names customers type for them: official spellings in Latin and Cyrillic,
/// slang (`крузак`, `прадик`, `мерс`, `бэха`) and common misspellings. A business adds its own names with
/// ``init(brands:adding:)``; the default table covers the brands most sold in Kazakhstan and Russia.
public struct VehicleLexicon: Sendable, Codable, Equatable {
    /// A car model and the names it goes by.
    public struct Model: Sendable, Codable, Equatable {
        /// The name shown to customers, e.g. `"Land Cruiser Prado"`.
        public var name: String
        /// Other names: spellings, slang, body codes. The name itself always counts.
        public var aliases: [String]
        /// Whether a short alias (under 4 letters, no digit) may name this model without its brand in the text.
        /// Longer aliases always may.
        public var shortAliasesStandAlone: Bool

        public init(_ name: String, aliases: [String] = [], shortAliasesStandAlone: Bool = false) {
            self.name = name
            self.aliases = aliases
            self.shortAliasesStandAlone = shortAliasesStandAlone
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
            shortAliasesStandAlone = try container.decodeIfPresent(Bool.self, forKey: .shortAliasesStandAlone) ?? false
        }
    }

    /// A car brand, the names it goes by and its models.
    public struct Brand: Sendable, Codable, Equatable {
        /// The name shown to customers, e.g. `"Toyota"`.
        public var name: String
        /// Other names: Cyrillic spellings, slang, misspellings.
        public var aliases: [String]
        /// The brand's models.
        public var models: [Model]

        public init(_ name: String, aliases: [String] = [], models: [Model] = []) {
            self.name = name
            self.aliases = aliases
            self.models = models
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decode(String.self, forKey: .name)
            aliases = try container.decodeIfPresent([String].self, forKey: .aliases) ?? []
            models = try container.decodeIfPresent([Model].self, forKey: .models) ?? []
        }
    }

    /// The brands, each once.
    public private(set) var brands: [Brand]

    /// A lexicon of `brands` (the default table unless given) with `extra` merged in: an extra brand whose
    /// name matches an existing one (by ``Transliteration/matchKey(_:)``) adds its aliases and models to it,
    /// an extra model of a known name adds its aliases; anything else is added as new.
    public init(brands: [Brand] = VehicleLexicon.defaultBrands, adding extra: [Brand] = []) {
        self.brands = []
        for brand in brands + extra { merge(brand) }
    }

    /// The lexicon with `extra` merged in, as ``init(brands:adding:)`` does.
    public func adding(_ extra: [Brand]) -> VehicleLexicon {
        var copy = self
        for brand in extra { copy.merge(brand) }
        return copy
    }

    /// The brand named `name` or one of its aliases, if any.
    public func brand(named name: String) -> Brand? {
        let key = Transliteration.matchKey(name)
        return brands.first { brand in
            ([brand.name] + brand.aliases).contains { Transliteration.matchKey($0) == key }
        }
    }

    private mutating func merge(_ brand: Brand) {
        let key = Transliteration.matchKey(brand.name)
        guard let index = brands.firstIndex(where: { Transliteration.matchKey($0.name) == key }) else {
            brands.append(brand)
            return
        }
        for alias in brand.aliases where !brands[index].aliases.contains(alias) {
            brands[index].aliases.append(alias)
        }
        for model in brand.models {
            let modelKey = Transliteration.matchKey(model.name)
            if let modelIndex = brands[index].models.firstIndex(where: { Transliteration.matchKey($0.name) == modelKey }) {
                for alias in model.aliases where !brands[index].models[modelIndex].aliases.contains(alias) {
                    brands[index].models[modelIndex].aliases.append(alias)
                }
                if model.shortAliasesStandAlone { brands[index].models[modelIndex].shortAliasesStandAlone = true }
            } else {
                brands[index].models.append(model)
            }
        }
    }
}
