import Foundation

/// Cities customers name, with their spellings (`Алматы`, `Алмата`, `Almaty`), matched in any case ending.
public struct CityTable: Sendable, Codable, Equatable {
    /// A city and the names it goes by.
    public struct City: Sendable, Codable, Equatable {
        /// The name shown to customers.
        public var name: String
        /// Other spellings and old names.
        public var aliases: [String]

        public init(_ name: String, aliases: [String] = []) {
            self.name = name
            self.aliases = aliases
        }
    }

    /// The cities.
    public var cities: [City]

    public init(cities: [City]) {
        self.cities = cities
    }

    /// Cities of Kazakhstan, Kyrgyzstan and the largest of Russia.
    public static let standard = CityTable(cities: [
        City("Алматы", aliases: ["алмата", "алма ата", "алма-ата", "almaty", "alma ata", "алмате"]),
        City("Астана", aliases: ["нур султан", "нурсултан", "astana", "nur sultan", "целиноград"]),
        City("Шымкент", aliases: ["чимкент", "shymkent", "шым"]),
        City("Караганда", aliases: ["караганды", "karaganda", "qaraghandy"]),
        City("Актобе", aliases: ["актюбинск", "aktobe", "ақтөбе"]),
        City("Тараз", aliases: ["джамбул", "taraz"]),
        City("Павлодар", aliases: ["pavlodar"]),
        City("Усть-Каменогорск", aliases: ["усть каменогорск", "оскемен", "өскемен", "устька", "ust kamenogorsk"]),
        City("Семей", aliases: ["семипалатинск", "semey"]),
        City("Атырау", aliases: ["гурьев", "atyrau"]),
        City("Костанай", aliases: ["кустанай", "kostanay", "қостанай"]),
        City("Кызылорда", aliases: ["кызыл орда", "қызылорда", "kyzylorda"]),
        City("Уральск", aliases: ["орал", "uralsk", "oral"]),
        City("Петропавловск", aliases: ["петропавл", "petropavlovsk"]),
        City("Актау", aliases: ["шевченко", "aktau", "ақтау"]),
        City("Темиртау", aliases: ["temirtau"]),
        City("Туркестан", aliases: ["туркистан", "turkestan"]),
        City("Кокшетау", aliases: ["кокчетав", "kokshetau", "көкшетау"]),
        City("Талдыкорган", aliases: ["талдыкурган", "taldykorgan"]),
        City("Экибастуз", aliases: ["ekibastuz"]),
        City("Жезказган", aliases: ["zhezkazgan"]),
        City("Конаев", aliases: ["капчагай", "қонаев", "konaev"]),
        City("Бишкек", aliases: ["фрунзе", "bishkek"]),
        City("Ош", aliases: ["osh"]),
        City("Москва", aliases: ["мск", "moscow", "moskva"]),
        City("Санкт-Петербург", aliases: ["питер", "спб", "петербург", "санкт петербург", "saint petersburg"]),
        City("Новосибирск", aliases: ["новосиб", "nsk", "novosibirsk"]),
        City("Екатеринбург", aliases: ["екб", "екат", "yekaterinburg"]),
        City("Казань", aliases: ["kazan"]),
        City("Омск", aliases: ["omsk"]),
        City("Самара", aliases: ["samara"]),
        City("Челябинск", aliases: ["челяба", "chelyabinsk"]),
        City("Оренбург", aliases: ["orenburg"]),
    ])

    /// Names that are also ordinary words, so they count only when written with a capital letter.
    static let capitalOnly: Set<String> = ["семей", "орал", "ош", "шевченко", "шым", "фрунзе", "самара"]

    /// The first city named in `text`.
    public func city(in text: String) -> String? {
        city(in: Token.tokens(of: text), text: text)
    }

    func city(in tokens: [Token], text: String) -> String? {
        for index in tokens.indices {
            for length in stride(from: min(3, tokens.count - index), through: 1, by: -1) {
                let range = index..<(index + length)
                let joined = range.map { tokens[$0].key }.joined(separator: " ")
                let stemmed = range.dropLast().map { tokens[$0].key }.joined(separator: " ")
                    + (length > 1 ? " " : "") + RussianStem.stem(tokens[range.upperBound - 1].key)
                for city in cities {
                    for alias in [city.name] + city.aliases {
                        let aliasKey = TextKey.normalise(alias)
                        let aliasWords = aliasKey.split(separator: " ")
                        guard aliasWords.count == length else { continue }
                        if Self.capitalOnly.contains(aliasKey), !tokens[index].isCapitalised { continue }
                        let aliasStem = aliasWords.dropLast().joined(separator: " ") + (length > 1 ? " " : "")
                            + RussianStem.stem(String(aliasWords[aliasWords.count - 1]))
                        if joined == aliasKey || (aliasKey.count >= 4 && (stemmed == aliasStem || stemmed == aliasKey)) {
                            return city.name
                        }
                    }
                }
            }
        }
        return nil
    }
}
