import SaudaUnderstanding
import Testing

/// Cars read from what customers type: slang, transliteration, misspellings, years in words.
@Suite struct VehicleQueryTests {
    let query = VehicleQuery(currentYear: 2026)

    @Test(arguments: [
        ("Хочу коврики ева на тойоту камри две тысячи двадцать второй", "Toyota", "Camry", 2022),
        ("коврики на камри 2022", "Toyota", "Camry", 2022),
        ("Camry 2019", "Toyota", "Camry", 2019),
        ("тайота камрии 2020г", "Toyota", "Camry", 2020),
        ("крузак 200 2015 года", "Toyota", "Land Cruiser 200", 2015),
        ("на прадик 2019-го", "Toyota", "Land Cruiser Prado", 2019),
        ("Prado 150 2019", "Toyota", "Land Cruiser Prado", 2019),
        ("лэнд крузер прадо", "Toyota", "Land Cruiser Prado", nil),
        ("ленд круизер 300", "Toyota", "Land Cruiser 300", nil),
        ("кукурузер", "Toyota", "Land Cruiser", nil),
        ("солярис 2017", "Hyundai", "Solaris", 2017),
        ("хендай туксон двадцать третьего года", "Hyundai", "Tucson", 2023),
        ("Hyundai Santa Fe 2021", "Hyundai", "Santa Fe", 2021),
        ("санта-фе", "Hyundai", "Santa Fe", nil),
        ("мерс е класс", "Mercedes-Benz", "E-Class", nil),
        ("на мерседесе w222", "Mercedes-Benz", "S-Class", nil),
        ("гелик 2020", "Mercedes-Benz", "G-Class", 2020),
        ("бэха х5 2018", "BMW", "X5", 2018),
        ("BMW X5", "BMW", "X5", nil),
        ("Киа Рио 2016", "Kia", "Rio", 2016),
        ("рио 2016 года", "Kia", "Rio", 2016),
        ("спортейдж 22 года", "Kia", "Sportage", 2022),
        ("lexus lx570", "Lexus", "LX", nil),
        ("лексус рх 350", "Lexus", "RX", nil),
        ("ваз гранта", "Lada", "Granta", nil),
        ("лада веста в 21м", "Lada", "Vesta", 2021),
        ("рав 4 2021", "Toyota", "RAV4", 2021),
        ("RAV4", "Toyota", "RAV4", nil),
        ("шевроле кобальт", "Chevrolet", "Cobalt", nil),
        ("джили монжаро", "Geely", "Monjaro", nil),
        ("хавал джолион", "Haval", "Jolion", nil),
        ("Honda CR-V 2020", "Honda", "CR-V", 2020),
        ("Нужны коврики на Acura MDX", "Acura", "MDX", nil),
        ("тигуан 2018", "Volkswagen", "Tiguan", 2018),
        ("шкода октавия", "Skoda", "Octavia", nil),
        ("форд фокус", "Ford", "Focus", nil),
        ("ниссан икстрейл", "Nissan", "X-Trail", nil),
        ("камри семидесятый кузов", "Toyota", "Camry", nil),
        ("камри двадцать второй", "Toyota", "Camry", 2022),
    ] as [(String, String, String, Int?)])
    func carsAreRead(text: String, brand: String, model: String, year: Int?) throws {
        let mention = try #require(query.parse(text), "\(text)")
        #expect(mention.brand == brand, "\(text)")
        #expect(mention.model == model, "\(text)")
        #expect(mention.year == year, "\(text)")
    }

    @Test func aBrandAloneIsRead() throws {
        let mention = try #require(query.parse("есть на мерс?"))
        #expect(mention.brand == "Mercedes-Benz" && mention.model == nil)
        #expect(query.parse("на тойоту")?.brand == "Toyota")
        #expect(query.parse("хундай")?.brand == "Hyundai")
    }

    @Test func theBoldAssumptionIsRecorded() throws {
        let mention = try #require(query.parse("камри двадцать второго года"))
        #expect(mention.summary == "Toyota Camry 2022")
        #expect(mention.confirmationQuestion == "Toyota Camry 2022 — верно?")
        #expect(mention.assumptions.contains(.brandFromModel(brand: "Toyota")))
        #expect(mention.assumptions.contains(.centuryAdded(written: "22", year: 2022)))
        #expect(mention.needsConfirmation)
        #expect(mention.confidence < 1)
        let plain = try #require(query.parse("Toyota Camry 2022"))
        #expect(plain.assumptions.isEmpty && plain.confidence == 1 && !plain.needsConfirmation)
    }

    @Test func misspellingsAreCorrectedAndSaid() throws {
        let mention = try #require(query.parse("тайота"))
        #expect(mention.brand == "Toyota")
        #expect(mention.assumptions == [.spellingCorrected(written: "тайота", readAs: "Toyota")])
    }

    @Test func wordsThatOnlyLookLikeCars() {
        for text in ["Мерси!", "камень попал под коврик", "Привет", "год", "сколько стоит", "рионалдо", "Спасибо, понял",
                     "у меня школа рядом", "корона на голове", "камера заднего вида", "фокус не удался",
                     "пилот сказал", "мой жук", "Сәлеметсіз бе, кілемшелер бағасы қанша?", "Доставка в Астану",
                     "газ и вода", "с 3 детьми", "к 5 часам", "за 2000 тенге"] {
            #expect(query.parse(text) == nil, "\(text)")
        }
    }

    @Test func yearsNeedAYearContextWhenShort() {
        #expect(query.year(in: "22 год") == 2022)
        #expect(query.year(in: "в 22м") == 2022)
        #expect(query.year(in: "98 года") == 1998)
        #expect(query.year(in: "2022-го") == 2022)
        #expect(query.year(in: "две тысячи двадцать второй") == 2022)
        #expect(query.year(in: "камри двадцать второй") == 2022)
        #expect(query.year(in: "восьмидесятого года") == 1980)
        #expect(query.year(in: "крузак восьмидесятый") == nil, "a body, not 1980")
        #expect(query.year(in: "22") == nil)
        #expect(query.year(in: "год") == nil)
        #expect(query.year(in: "гарантия 2 года") == nil)
        #expect(query.year(in: "2030") == nil, "after next year")
        #expect(query.year(in: "1975") == nil, "before 1980")
        #expect(query.year(in: "2000 тенге") == nil)
    }

    @Test func ambiguousModelsSayTheyAre() throws {
        let mention = try #require(query.parse("нексия"))
        #expect(mention.brand == "Chevrolet")
        #expect(mention.assumptions.contains { if case .ambiguousModel = $0 { true } else { false } })
        #expect(query.parse("дэу нексия")?.brand == "Daewoo")
    }

    /// Everyday words of customer chats, none of which is a car.
    static let everydayWords = """
        здравствуйте добрый день вечер утро привет салам спасибо пожалуйста хорошо отлично понятно ясно
        конечно да нет можно нужно надо хочу хотел хотела хотим сколько стоит цена стоимость доставка оплата
        каспи рассрочка скидка акция подарок гарантия качество материал цвет черный серый бежевый коричневый
        красный синий коврики коврик ковры чехлы чехол органайзер накидка борты бортики багажник подпятник
        салон машина автомобиль машину авто модель марка год года кузов комплект заказ заказать оформить
        оформляйте менеджер оператор позвоните перезвоните звонок номер телефон адрес город район улица дом
        офис магазин шоурум склад сегодня завтра послезавтра суббота воскресенье понедельник утром вечером
        днем неделя месяц срок сроки быстро долго дорого дешево нормально подходит размер лекала замер
        мастер выезд установка фото видео пример отзывы инстаграм ватсап телеграм сайт ссылка каталог прайс
        меню назад система тест мама папа брат сестра жена муж сын дочь друг семья дети ребенок собака кошка
        дача работа школа садик больница аптека банк кафе ресторан камень камера корона карман кабина каюта
        поле полка полоса сорт форма норма марка морда кубок кайф вода газ снег дождь грязь песок лужа зима
        лето решил решила подумаю посоветуюсь уточню напишу перезвоню приеду заберу отправьте пришлите
        покажите скажите подскажите объясните расскажите почему когда где куда откуда зачем какой какая
        какие который чей сколько мерси хорошая новая старая большая маленькая удобно красиво
        """

    @Test func everydayWordsAreNoCars() {
        for word in Self.everydayWords.split(whereSeparator: \.isWhitespace) {
            #expect(query.parse(String(word)) == nil, "\(word)")
        }
    }
}
