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

    /// One spelling of a city, prepared for matching.
    struct Spelling: Sendable, Equatable {
        let city: String
        let key: String
        let stem: String
        let wordCount: Int
        let capitalOnly: Bool
    }

    /// The cities.
    public let cities: [City]
    /// Every spelling, keyed by its word count, prepared once.
    let spellings: [Int: [Spelling]]

    public init(cities: [City]) {
        self.cities = cities
        var spellings: [Int: [Spelling]] = [:]
        for city in cities {
            for alias in [city.name] + city.aliases {
                let key = TextKey.normalise(alias)
                let words = key.split(separator: " ").map(String.init)
                guard let last = words.last else { continue }
                let stem = (words.dropLast() + [RussianStem.stem(last)]).joined(separator: " ")
                spellings[words.count, default: []].append(Spelling(city: city.name, key: key, stem: stem, wordCount: words.count,
                                                                    capitalOnly: Self.capitalOnly.contains(key)))
            }
        }
        self.spellings = spellings
    }

    enum CodingKeys: String, CodingKey {
        case cities
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(cities: try container.decode([City].self, forKey: .cities))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cities, forKey: .cities)
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
                guard let candidates = spellings[length] else { continue }
                let range = index..<(index + length)
                let words = range.map { tokens[$0].key }
                let joined = words.joined(separator: " ")
                let stemmed = (words.dropLast() + [RussianStem.stem(words[words.count - 1])]).joined(separator: " ")
                for spelling in candidates {
                    if spelling.capitalOnly, !tokens[index].isCapitalised { continue }
                    if joined == spelling.key
                        || (spelling.key.count >= 4 && (stemmed == spelling.stem || stemmed == spelling.key)) {
                        return spelling.city
                    }
                }
            }
        }
        return nil
    }
}
