import SaudaUnderstanding
import Testing

/// Cyrillic and Latin spellings meeting on one key, and misspellings within reach.
@Suite struct TransliterationTests {
    @Test func spellingsMeetOnTheMatchKey() {
        #expect(Transliteration.matchKey("Камри") == Transliteration.matchKey("Camry"))
        #expect(Transliteration.matchKey("тойота") == Transliteration.matchKey("TOYOTA"))
        #expect(Transliteration.matchKey("камрии") == Transliteration.matchKey("camry"))
        #expect(Transliteration.matchKey("Рав 4") == Transliteration.matchKey("RAV4"))
        #expect(Transliteration.matchKey("е-класс") == Transliteration.matchKey("E class"))
        #expect(Transliteration.matchKey("Ёлка") == Transliteration.matchKey("елка"))
    }

    @Test func readableTransliterationBothWays() {
        #expect(Transliteration.latin("Тойота Камри") == "toyota kamri")
        #expect(Transliteration.latin("Хёндэ Солярис") == "khende solyaris")
        #expect(Transliteration.cyrillic("toyota") == "тойота")
        #expect(Transliteration.cyrillic("solaris") == "соларис")
        #expect(Transliteration.cyrillic("shkoda") == "шкода")
    }

    @Test func textKeyNormalises() {
        #expect(TextKey.normalise("  Тойота-Камри,   2022!  Ёж ") == "тойота камри 2022 еж")
        #expect(TextKey.words("Да, меня зовут Азамат") == ["да", "меня", "зовут", "азамат"])
    }

    @Test func editDistanceCountsSwapsOnce() {
        #expect(FuzzyMatch.distance("тойота", "тайота") == 1)
        #expect(FuzzyMatch.distance("camry", "carmy") == 1)
        #expect(FuzzyMatch.distance("", "abc") == 3)
        #expect(FuzzyMatch.distance("камень", "камри") == 3)
    }

    @Test func closenessDependsOnLength() {
        #expect(FuzzyMatch.isClose("тайота", to: "тойота"))
        #expect(FuzzyMatch.isClose("lendkruizer", to: "lendkruzer"))
        #expect(!FuzzyMatch.isClose("мерси", to: "мерс"), "short names must be exact")
        #expect(!FuzzyMatch.isClose("кия", to: "киа"))
        #expect(!FuzzyMatch.isClose("камень", to: "камри"))
        #expect(FuzzyMatch.similarity("abc", "abc") == 1)
    }
}
