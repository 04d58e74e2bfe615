import Foundation

/// Cyrillic ↔ Latin transliteration for matching brand and model names however they are typed
/// (`камри` ↔ `camry`, `тойота` ↔ `toyota`), and a phonetic matching key on which both spellings meet.
public enum Transliteration {
    /// Russian and Kazakh Cyrillic letters in a readable Latin spelling (`х` → `kh`, `я` → `ya`).
    static let readable: [Character: String] = [
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
        "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
        "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "",
        "э": "e", "ю": "yu", "я": "ya",
        "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    ]

    /// Cyrillic letters as the matching key spells them: vowels and `й`/`ы` fold to `i`, `х` to `h`.
    static let phonetic: [Character: String] = {
        var table = readable
        table["й"] = "i"
        table["ы"] = "i"
        table["х"] = "h"
        table["ю"] = "iu"
        table["я"] = "ia"
        return table
    }()

    /// Latin letter groups read back into Cyrillic, longest first.
    static let latinGroups: [(String, String)] = [
        ("shch", "щ"), ("sch", "щ"), ("kh", "х"), ("zh", "ж"), ("ch", "ч"), ("sh", "ш"), ("ts", "ц"),
        ("ya", "я"), ("yu", "ю"), ("ee", "и"), ("oo", "у"), ("ph", "ф"),
    ]
    static let latinLetters: [Character: String] = [
        "a": "а", "b": "б", "c": "к", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и", "j": "дж",
        "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р", "s": "с", "t": "т",
        "u": "у", "v": "в", "w": "в", "x": "кс", "y": "и", "z": "з",
    ]

    /// `text` with Cyrillic letters written in Latin (`"Тойота Камри"` → `"toyota kamri"`), lowercased.
    public static func latin(_ text: String) -> String {
        var result = ""
        for character in text.lowercased() {
            if let mapped = readable[character] { result += mapped } else { result.append(character) }
        }
        return result
    }

    /// `text` with Latin letters read back into Cyrillic as a Russian speaker would
    /// (`"toyota camry"` → `"тоиота камри"`), lowercased. Rough by nature: it is for matching, not display.
    public static func cyrillic(_ text: String) -> String {
        let lower = Array(text.lowercased())
        var result = ""
        var index = 0
        outer: while index < lower.count {
            for (group, letter) in latinGroups {
                let groupCharacters = Array(group)
                if index + groupCharacters.count <= lower.count,
                   Array(lower[index..<index + groupCharacters.count]) == groupCharacters {
                    result += letter
                    index += groupCharacters.count
                    continue outer
                }
            }
            let character = lower[index]
            if character == "y", index + 1 < lower.count, "aeiou".contains(lower[index + 1]) {
                result += "й"
            } else if let mapped = latinLetters[character] {
                result += mapped
            } else {
                result.append(character)
            }
            index += 1
        }
        return result
    }

    /// The key on which spellings of one name meet: Latin letters only, sounds folded
    /// (`c`/`q` → `k`, `y`/`j` → `i`, `w` → `v`, `ph` → `f`), no spaces or punctuation, doubled letters once
    /// in keys of four letters or more.
    /// `"Камри"`, `"Camry"` and `"камрии"` all give `"kamri"`; `"Тойота"` and `"Toyota"` give `"toiota"`.
    public static func matchKey(_ text: String) -> String {
        let normalised = TextKey.normalise(text)
        var latinText = ""
        for character in normalised {
            if let mapped = phonetic[character] { latinText += mapped } else if character != " " { latinText.append(character) }
        }
        var folded = ""
        let characters = Array(latinText)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "p" where next == "h":
                folded.append("f")
                index += 1
            case "c" where next == "h":
                folded += "ch"
                index += 1
            case "c", "q": folded.append("k")
            case "y", "j": folded.append("i")
            case "w": folded.append("v")
            default: folded.append(character)
            }
            index += 1
        }
        // Doubled letters count once (`камрии`, `класс`), except in the shortest names (`vw` is not `в`).
        guard folded.count >= 4 else { return folded }
        var key = ""
        for character in folded where key.last != character {
            key.append(character)
        }
        return key
    }
}
