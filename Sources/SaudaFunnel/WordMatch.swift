import Foundation
import SaudaUnderstanding

/// Compares the words a customer wrote with the words of catalogue names, whatever the case ending, the alphabet or
/// a small typo: «коврики ева» meets «EVA коврики», «чехол» meets «Чехлы», «органайзер» meets «Органайзеры».
enum WordMatch {
    /// Words that say nothing about which item is meant.
    static let ignored: Set<String> = [
        "в", "на", "и", "с", "со", "для", "по", "из", "к", "у", "о", "а", "the", "a", "an", "for", "of", "and", "with", "in", "to",
        "—", "-", "мне", "нужно", "нужны", "нужен", "нужна", "хочу", "хотел", "хотела", "бы", "есть", "ли", "можно", "какие", "какой",
        "сколько", "стоит", "цена", "i", "need", "want", "how", "much",
    ]

    /// The significant words of `text`, each as its comparison key.
    static func keys(_ text: String) -> [String] {
        TextKey.words(text).filter { !ignored.contains($0) }.map(key)
    }

    /// The comparison key of one lowercased word: its stem, in Latin letters with sounds folded.
    static func key(_ word: String) -> String {
        Transliteration.matchKey(RussianStem.stem(word))
    }

    /// Whether two keys name the same word: a common beginning of at least four letters (three for short words) or a
    /// small typo.
    static func same(_ first: String, _ second: String) -> Bool {
        if first == second { return true }
        let shorter = min(first.count, second.count)
        if shorter >= 3 {
            let prefix = min(shorter, 5)
            if shorter >= 4 || first.count == second.count, first.prefix(prefix) == second.prefix(prefix) { return true }
        }
        return shorter >= 5 && FuzzyMatch.isClose(first, to: second)
    }

    /// How many of the significant words of `name` occur among `written` keys (digits must be equal).
    static func score(of name: String, in written: [String]) -> Int {
        keys(name).reduce(0) { count, word in
            let isNumber = word.allSatisfy(\.isNumber)
            return count + (written.contains { isNumber ? $0 == word : same($0, word) } ? 1 : 0)
        }
    }

    /// The one item whose name scores best in `text`, `nil` when none scores or two score the same.
    static func best<Item>(_ items: [Item], in text: String, name: (Item) -> String) -> Item? {
        let written = keys(text)
        let scored = items.map { (item: $0, score: score(of: name($0), in: written)) }.filter { $0.score > 0 }
        guard let top = scored.max(by: { $0.score < $1.score }) else { return nil }
        return scored.filter { $0.score == top.score }.count == 1 ? top.item : nil
    }

    /// The numbers 1…`count` the text chooses: «2», «1 и 3», «1, 3», «второй»; empty when it names none or another.
    static func numbers(in text: String, count: Int) -> [Int] {
        let words = TextKey.words(NumberWords.rewrite(text))
        let ordinals = ["перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "first": 1, "second": 2, "third": 3]
        var chosen: [Int] = []
        for word in words {
            var number = Int(word)
            if number == nil { number = ordinals.first { word.hasPrefix($0.key) }?.value }
            guard let number else { continue }
            guard (1...count).contains(number) else { return [] }
            if !chosen.contains(number) { chosen.append(number) }
        }
        return chosen
    }

    /// Whether the whole text is just a choice by number («2», «2.», «номер 2», «1 и 3»).
    static func isOnlyNumbers(_ text: String) -> Bool {
        let words = TextKey.words(text).filter { !["и", "and", "номер", "вариант", "no", "пункт"].contains($0) }
        return !words.isEmpty && words.allSatisfy { Int($0) != nil }
    }
}
