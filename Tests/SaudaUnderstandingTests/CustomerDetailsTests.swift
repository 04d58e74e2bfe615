import Foundation
import SaudaUnderstanding
import Testing

/// Names, phone numbers and cities from what customers write.
@Suite struct CustomerDetailsTests {
    @Test(arguments: [
        ("+7 701 123 45 67", "+77011234567"),
        ("8 701 1234567", "+77011234567"),
        ("87011234567", "+77011234567"),
        ("8(701)123-45-67", "+77011234567"),
        ("мой номер 701 123 45 67", "+77011234567"),
        ("Мой номер +7 701 111 22 33", "+77011112233"),
        ("камри 2022 87011234567", "+77011234567"),
        ("+79161234567", "+79161234567"),
    ])
    func phones(text: String, number: String) {
        #expect(PhoneFinder.first(in: text)?.number == number, "\(text)")
    }

    @Test func numbersThatAreNotPhones() {
        for text in ["Camry 2022", "8 500 сом", "21 000 тенге", "борты 5 см", "заказ 12345", "+1 202 555 0100"] {
            #expect(PhoneFinder.first(in: text) == nil, "\(text)")
        }
    }

    @Test(arguments: [
        ("Да, меня зовут Азамат", "Азамат"),
        ("меня зовут азамат", "Азамат"),
        ("Меня зовут Азамат, телефон +7 701 123 45 67, город Алматы", "Азамат"),
        ("Азамат", "Азамат"),
        ("это Айгерим", "Айгерим"),
        ("Здравствуйте, это Ерлан", "Ерлан"),
        ("Я Бекзат, хочу коврики", "Бекзат"),
        ("Менің атым Азамат", "Азамат"),
        ("my name is John", "John"),
        ("Моё имя Динара", "Динара"),
    ])
    func names(text: String, name: String) {
        #expect(NameFinder().name(in: text) == name, "\(text)")
    }

    @Test func wordsThatAreNotNames() {
        for text in ["Привет", "Понял", "Да", "Это дорого", "Оформляйте заказ", "Хочу коврики", "как вас зовут?",
                     "Спасибо", "это хорошо"] {
            #expect(NameFinder().name(in: text) == nil, "\(text)")
        }
    }

    @Test(arguments: [
        ("город Алматы", "Алматы"),
        ("Сколько стоит доставка в Астану?", "Астана"),
        ("доставка по алмате", "Алматы"),
        ("я из Шымкента", "Шымкент"),
        ("в Караганду отправите?", "Караганда"),
        ("how much is delivery to Shymkent?", "Шымкент"),
        ("мы в Усть-Каменогорске", "Усть-Каменогорск"),
        ("Питер", "Санкт-Петербург"),
        ("доставка в Москве", "Москва"),
        ("в Бишкек", "Бишкек"),
    ])
    func cities(text: String, city: String) {
        #expect(CityTable.standard.city(in: text) == city, "\(text)")
    }

    @Test func aBusinessBringsItsOwnCities() throws {
        let table = CityTable(cities: [.init("Каскелен", aliases: ["kaskelen"])])
        #expect(table.city(in: "доставка в Каскелен") == "Каскелен")
        #expect(table.city(in: "в Алматы") == nil)
        let decoded = try JSONDecoder().decode(CityTable.self, from: JSONEncoder().encode(table))
        #expect(decoded == table)
        #expect(decoded.city(in: "Kaskelen") == "Каскелен")
    }

    @Test func wordsThatAreNotCities() {
        for text in ["для всех семей", "он орал", "Привет", "коврики на камри"] {
            #expect(CityTable.standard.city(in: text) == nil, "\(text)")
        }
    }
}

/// The three details read together.
@Suite struct CustomerDetailsReadingTests {
    @Test func allThreeAtOnce() {
        let details = CustomerDetails.read("Меня зовут Азамат, телефон +7 701 123 45 67, город Алматы")
        #expect(details == CustomerDetails(name: "Азамат", phone: "+77011234567", city: "Алматы"))
        #expect(CustomerDetails.read("Привет").isEmpty)
        #expect(CustomerDetails.read("Айгерим 87017654321").phone == "+77017654321")
    }
}
