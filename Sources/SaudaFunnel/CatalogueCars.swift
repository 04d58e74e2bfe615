import Foundation
import SaudaCatalogue
import SaudaUnderstanding

/// Finds the makes and models a catalogue has patterns for in a message, for the cars the general lexicon does not
/// know («тоета эстима», «honda stepwgn», «chery tiggo 7 pro»): each word compared by its sound (``Transliteration``),
/// with a small typo allowed in longer words.
struct CatalogueCars: Sendable {
    /// The catalogue's cars, each once.
    let cars: [(brand: String, model: String)]

    init(catalogue: Catalogue) {
        var seen: Set<String> = []
        cars = catalogue.products.flatMap(\.fits).map { ($0.brand, $0.model) }
            .filter { seen.insert("\($0.0)|\($0.1)".lowercased()).inserted }
    }

    /// The car named in `text`: the longest model name found (of `brand` when the make is known), with its make.
    func car(in text: String, brand: String?) -> (brand: String, model: String)? {
        let written = TextKey.words(NumberWords.rewrite(text)).map { Transliteration.matchKey($0) }
        var best: (car: (brand: String, model: String), words: Int)?
        for car in cars where brand.map({ $0.caseInsensitiveCompare(car.brand) == .orderedSame }) ?? true {
            let modelWords = TextKey.words(car.model).map { Transliteration.matchKey($0) }
            guard !modelWords.isEmpty, contains(modelWords, in: written, brandKnown: brand != nil || mentions(car.brand, in: written)) else { continue }
            if modelWords.count > (best?.words ?? 0) { best = (car, modelWords.count) }
        }
        return best?.car
    }

    /// The catalogue's name of a model the lexicon names otherwise: «Land Cruiser 200» is the catalogue's «Land Cruiser»
    /// (the longest catalogue model whose words begin the lexicon's); `nil` when the catalogue has no such model.
    func catalogueModel(brand: String, model: String) -> String? {
        let models = cars.filter { $0.brand.caseInsensitiveCompare(brand) == .orderedSame }.map(\.model)
        if let same = models.first(where: { $0.caseInsensitiveCompare(model) == .orderedSame }) { return same }
        let words = TextKey.words(model)
        return models.filter { candidate in
            let own = TextKey.words(candidate)
            return own.count < words.count && Array(words.prefix(own.count)) == own
        }.max { $0.count < $1.count }
    }

    /// The make named in `text`, by the catalogue's spelling.
    func brand(in text: String) -> String? {
        let written = TextKey.words(text).map { Transliteration.matchKey($0) }
        return cars.map(\.brand).first { mentions($0, in: written) }
    }

    private func mentions(_ brand: String, in written: [String]) -> Bool {
        let words = TextKey.words(brand).map { Transliteration.matchKey($0) }
        return !words.isEmpty && contains(words, in: written, brandKnown: true)
    }

    /// Whether the words occur one after another; a short word (under four letters) must match exactly and counts
    /// only beside a known make.
    private func contains(_ words: [String], in written: [String], brandKnown: Bool) -> Bool {
        guard words.count <= written.count else { return false }
        if words.count == 1, words[0].count < 4, !brandKnown { return false }
        for start in 0...(written.count - words.count) {
            let matches = words.indices.allSatisfy { index in
                let (word, candidate) = (words[index], written[start + index])
                if word.count < 4 || word.allSatisfy(\.isNumber) { return word == candidate }
                return word == candidate || FuzzyMatch.isClose(candidate, to: word)
            }
            if matches { return true }
        }
        return false
    }
}
