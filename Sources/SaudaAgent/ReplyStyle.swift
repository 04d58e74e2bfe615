import Foundation
import SaudaCore

/// The seed's style rules, enforced on every sales reply after the model wrote it: at most four sentences,
/// at most two emoji, the polite «Вы» written with a capital, and no discount or percentage the knowledge
/// passages given to the model do not mention.
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
    }

    /// Applies the rules to `text`, given the knowledge the model saw.
    static func enforce(_ text: String, knowledge: String) -> (text: String, changes: Changes) {
        var changes: Changes = []
        var sentences = split(text)
        // A discount or a percentage only when the knowledge base speaks of one.
        let lowerKnowledge = knowledge.lowercased()
        let knowledgeOffers = offerWords.contains { lowerKnowledge.contains($0) } || knowledge.contains("%")
        if !knowledgeOffers {
            let kept = sentences.filter { sentence in
                let lower = sentence.lowercased()
                return !(offerWords.contains { lower.contains($0) } || sentence.contains("%"))
            }
            if kept.count < sentences.count, !kept.isEmpty {
                sentences = kept
                changes.insert(.unbackedOfferRemoved)
            }
        }
        // At most four sentences; a question among the dropped ones replaces the last kept one, so the reply
        // still ends with the question the seed asks for.
        if sentences.count > maximumSentences {
            let question = sentences.dropFirst(maximumSentences).last { $0.hasSuffix("?") }
            sentences = Array(sentences.prefix(maximumSentences))
            if let question, sentences.last?.hasSuffix("?") != true { sentences[maximumSentences - 1] = question }
            changes.insert(.shortened)
        }
        var result = sentences.joined(separator: " ")
        // At most two emoji: the later ones go.
        var seen = 0
        var trimmed = String.UnicodeScalarView()
        var removed = false
        for scalar in result.unicodeScalars {
            if isEmoji(scalar) {
                seen += 1
                if seen > maximumEmoji { removed = true; continue }
            } else if scalar == "\u{FE0F}" || scalar == "\u{200D}", seen > maximumEmoji {
                continue
            }
            trimmed.append(scalar)
        }
        if removed {
            result = String(trimmed).replacingOccurrences(of: "  ", with: " ")
            result = TextAnalysis.trimmed(result)
            changes.insert(.emojiRemoved)
        }
        // «вы», «вас», «вам», «ваш…» written with a capital, as the seed writes them.
        let polite = capitalisePoliteForms(result)
        if polite != result {
            result = polite
            changes.insert(.politeFormCapitalised)
        }
        return (result, changes)
    }

    static let offerWords = ["скидк", "акци", "дешевле на", "discount", "% off", "promo"]

    static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value > 0x2000 else { return false }
        let properties = scalar.properties
        return properties.isEmojiPresentation || (properties.isEmoji && !properties.isASCIIHexDigit)
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
            if ".!?".contains(character), next == text.endIndex || text[next] == " " || text[next] == "\n",
               following?.isLowercase != true {
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
