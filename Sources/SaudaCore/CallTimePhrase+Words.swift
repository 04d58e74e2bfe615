/// The words of numbers, hours, weekdays and months the reader knows.
extension PhraseReader {
    /// A number said in digits or in a word: «15», «три», «пару», «eleven».
    static func number(_ word: String) -> Int? {
        if let value = Int(word) { return value }
        return numberWords[word]
    }

    /// A number at `index` said in one or two words («сорок пять», «twenty five»): its value and its length in words.
    static func numberPhrase(_ words: [String], at index: Int) -> (Int, Int)? {
        guard words.indices.contains(index), let value = number(words[index]) else { return nil }
        let isTens = value >= 20 && value <= 90 && value % 10 == 0 && numberWords[words[index]] != nil
        if isTens, words.indices.contains(index + 1), let units = numberWords[words[index + 1]], (1...9).contains(units),
           !["a", "an", "пару", "пара"].contains(words[index + 1]) {
            return (value + units, 2)
        }
        return (value, 1)
    }

    static let numberWords: [String: Int] = [
        "один": 1, "одну": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
        "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14,
        "пятнадцать": 15, "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19, "двадцать": 20,
        "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60, "семьдесят": 70, "восемьдесят": 80, "девяносто": 90,
        "пару": 2, "пара": 2,
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
        "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "a": 1, "an": 1,
    ]

    /// An hour in the genitive or the dative, as «после», «около», «в районе» and «к» ask: «шести», «трём», «часу».
    static let hourInCase: [String: Int] = [
        "часу": 1, "двух": 2, "двум": 2, "трех": 3, "трем": 3, "четырех": 4, "четырем": 4, "пяти": 5, "шести": 6, "семи": 7,
        "восьми": 8, "девяти": 9, "десяти": 10, "одиннадцати": 11, "двенадцати": 12,
    ]

    /// The hour an ordinal in the genitive names («третьего» is 3): the hour whose half «пол-» means.
    static func ordinalHour(_ word: String) -> Int? {
        ordinalHours.first { word.hasPrefix($0.stem) }?.hour
    }

    private static let ordinalHours: [(stem: String, hour: Int)] = [
        ("первого", 1), ("второго", 2), ("третьего", 3), ("четвертого", 4), ("пятого", 5), ("шестого", 6), ("седьмого", 7),
        ("восьмого", 8), ("девятого", 9), ("десятого", 10), ("одиннадцатого", 11), ("двенадцатого", 12),
    ]

    /// Gregorian weekday (1 = Sunday) of a weekday word in the forms a client uses.
    static func weekday(_ word: String) -> Int? {
        weekdays[word]
    }

    private static let weekdays: [String: Int] = {
        var table: [String: Int] = [:]
        let forms: [(Int, [String])] = [
            (2, ["понедельник", "понедельника", "понедельнику", "пн", "monday", "mon", "дүйсенбі", "дуйсенби"]),
            (3, ["вторник", "вторника", "вторнику", "вт", "tuesday", "tue", "tues", "сейсенбі", "сейсенби"]),
            (4, ["среда", "среду", "среды", "ср", "wednesday", "wed", "сәрсенбі", "сарсенби"]),
            (5, ["четверг", "четверга", "четвергу", "чт", "thursday", "thu", "thurs", "бейсенбі", "бейсенби"]),
            (6, ["пятница", "пятницу", "пятницы", "пт", "friday", "fri", "жұма", "жума"]),
            (7, ["суббота", "субботу", "субботы", "сб", "saturday", "сенбі", "сенби"]),
            (1, ["воскресенье", "воскресенья", "вс", "sunday", "жексенбі", "жексенби"]),
        ]
        for (weekday, words) in forms { for word in words { table[word] = weekday } }
        return table
    }()

    /// Month number of a month word («октября», «октябре», «october», «oct»).
    static func month(_ word: String) -> Int? {
        // Compared on UTF-8 bytes: every word of every message passes here, and `hasPrefix` on `String`
        // (canonical equivalence) cost more than the rest of the reading.
        if word == "мая" || word == "май" || word == "мае" { return 5 }
        let length = word.unicodeScalars.count
        if let index = russianMonthStems.firstIndex(where: { $0.stem != "ма" && word.utf8.starts(with: $0.stem.utf8) && length <= $0.length + 3 }) {
            return index + 1
        }
        if length >= 3, length <= 9, let index = englishMonthStems.firstIndex(where: { word.utf8.starts(with: $0.utf8) }) { return index + 1 }
        return nil
    }

    private static let russianMonthStems = ["январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"]
        .map { (stem: $0, length: $0.unicodeScalars.count) }
    private static let englishMonthStems = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
}
