import Foundation
import SaudaCore

/// The style rules of the sales prompt (`Prompts/sales_agent.mustache`), enforced on every sales reply after the model
/// wrote it: at most four sentences, at most two emoji, the polite «Вы» written with a capital, and no discount or
/// percentage the knowledge passages given to the model do not mention, and no price that neither they, the tools'
/// results nor the customer gave (prices and availability come only from the business's own data).
struct ReplyStyle {
    /// The most sentences a reply keeps.
    static let maximumSentences = 4
    /// The most emoji a reply keeps.
    static let maximumEmoji = 2

    /// What the rules changed, for the log.
    struct Changes: OptionSet {
        let rawValue: Int
        static let shortened = Changes(rawValue: 1)
        static let emojiRemoved = Changes(rawValue: 2)
        static let politeFormCapitalised = Changes(rawValue: 4)
        static let unbackedOfferRemoved = Changes(rawValue: 8)
        static let unbackedPriceRemoved = Changes(rawValue: 16)
    }

    /// What replaces a reply whose every sentence named a price no source gave.
    static let unbackedPriceFallback = "Точную цену уточню и сразу сообщу Вам."

    /// Applies the rules to `text`, given the knowledge the model saw.
    /// - Parameter conversation: what the customer wrote in the turn (an amount the customer named may be repeated).
    static func enforce(_ text: String, knowledge: String, conversation: String = "") -> (text: String, changes: Changes) {
        var changes: Changes = []
        var sentences = split(text)
        // A price only as the knowledge, a tool or the customer gave it: a sentence quoting any other amount goes.
        let backed = amounts(in: knowledge + "\n" + conversation)
        let priced = sentences.filter { quotedPrices(in: $0).allSatisfy(backed.contains) }
        if priced.count < sentences.count {
            sentences = priced.isEmpty ? [unbackedPriceFallback] : priced
            changes.insert(.unbackedPriceRemoved)
        }
        // A discount or a percentage only when the knowledge base speaks of one; «скидок нет» is an honest answer.
        let knowledgeOffers = mentionsOffer(knowledge)
        if !knowledgeOffers {
            let kept = sentences.filter { !mentionsOffer($0) || isNegated($0) }
            if kept.count < sentences.count, !kept.isEmpty {
                sentences = kept
                changes.insert(.unbackedOfferRemoved)
            }
        }
        // At most four sentences; a question among the dropped ones replaces the last kept one, so the reply
        // still ends with the question the sales prompt asks for.
        if sentences.count > maximumSentences {
            let question = sentences.dropFirst(maximumSentences).last { $0.hasSuffix("?") }
            sentences = Array(sentences.prefix(maximumSentences))
            if let question, sentences.last?.hasSuffix("?") != true { sentences[maximumSentences - 1] = question }
            changes.insert(.shortened)
        }
        // The text is rebuilt only when sentences went: otherwise its own line breaks and lists stay.
        var result = changes.isEmpty ? text : sentences.joined(separator: " ")
        // At most two emoji, counted as the reader sees them (a flag or a skin tone is one): the later ones go.
        var seen = 0
        var kept: [Character] = []
        for character in result {
            if character.unicodeScalars.contains(where: TextAnalysis.isEmoji) {
                seen += 1
                if seen > maximumEmoji { continue }
            }
            kept.append(character)
        }
        if seen > maximumEmoji {
            result = TextAnalysis.trimmed(String(kept).replacingOccurrences(of: "  ", with: " "))
            changes.insert(.emojiRemoved)
        }
        // «вы», «вас», «вам», «ваш…» written with a capital, as the prompts write them.
        let polite = capitalisePoliteForms(result)
        if polite != result {
            result = polite
            changes.insert(.politeFormCapitalised)
        }
        return (result, changes)
    }

    /// Whether `text` speaks of a discount, a promotion or a percentage (whole words: «фракция» is no «акция»).
    static func mentionsOffer(_ text: String) -> Bool {
        let words = TextAnalysis.tokens(text)
        return text.contains("%") || words.contains { word in
            word.hasPrefix("скидк") || ["акция", "акции", "акцию", "акцией", "акциям", "discount", "discounts", "promo", "promotion"].contains(word)
        }
    }

    /// A number as written in prices: digits, maybe grouped by thousands with spaces («18 000», «8 500»).
    static let number = #"\d{1,3}(?:[ \u00A0\u202F]\d{3})+|\d+"#
    static let numberPattern = try? NSRegularExpression(pattern: number)
    static let pricePattern = try? NSRegularExpression(
        pattern: "(" + number + #")(?:[.,]\d+)?\s*(?:сом\w*|тенге|тг|₸|руб\w*|₽|kzt|kgs|rub|som|tenge)(?![\p{L}])"#,
        options: [.caseInsensitive])

    /// Every number of `text`, its grouping spaces removed.
    static func amounts(in text: String) -> Set<String> {
        guard let numberPattern else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return Set(numberPattern.matches(in: text, range: range).compactMap { match in
            Range(match.range, in: text).map { digits(text[$0]) }
        })
    }

    /// The amounts `text` quotes as prices (a number followed by a currency), their grouping spaces removed.
    static func quotedPrices(in text: String) -> [String] {
        guard let pricePattern else { return [] }
        let range = NSRange(text.startIndex..., in: text)
        return pricePattern.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { digits(text[$0]) }
        }
    }

    static func digits(_ text: Substring) -> String { String(text.filter(\.isNumber)) }

    /// «Скидок нет», «no discounts»: an offer denied, not made.
    static func isNegated(_ sentence: String) -> Bool {
        let words = Set(TextAnalysis.tokens(sentence))
        return !words.isDisjoint(with: ["нет", "не", "no", "not", "без"])
    }


    /// Sentences of `text`, each with its final punctuation.
    static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            current.append(character)
            let next = text.index(after: index)
            let following = text[next...].first { $0 != " " && $0 != "\n" }
            // The word the point ends: an abbreviation («г.», «ул.», «т.е.») or a list number («1.») ends no sentence.
            let word = current.dropLast().split(whereSeparator: { $0 == " " || $0 == "\n" }).last.map { $0.lowercased() } ?? ""
            let line = current.dropLast().split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let listNumber = !word.isEmpty && word.allSatisfy(\.isNumber) && line == word
            let abbreviation = character == "." && (Self.abbreviations.contains(word) || listNumber)
            if ".!?".contains(character), next == text.endIndex || text[next] == " " || text[next] == "\n",
               following?.isLowercase != true, !abbreviation {
                // «2.5» and «т.е. плотный» stay inside the sentence: end punctuation counts when a space and no
                // lowercase word follow.
                let sentence = TextAnalysis.trimmed(current)
                if !sentence.isEmpty { sentences.append(sentence) }
                current = ""
            }
            index = next
        }
        let rest = TextAnalysis.trimmed(current)
        if !rest.isEmpty { sentences.append(rest) }
        return sentences
    }

    static let abbreviations: Set<String> = ["г", "ул", "д", "пр", "просп", "им", "т.е", "т.д", "т.п", "т.к", "руб", "тг", "см", "мм",
                                             "кв", "стр", "тел", "e.g", "i.e", "etc", "mr", "mrs", "dr"]

    static func capitalisePoliteForms(_ text: String) -> String {
        var words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        for (index, word) in words.enumerated() {
            let letters = word.prefix { $0.isLetter }
            let lower = letters.lowercased()
            guard ["вы", "вас", "вам", "вами"].contains(lower) || (lower.hasPrefix("ваш") && lower.count <= 6),
                  letters.first?.isLowercase == true else { continue }
            words[index] = "В" + word.dropFirst()
        }
        return words.joined(separator: " ")
    }
}
