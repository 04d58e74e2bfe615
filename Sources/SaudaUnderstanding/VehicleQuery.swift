import Foundation

/// Reads the car a customer names, with the "bold assumption" rule: a model named without its brand gets
/// its brand (`камри` → Toyota Camry), a misspelt name its nearest spelling, a two-digit year its century,
/// and each such guess is recorded so the reply can ask "Toyota Camry 2022 — верно?".
public struct VehicleQuery: Sendable {
    public let lexicon: VehicleLexicon
    let matcher: VehicleMatcher
    let years: YearReader

    /// A parser over `lexicon` that accepts years up to `currentYear + 1`.
    public init(lexicon: VehicleLexicon = .standard, currentYear: Int = VehicleQuery.thisYear) {
        self.lexicon = lexicon
        matcher = VehicleMatcher(lexicon: lexicon)
        years = YearReader(currentYear: currentYear)
    }

    /// The current year by the Gregorian calendar in UTC.
    public static var thisYear: Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.component(.year, from: Date())
    }

    /// The car named in `text` (number words may still be words), or nil when it names no brand or model.
    public func parse(_ text: String) -> VehicleMention? {
        let rewritten = NumberWords.rewrite(text)
        return parse(tokens: Token.tokens(of: rewritten), text: rewritten)
    }

    /// The first model year in `text` (number words may still be words), car or no car.
    public func year(in text: String) -> Int? {
        let rewritten = NumberWords.rewrite(text)
        return years.firstYear(in: Token.tokens(of: rewritten), text: rewritten)?.year
    }

    /// The car named in already rewritten text, skipping tokens that belong to something else (a phone number).
    func parse(tokens: [Token], text: String, skipping: Set<Int> = []) -> VehicleMention? {
        let matches = matcher.matches(in: tokens, text: text, skipping: skipping)
        var consumed = skipping
        for match in matches { consumed.formUnion(match.tokenRange) }
        let year = years.firstYear(in: tokens, text: text, skipping: consumed)

        var assumptions: [VehicleMention.Assumption] = []
        var confidence = 1.0
        let brandMatch = matches.first { $0.entries.contains { if case .brand = $0.target { true } else { false } } }
        let brandIndex = brandMatch?.entries.compactMap { entry -> Int? in
            if case .brand(let index) = entry.target { index } else { nil }
        }.first
        var modelTarget: (brand: Int, model: Int)?
        var modelMatch: VehicleMatcher.Match?
        for match in matches {
            let models = match.entries.compactMap { entry -> (brand: Int, model: Int, alone: Bool)? in
                if case .model(let brand, let model) = entry.target { (brand, model, entry.standsAlone) } else { nil }
            }
            if let brandIndex, let same = models.first(where: { $0.brand == brandIndex }) {
                modelTarget = (same.brand, same.model)
                modelMatch = match
                break
            }
            if brandIndex == nil {
                var standing: [(brand: Int, model: Int, alone: Bool)] = []
                for candidate in models where candidate.alone
                    && !standing.contains(where: { $0.brand == candidate.brand && $0.model == candidate.model }) {
                    standing.append(candidate)
                }
                guard let first = standing.first else { continue }
                modelTarget = (first.brand, first.model)
                modelMatch = match
                let brandNames = Set(standing.map { lexicon.brands[$0.brand].name })
                if brandNames.count > 1 {
                    assumptions.append(.ambiguousModel(candidates: standing.map {
                        "\(lexicon.brands[$0.brand].name) \(lexicon.brands[$0.brand].models[$0.model].name)"
                    }))
                    confidence *= 0.6
                }
                break
            }
        }
        guard brandIndex != nil || modelTarget != nil else { return nil }

        var mention = VehicleMention()
        if let brandIndex {
            mention.brand = lexicon.brands[brandIndex].name
            if let brandMatch, brandMatch.isFuzzy {
                assumptions.append(.spellingCorrected(written: brandMatch.written, readAs: lexicon.brands[brandIndex].name))
                confidence *= 0.8
            }
        }
        if let modelTarget {
            let brand = lexicon.brands[modelTarget.brand]
            mention.model = brand.models[modelTarget.model].name
            if brandIndex == nil {
                mention.brand = brand.name
                assumptions.insert(.brandFromModel(brand: brand.name), at: 0)
                confidence *= 0.85
            }
            if let modelMatch, modelMatch.isFuzzy {
                assumptions.append(.spellingCorrected(written: modelMatch.written, readAs: brand.models[modelTarget.model].name))
                confidence *= 0.8
            }
        }
        if let year {
            mention.year = year.year
            if let short = year.shortForm {
                assumptions.append(.centuryAdded(written: short, year: year.year))
                confidence *= 0.9
            }
        }
        mention.assumptions = assumptions
        mention.confidence = (confidence * 100).rounded() / 100
        return mention
    }
}
