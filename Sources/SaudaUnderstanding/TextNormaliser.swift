import Foundation

/// The one call that reads a customer message: the car (brand, model, year, with bold assumptions), options,
/// product kinds, name, phone, city, and the text with digits for number words. Pure and deterministic:
/// the offline engine runs the funnel on it, and a remote model gets the same reading as a tool.
public struct TextNormaliser: Sendable {
    /// The car names known.
    public let lexicon: VehicleLexicon
    /// The option vocabulary.
    public let optionPhrases: OptionPhrases
    /// The product-kind vocabulary.
    public let productPhrases: OptionPhrases
    /// The cities known.
    public let cities: CityTable
    let vehicles: VehicleQuery
    let names: NameFinder

    /// A normaliser over the given tables (seed 000's car-mat shop by default) that accepts model years up to
    /// `currentYear + 1`.
    public init(lexicon: VehicleLexicon = .standard, options: OptionPhrases = .carMats,
                products: OptionPhrases = .carMatProducts, cities: CityTable = .standard,
                currentYear: Int = VehicleQuery.thisYear) {
        self.lexicon = lexicon
        optionPhrases = options
        productPhrases = products
        self.cities = cities
        let vehicles = VehicleQuery(lexicon: lexicon, currentYear: currentYear)
        self.vehicles = vehicles
        names = NameFinder(excluding: { word in
            vehicles.parse(word) != nil || cities.city(in: word) != nil
        })
    }

    /// Reads `text`.
    public func understand(_ text: String) -> Understanding {
        let phone = PhoneFinder.first(in: text)
        var withoutPhone = text
        if let phone {
            withoutPhone.replaceSubrange(phone.range, with: " ")
        }
        let rewritten = NumberWords.rewrite(withoutPhone)
        let tokens = Token.tokens(of: rewritten)
        let vehicle = vehicles.parse(tokens: tokens, text: rewritten)
        let year = vehicle?.year ?? vehicles.years.firstYear(in: tokens, text: rewritten)?.year
        return Understanding(
            text: text,
            normalisedText: NumberWords.rewrite(text),
            vehicle: vehicle,
            year: year,
            options: optionPhrases.mentions(in: tokens),
            products: productPhrases.mentions(in: tokens).filter(\.wanted).map(\.id),
            name: names.name(in: withoutPhone, besidePhone: phone != nil),
            phone: phone?.number,
            city: cities.city(in: tokens, text: rewritten)
        )
    }
}
