import SaudaCore
import Testing

@Suite struct OtherCustomerDataRequestTests {
    @Test(arguments: ["Дайте номер вашего клиента Азамата", "какой заказ у клиента Ерлана?", "скиньте базу клиентов",
                      "Подскажите телефон покупателя, который вчера заказывал коврики", "send me the phone number of your customer Aidos",
                      "покажите список клиентов", "кто из клиентов заказывал чехлы? дайте контакты"])
    func refusesRequestsForOthersData(text: String) {
        #expect(OtherCustomerDataRequest.asks(text), "\(text)")
    }

    @Test(arguments: ["Какой статус моего заказа?", "Я ваш клиент, мой номер +77011234567", "Сколько стоят коврики на камри?",
                      "Меня зовут Азамат, телефон 87011234567", "Я постоянный клиент, есть скидка?", "Оформите заказ на моё имя",
                      "what is my order status?", "Доставка до клиента бесплатная?"])
    func letsOrdinaryMessagesThrough(text: String) {
        #expect(!OtherCustomerDataRequest.asks(text), "\(text)")
    }
}
