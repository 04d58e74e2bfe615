import SaudaCatalogue
import SaudaCore
import SaudaUnderstanding

/// Reads which of a product's options a customer chose: by number («1», «1 и 3»), in words («с бортами пять
/// сантиметров» is «Борты 5 см»), or none («без опций», «нет»).
struct OptionChooser: Sendable {
    let product: Product

    /// What the text says about the options.
    enum Choice: Equatable {
        /// These options (by catalogue name); empty for none.
        case chosen([String])
        /// Words that fit several options of different sizes, e.g. «с бортами» for «Борты 5 см» and «Борты 10 см».
        case ambiguous([String])
        /// Nothing about the options.
        case unread
    }

    /// «5см» as «5 см»: a number and the word written after it apart.
    static func separatingUnits(_ text: String) -> String {
        var result = ""
        var previous: Character?
        for character in text {
            if let previous, previous.isNumber != character.isNumber, previous.isLetter || character.isLetter { result.append(" ") }
            result.append(character)
            previous = character
        }
        return result
    }

    static let noneWords: Set<String> = ["без", "ничего", "не", "нет", "no", "none", "nothing", "without", "стандарт", "стандартные",
                                         "обычные", "базовые", "базовый"]

    /// - Parameter sizeAlone: whether a size without the option's words («10 см») chooses (the answer to «5 или 10 см?»).
    func choice(in text: String, sizeAlone: Bool = false) -> Choice {
        let options = product.options
        guard !options.isEmpty else { return .unread }
        if WordMatch.isOnlyNumbers(text) {
            let numbers = WordMatch.numbers(in: text, count: options.count)
            if !numbers.isEmpty { return .chosen(numbers.map { options[$0 - 1].name }) }
            guard sizeAlone else { return .unread }
        }
        let rewritten = Self.separatingUnits(NumberWords.rewrite(text))
        let written = WordMatch.keys(rewritten)
        let tokens = TextKey.words(rewritten)
        let writtenNumbers = Set(tokens.filter { $0.allSatisfy(\.isNumber) })
        // «без бортов» names the borders to leave them out.
        let negated = tokens.indices.dropLast().filter { ["без", "without"].contains(tokens[$0]) }.map { WordMatch.key(tokens[$0 + 1]) }
        var chosen: [String] = []
        var ambiguous: [String] = []
        for option in options {
            let words = TextKey.words(option.name)
            let letters = words.filter { !$0.allSatisfy(\.isNumber) && !["см", "мм", "cm", "mm"].contains($0) && !WordMatch.ignored.contains($0) }
            let numbers = Set(words.filter { $0.allSatisfy(\.isNumber) })
            let matched = letters.contains { letter in
                let key = WordMatch.key(letter)
                return written.contains { WordMatch.same($0, key) } && !negated.contains { WordMatch.same($0, key) }
            }
            guard matched else { continue }
            if numbers.isEmpty || numbers.isSubset(of: writtenNumbers) {
                chosen.append(option.name)
            } else if writtenNumbers.isEmpty {
                ambiguous.append(option.name)
            }
        }
        if !chosen.isEmpty { return .chosen(chosen) }
        // «10 см» after «Борты 5 см или Борты 10 см?»: the size alone picks the one option of that size.
        if sizeAlone, !writtenNumbers.isEmpty {
            let sized = options.filter { option in
                let numbers = Set(TextKey.words(option.name).filter { $0.allSatisfy(\.isNumber) })
                return !numbers.isEmpty && numbers.isSubset(of: writtenNumbers)
            }
            if sized.count == 1 { return .chosen(sized.map(\.name)) }
        }
        if ambiguous.count == 1 { return .chosen(ambiguous) }
        if ambiguous.count > 1 { return .ambiguous(ambiguous) }
        let words = TextKey.words(text)
        if !words.isEmpty, words.count <= 4, words.contains(where: Self.noneWords.contains) || ReplyIntent.of(text) == .no {
            return .chosen([])
        }
        return .unread
    }
}
